// bench:design, in one run on a 128 × 128 patch (the bundled demo patch by default):
//  (a) the iterative design loop (mode iterative, AOI hr>0.1 recomputed every iteration, steps clipped
//      to ±0.1 m, 200 iterations) of catchment (src/design: prepareDesign + designPrepared → runDesign)
//      against the same loop in PyTorch (bench/design/peer.py: python3-torch, the same U-Net and the
//      same weights.safetensors), same threads, rounds alternating, median seconds per iteration after
//      warm-up. Both loops run with the constraints free (no smoothing, no budget, no maximum change:
//      the projection is the free-cell mask on both sides), so that they do the same work; the first
//      forward's HR must agree within 1e-4 or the bench fails.
//  (b) one design with the defaults of `catchment design` (smoothing on) against the two simulations
//      of src/design/check.ts that check it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { getNumThreads, setNumThreads } from "../../src/torch/index.js";
import { readGrid } from "../../src/geo/index.js";
import { loadSurrogateModel, SurrogateModel } from "../../src/surrogate/model-file.js";
import { defaultModelDir } from "../../src/surrogate/predict.js";
import { designSchema } from "../../src/design/config.js";
import { designPrepared, DesignResult, prepareDesign } from "../../src/design/design.js";
import { checkBySimulation, checkLine } from "../../src/design/check.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const demo = join(root, "examples", "surrogate", "demo-patch");
const SIZE = 128;
const WARMUP = 2;

const o = new Command()
  .option("--model <dir>", "surrogate model folder", defaultModelDir())
  .option("--dem <tif>", `a ${SIZE} × ${SIZE} DEM`, join(demo, "dem.tif"))
  .option("--buildings <tif>", "its building heights", join(demo, "buildings.tif"))
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--iterations <n>", "iterations of the design loop", "200")
  .option("--rounds <n>", "rounds of the loop on each side, alternating", "2")
  .option("--aoi-threshold <hr>", "the AOI is HR > this (the issue's 0.1; lower only for a dev model that predicts little water)", "0.1")
  .parse()
  .opts<{ model: string; dem: string; buildings: string; threads: string; iterations: string; rounds: string; aoiThreshold: string }>();

function fail(message: string): never {
  console.error(`bench:design: ${message}`);
  process.exit(1);
}

const threads = Number(o.threads), iterations = Number(o.iterations), rounds = Number(o.rounds), threshold = Number(o.aoiThreshold);
if (!(threshold > 0)) fail(`--aoi-threshold: expected a number above 0, got '${o.aoiThreshold}'`);
for (const [name, v] of [["--threads", threads], ["--iterations", iterations], ["--rounds", rounds]] as const)
  if (!Number.isInteger(v) || v < 1) fail(`${name}: expected a positive whole number`);
if (!existsSync(join(o.model, "model.json"))) fail(`${o.model}: no model.json (the shipped model is not there yet? give --model DIR)`);
for (const f of [o.dem, o.buildings]) if (!existsSync(f)) fail(`${f}: no such file`);
const grid = readGrid(o.dem);
if (grid.width !== SIZE || grid.height !== SIZE) fail(`${o.dem}: ${grid.width} × ${grid.height} cells; the bench is defined on ${SIZE} × ${SIZE}`);
setNumThreads(threads);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const afterWarmup = (xs: number[]) => xs.slice(Math.min(WARMUP, xs.length - 1));

let model: SurrogateModel;
try {
  model = loadSurrogateModel(o.model);
} catch (e) {
  fail((e as Error).message);
}
const out = mkdtempSync(join(tmpdir(), "bench-design-"));
process.on("exit", () => rmSync(out, { recursive: true, force: true }));
const base = { dem: o.dem, buildings: o.buildings, model: o.model, out: join(out, "design"), mode: "iterative", aoi: `hr>${threshold}`, clip: 0.1, iterations };
const loopCfg = designSchema.parse({ ...base, smoothness: 0, check: false });
let inputs: ReturnType<typeof prepareDesign>;
try {
  inputs = prepareDesign(loopCfg, "cpu", { model });
} catch (e) {
  fail((e as Error).message);
}
const { raster } = inputs;
const c = inputs.constraints;
if (!inputs.dynamicAoi || Number.isFinite(c.maxChange) || Number.isFinite(c.budget) || c.balance) fail("the timed loop should have a dynamic AOI and no constraint beyond the open cells");
const n = SIZE * SIZE;
const aoiCells = inputs.aoi.reduce((s, v) => s + v, 0);
console.log(`patch ${o.dem}: ${SIZE} × ${SIZE} cells of ${Math.abs(grid.geotransform[1])} m, used whole; model ${o.model} (U-Net base ${model.meta.arch.base} depth ${model.meta.arch.depth}); ${threads} threads; AOI hr>${threshold} holds ${aoiCells} cells at the start`);

// the inputs catchment's loop starts from, for the peer
const data = join(out, "data");
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
mkdirSync(data);
writeFileSync(join(data, "ground.f64"), bytes(inputs.ground));
writeFileSync(join(data, "mask.f32"), bytes(inputs.mask));
writeFileSync(join(data, "blocked.u8"), bytes(raster.blocked));
writeFileSync(join(data, "free.u8"), bytes(c.free));
writeFileSync(join(data, "aoi.u8"), bytes(inputs.aoi));
writeFileSync(join(data, "hr_catchment.f32"), bytes(inputs.hrBefore));

interface LoopTimes {
  perIteration: number[];
  total: number;
  objective: number[];
  stopped: string;
}

function ours(): LoopTimes & { result: DesignResult } {
  const perIteration: number[] = [];
  const t0 = performance.now();
  let last = t0;
  const result = designPrepared(loopCfg, inputs, {
    threads,
    onIteration: () => {
      const t = performance.now();
      perIteration.push((t - last) / 1000);
      last = t;
    },
  });
  const h = result.outcome.history;
  return { perIteration, total: (performance.now() - t0) / 1000, objective: h.map((r) => r.objective), stopped: result.outcome.stopped, result };
}

interface PeerOut {
  torch: string;
  threads: number;
  hr_max_abs_diff: number;
  iteration_s: number[];
  objective: number[];
  stopped: string;
}

function peer(): LoopTimes & { hrDiff: number; torch: string } {
  const args = [join(root, "bench", "design", "peer.py"), "--model", o.model, "--data", data, "--width", String(SIZE), "--height", String(SIZE), "--cell", String(Math.abs(grid.geotransform[1])), "--threads", String(threads), "--iterations", String(iterations), "--clip", "0.1", "--threshold", String(threshold)];
  let text: string;
  try {
    text = execFileSync("/usr/bin/python3", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  } catch (e) {
    fail(`the PyTorch peer failed (${(e as Error).message.split("\n")[0]})`);
  }
  const p = JSON.parse(text) as PeerOut;
  if (p.threads !== threads) fail(`the PyTorch peer runs on ${p.threads} threads, not ${threads}`);
  const total = p.iteration_s.reduce((a, b) => a + b, 0);
  return { perIteration: p.iteration_s, total, objective: p.objective, stopped: p.stopped, hrDiff: p.hr_max_abs_diff, torch: p.torch };
}

// (a) the loop, rounds alternating which side goes first
const a: number[] = [], b: number[] = [];
let first: ReturnType<typeof ours> | undefined, firstPeer: ReturnType<typeof peer> | undefined;
for (let r = 0; r < rounds; r++) {
  const sides = r % 2 === 0 ? (["pytorch", "catchment"] as const) : (["catchment", "pytorch"] as const);
  for (const side of sides) {
    if (side === "pytorch") {
      const p = peer();
      if (!firstPeer) {
        firstPeer = p;
        console.log(`first forward: max |HR catchment − HR PyTorch ${p.torch}| = ${p.hrDiff.toExponential(2)} m²/s`);
        if (!(p.hrDiff <= 1e-4)) fail(`the PyTorch network does not reproduce catchment's prediction (max abs HR difference ${p.hrDiff} > 1e-4)`);
      }
      b.push(...afterWarmup(p.perIteration));
      console.log(`  round ${r + 1} PyTorch:   ${p.perIteration.length} iterations (${p.stopped}), ${p.total.toFixed(2)} s, median ${(median(afterWarmup(p.perIteration)) * 1000).toFixed(1)} ms/iteration`);
    } else {
      const q = ours();
      first ??= q;
      a.push(...afterWarmup(q.perIteration));
      console.log(`  round ${r + 1} catchment: ${q.perIteration.length} iterations (${q.stopped}), ${q.total.toFixed(2)} s, median ${(median(afterWarmup(q.perIteration)) * 1000).toFixed(1)} ms/iteration`);
    }
  }
}
if (!first || !firstPeer || !a.length || !b.length) fail("a loop stopped before its first iteration");
// the two loops are the same computation: the same first gradient, the same objective curve
const gPeer = new Float32Array(readFileSync(join(data, "gradient_pytorch.f32")).buffer.slice(0));
const gOurs = first.result.outcome.gradient;
let gMax = 0, gDiff = 0;
for (let i = 0; i < n; i++) (gMax = Math.max(gMax, Math.abs(gOurs[i]))), (gDiff = Math.max(gDiff, Math.abs(gOurs[i] - gPeer[i])));
const objOurs = first.objective, objPeer = firstPeer.objective;
const k = Math.min(objOurs.length, objPeer.length);
const at = (xs: number[], i: number) => xs[i].toFixed(4);
console.log(`first gradient: max |dJ/dz catchment − PyTorch| / max |dJ/dz| = ${(gDiff / gMax).toExponential(2)}`);
console.log(`objective (mean HR in the starting AOI): iteration 1 ${at(objOurs, 0)} vs ${at(objPeer, 0)}, iteration ${k} ${at(objOurs, k - 1)} vs ${at(objPeer, k - 1)} (catchment vs PyTorch)`);
const ratio = median(a) / median(b);
console.log(`(a) design loop, ${SIZE} × ${SIZE}, AOI hr>${threshold} every iteration, clip 0.1 m, constraints free (no smoothing, budget or max change on either side): catchment ${(median(a) * 1000).toFixed(1)} ms/iteration, PyTorch ${(median(b) * 1000).toFixed(1)} ms/iteration, ratio ${ratio.toFixed(3)} (medians of ${a.length} and ${b.length} iterations after ${WARMUP} warm-up iterations per round)`);

// (b) one design as `catchment design` runs it by default, against the two simulations that check it
const designCfg = designSchema.parse({ ...base, check: false });
const d0 = performance.now();
const designInputs = prepareDesign(designCfg, "cpu", { model });
const designed = designPrepared(designCfg, designInputs, { threads });
const designSeconds = (performance.now() - d0) / 1000;
const s0 = performance.now();
const check = checkBySimulation(model.meta.scenario, grid, raster.ground, raster.buildings, designed.ground, designed.buildings, designInputs.aoi, designed.outcome, { threads });
const checkSeconds = (performance.now() - s0) / 1000;
console.log(`(b) one design with the defaults of catchment design (smoothness ${designCfg.smoothness}, ${designed.outcome.history.length} iterations, ${designed.outcome.stopped}; AOI and first prediction included): ${designSeconds.toFixed(2)} s; the two checking simulations (${model.meta.scenario.duration_s} s of the model's scenario each, ${threads} threads): ${checkSeconds.toFixed(2)} s (simulation ${check.simulation_seconds.toFixed(2)} s)`);
console.log(`    ${checkLine(check)}`);
console.log(`design speed: iteration_ratio=${ratio.toFixed(3)} design_over_check=${(designSeconds / checkSeconds).toFixed(3)}`);
