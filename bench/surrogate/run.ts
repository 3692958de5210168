// bench:surrogate, in one run:
//  (a) prediction against simulation of the same 512 × 512 tile of the default scenario, both timed
//      in-process with the model loaded (the CLI's start-up is timed apart);
//  (b) a training step of the surrogate U-Net against the same network, loss and Adam in PyTorch
//      (python3-torch), same threads, rounds alternating, medians after warm-up;
//  (c) dataset building: patches per minute with one patch per core against one patch at a time on
//      threads over rows.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { getNumThreads, manualSeed, optim, rand, randn, setNumThreads, tidy } from "../../src/torch/index.js";
import { simulate } from "../../src/flood/engine.js";
import { writeRaster } from "../../src/geo/index.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { defaultScenario, scenarioInput } from "../../src/surrogate/scenario.js";
import { createSurrogate } from "../../src/surrogate/models/registry.js";
import { loadSurrogateModel, SurrogateModel } from "../../src/surrogate/model-file.js";
import { defaultModelDir, predictPrepared } from "../../src/surrogate/predict.js";
import { surrogateLoss } from "../../src/surrogate/train.js";
import { buildDataset } from "../../src/surrogate/dataset/build.js";
import { datasetSchema } from "../../src/surrogate/dataset/config.js";
import { defaultEncoding } from "../../src/surrogate/encoding.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const o = new Command()
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--patches <n>", "patches per dataset-building mode", "4")
  .option("--quick", "a smoke run: a short simulation and few steps (not a measurement)")
  .parse()
  .opts<{ threads: string; patches: string; quick?: boolean }>();
const threads = Number(o.threads);
setNumThreads(threads);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function model(): SurrogateModel {
  if (existsSync(join(defaultModelDir(), "model.json"))) return loadSurrogateModel(defaultModelDir());
  manualSeed(1);
  const arch = { model: "unet", base: 16, depth: 5, norm: "group" as const };
  const net = createSurrogate(arch).freeze();
  return {
    dir: "(untrained, default architecture)",
    net,
    meta: { format: "catchment-surrogate-model", version: 1, scenario: defaultScenario, encoding: defaultEncoding, arch, domain: undefined as never, trained: undefined as never },
  };
}

// (a) prediction against simulation on a 512 × 512 tile
const m = model();
const W = 512;
const patch = generateUrbanPatch(2026, W, W, defaultScenario.cell_size_m);
const scenario = o.quick ? { ...defaultScenario, duration_s: 600 } : defaultScenario;
const t0 = performance.now();
const sim = simulate(scenarioInput(scenario, W, W, patch.ground, patch.buildings, threads));
const simSeconds = (performance.now() - t0) / 1000;
const prepared = { grid: { width: W, height: W, geotransform: [0, 2, 0, 2 * W, 0, -2] as [number, number, number, number, number, number], crs: null }, ground: patch.ground, buildings: patch.buildings, blocked: new Uint8Array(W * W), notes: [] };
predictPrepared(m, prepared); // warm-up
const predTimes = Array.from({ length: o.quick ? 1 : 5 }, () => predictPrepared(m, prepared).seconds);
const predSeconds = median(predTimes);
const dir = mkdtempSync(join(tmpdir(), "bench-surrogate-"));
const dem = join(dir, "dem.tif"), bld = join(dir, "bld.tif");
writeRaster(dem, { ...prepared.grid, crs: { wkt: "", epsg: 32632 }, bands: [{ name: "z", type: "Float32", nodata: null, data: patch.ground }] });
writeRaster(bld, { ...prepared.grid, crs: { wkt: "", epsg: 32632 }, bands: [{ name: "h", type: "Float32", nodata: null, data: patch.buildings }] });
const c0 = performance.now();
const cliArgs = [join(root, "dist", "src", "cli", "main.js"), "--threads", String(threads), "surrogate", "predict", "--dem", dem, "--buildings", bld, "--out", join(dir, "pred")];
if (m.dir !== "(untrained, default architecture)") spawnSync(process.execPath, cliArgs, { encoding: "utf8" });
const cliSeconds = (performance.now() - c0) / 1000;
console.log(`(a) 512×512 tile, ${scenario.duration_s / 3600} h of the default storm: simulation ${simSeconds.toFixed(1)} s (${sim.timeSteps} steps, ${threads} threads), surrogate ${predSeconds.toFixed(2)} s (${m.dir}); speed-up ${(simSeconds / predSeconds).toFixed(0)}x`);
if (m.dir !== "(untrained, default architecture)") console.log(`    the CLI (start-up, model load, reading and writing included): ${cliSeconds.toFixed(2)} s`);

// (b) training step against PyTorch, same network and batch
const arch = m.meta.arch;
const batch = 12;
const steps = o.quick ? 1 : 5;
const inputs = arch.inputs ?? 2;
function ours(): number[] {
  manualSeed(1);
  const net = createSurrogate(arch);
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const x = randn([batch, inputs, 128, 128]), y = rand([batch, 2, 128, 128]);
  const times: number[] = [];
  for (let k = 0; k < 2 + steps; k++) {
    const t = performance.now();
    tidy(() => {
      opt.zeroGrad();
      const l = surrogateLoss(net.forward(x), y, { wet_weight: 5, wet_depth: 0.05, hazard_weight: 1 });
      l.backward();
      opt.step();
      l.item();
    });
    if (k >= 2) times.push((performance.now() - t) / 1000);
  }
  net.dispose();
  return times;
}
function peer(): number[] {
  const out = execFileSync("/usr/bin/python3", [join(root, "bench", "surrogate", "peer.py"), "--threads", String(threads), "--inputs", String(inputs), "--base", String(arch.base), "--depth", String(arch.depth), "--batch", String(batch), "--steps", String(steps)], { encoding: "utf8" });
  return (JSON.parse(out) as { train_step_s: number[] }).train_step_s;
}
if (arch.norm !== "group") throw new Error(`bench:surrogate's peer builds group-norm U-Nets; the model has ${arch.norm}`);
const a: number[] = [], b: number[] = [];
// four alternating rounds of five steps a side: on this shared 2-core VM single steps jump by 30-50 %
for (let round = 0; round < (o.quick ? 1 : 4); round++) {
  b.push(...peer());
  a.push(...ours());
}
const ratio = median(a) / median(b);
console.log(`(b) training step [${batch}, ${inputs}, 128, 128], U-Net base ${arch.base} depth ${arch.depth}: catchment ${median(a).toFixed(3)} s, PyTorch ${median(b).toFixed(3)} s (medians of ${a.length}; fastest ${Math.min(...a).toFixed(3)} and ${Math.min(...b).toFixed(3)} s), ratio ${ratio.toFixed(3)}`);

// (c) dataset building: one patch per core against threads over rows
const n = Number(o.patches);
const cfg = datasetSchema.parse({ scenario: o.quick ? { duration_s: 600 } : {}, seed: 77, procedural: [{ count: n }] });
const perCore = await buildDataset(cfg, mkdtempSync(join(tmpdir(), "bench-ds-a-")), { workers: threads });
const rows = await buildDataset(cfg, mkdtempSync(join(tmpdir(), "bench-ds-b-")), { workers: 1, threads });
const rate = (r: { simulated: unknown[]; wallSeconds: number }) => (r.simulated.length / r.wallSeconds) * 60;
console.log(`(c) ${n} default-scenario patches: one per core ${rate(perCore).toFixed(1)} patches/min (${threads} processes), threads over rows ${rate(rows).toFixed(1)} patches/min (${threads} threads)`);
console.log(`surrogate speed: predict_speedup=${(simSeconds / predSeconds).toFixed(1)} train_step_ratio=${ratio.toFixed(3)} patches_per_min=${rate(perCore).toFixed(1)}`);
