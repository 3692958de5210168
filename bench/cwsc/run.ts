// bench:cwsc: GR2M calibrated on every monthly basin of ../shared/data (AU20, CAMELS-FR, the 189
// budget basins) by catchment's vectorised SCE-UA, against scipy's differential evolution
// (python3-scipy, vectorised over its population, one thread) given the same number of model
// evaluations per basin as SCE-UA used. Rounds alternate the sides; medians of wall time.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { loadConfig } from "../../src/util/config.js";
import { median } from "../../src/metrics/index.js";
import { calibrateSchema } from "../../src/cwsc/calibration/config.js";
import { loadBasins } from "../../src/cwsc/data/load.js";
import { CALIBRATE_PATHS } from "../../src/cli/cwsc.js";
import { forcingSet, simulate } from "../../src/cwsc/models/simulate.js";
import { waterInput } from "../../src/cwsc/data/snow.js";
import { gr2m } from "../../src/cwsc/models/gr2m.js";
import { modelBounds, singleObjective } from "../../src/cwsc/calibration/objective.js";
import { sceua, SceResult } from "../../src/cwsc/calibration/sceua.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const o = new Command()
  .option("--rounds <n>", "timed calibrations per side", "3")
  .option("--config <file>", "the calibration config whose data sets and SCE-UA settings are used", join(root, "examples", "cwsc", "calibrate.yml"))
  .parse()
  .opts<{ rounds: string; config: string }>();
const rounds = Number(o.rounds);

const cfg = loadConfig(o.config, calibrateSchema, { pathKeys: CALIBRATE_PATHS });
const basins = loadBasins(cfg);
// the models' water input as in calibration (through the snow store where a basin has temperatures)
const water = basins.map((b) => (cfg.snow ? waterInput(b) : b.p));
const forcing = forcingSet(basins.map((b, i) => ({ name: b.id, p: water[i], pet: b.pet, q: b.q })));
const bounds = modelBounds(gr2m, {}, cfg.capacity_bounds as [number, number]);
const objective = singleObjective(gr2m, forcing, cfg.warm_up_months, bounds);
const sce = (problems: number) =>
  sceua(problems, objective.space.lower, objective.space.upper, objective.loss, {
    complexes: cfg.sceua.complexes,
    maxEvaluations: cfg.sceua.max_evaluations,
    kstop: cfg.sceua.kstop,
    improvement: cfg.sceua.improvement,
    parameterSpread: cfg.sceua.parameter_spread,
    seed: cfg.seed,
  });

sce(Math.min(10, basins.length)); // warm-up (JIT)
const ours: number[] = [];
const theirs: number[] = [];
let result: SceResult | null = null;
let peer: { kge: number[]; nfev: number[]; worst_check: number } | null = null;
const dir = mkdtempSync(join(tmpdir(), "bench-cwsc-"));
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1}/${rounds}: catchment SCE-UA…\n`);
  const t0 = performance.now();
  result = sce(basins.length);
  ours.push((performance.now() - t0) / 1000);
  if (r === 0) {
    // the peer gets the evaluations SCE-UA used per basin, and checks its GR2M on our optima
    const check = [0, Math.floor(basins.length / 2), basins.length - 1].map((i) => {
      const x = [Float64Array.of((result as SceResult).best[0][i]), Float64Array.of((result as SceResult).best[1][i])];
      return { basin: i, x1: x[0][0], x2: x[1][0], kge: (simulate(gr2m, forcing, Int32Array.of(i), x, { warmUp: cfg.warm_up_months, kge: true }).kge as Float64Array)[0] };
    });
    const job = {
      warm_up: cfg.warm_up_months,
      bounds: bounds.map((b) => [b[0], b[1]]),
      basins: basins.map((b, i) => ({ name: b.id, p: Array.from(water[i]), pet: Array.from(b.pet), q: Array.from(b.q, (v) => (Number.isFinite(v) ? v : null)) })),
      evaluations: Array.from(result.evaluations),
      check,
      popsize: 15,
      seed: cfg.seed,
      rounds: 1,
    };
    writeFileSync(join(dir, "job.json"), JSON.stringify(job));
  }
  process.stderr.write(`round ${r + 1}/${rounds}: scipy differential_evolution…\n`);
  const out = execFileSync("/usr/bin/python3", [join(root, "bench", "cwsc", "de_gr2m.py"), join(dir, "job.json")], {
    encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    maxBuffer: 1 << 26,
  });
  const p = JSON.parse(out) as { seconds: number[]; kge: number[]; nfev: number[]; worst_check: number };
  theirs.push(p.seconds[0]);
  peer = p;
}
const res = result as SceResult;
const pr = peer as NonNullable<typeof peer>;
const kgeOurs = median(Array.from(res.bestLoss, (l) => 1 - l));
const kgePeer = median(pr.kge);
const evals = Array.from(res.evaluations);
console.log(`${basins.length} basins (${[...new Set(basins.map((b) => b.dataset))].join(", ")}), warm-up ${cfg.warm_up_months} months; one thread on each side`);
console.log(`SCE-UA: ${cfg.sceua.complexes} complexes of 2n+1 points, q = n+1, β = 2n+1, at most ${cfg.sceua.max_evaluations} evaluations, stop after ${cfg.sceua.kstop} loops under ${cfg.sceua.improvement * 100}% gain; used ${evals.reduce((a, b) => a + b, 0)} evaluations (median ${median(evals)} per basin)`);
console.log(`differential_evolution: best1bin, popsize 15 (30 points), polish off, tol 0, the same budget per basin: used ${pr.nfev.reduce((a, b) => a + b, 0)} evaluations; its GR2M agrees with ours to ${pr.worst_check.toExponential(1)} in KGE`);
console.log(`wall seconds: catchment ${ours.map((s) => s.toFixed(2)).join(", ")}; scipy ${theirs.map((s) => s.toFixed(2)).join(", ")}`);
console.log(`median KGE: catchment ${kgeOurs.toFixed(4)}, scipy ${kgePeer.toFixed(4)}`);
console.log(`cwsc speed: calibration_ratio=${(median(ours) / median(theirs)).toFixed(3)} kge_catchment=${kgeOurs.toFixed(3)} kge_python=${kgePeer.toFixed(3)}`);
