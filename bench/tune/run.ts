// bench:tune: catchment's TPE against Optuna 3.1's (Debian's python3-optuna) and random search on
// Branin, Hartmann-6, Rosenbrock-4 and a noisy Hartmann-3; the same seeds, budget and noise on both
// sides. Regret is the noise-free value of the best trial (best by what the sampler saw) minus the
// minimum, floored at 1e-12. Then the sampler's time per trial (ask and suggest every parameter) on a
// Hartmann-6 study that already has 100 and 1,000 complete trials. Ends with the line.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { createStudy, MersenneTwister, NopPruner, RandomSampler, Sampler, TPESampler, Trial } from "../../src/train/tune/index.js";
import { FUNCTIONS, TestFunction, noiseTable } from "./functions.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const o = new Command()
  .option("--seeds <n>", "seeds per function", "20")
  .option("--trials <n>", "trials per study", "100")
  .option("--reps <n>", "timed trials per history size", "30")
  .option("--sizes <list>", "complete trials before the timed ones", "100,1000")
  .parse()
  .opts<{ seeds: string; trials: string; reps: string; sizes: string }>();
const seeds = Array.from({ length: Number(o.seeds) }, (_, i) => i + 1);
const nTrials = Number(o.trials);
const reps = Number(o.reps);
const warmup = 5;
const sizes = o.sizes.split(",").map(Number);
const FLOOR = 1e-12;

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const regret = (fn: TestFunction, clean: number) => Math.max(clean - fn.optimum, FLOOR);

interface Run {
  bestValue: number;
  bestClean: number;
  params: number[][];
}

async function runOurs(fn: TestFunction, sampler: Sampler, noise: number[]): Promise<Run> {
  const clean: number[] = [];
  const study = await createStudy({ sampler, pruner: new NopPruner() });
  await study.optimize(
    (t: Trial) => {
      const x = fn.bounds.map(([lo, hi], i) => t.suggestFloat(`x${i}`, lo, hi));
      const v = fn.f(x);
      clean.push(v);
      return fn.noise ? v + fn.noise * noise[t.number] : v;
    },
    { nTrials },
  );
  const best = study.bestTrial;
  return { bestValue: study.bestValue, bestClean: clean[best.number], params: study.trials.map((t) => fn.bounds.map((_, i) => t.params[`x${i}`])) };
}

async function timeOurs(fn: TestFunction, history: number[][]): Promise<number[]> {
  const study = await createStudy({ sampler: new TPESampler({ seed: 0 }), pruner: new NopPruner() });
  for (const x of history) await study.enqueueTrial(Object.fromEntries(x.map((v, i) => [`x${i}`, v])));
  await study.optimize((t) => fn.f(fn.bounds.map(([lo, hi], i) => t.suggestFloat(`x${i}`, lo, hi))), { nTrials: history.length });
  const times: number[] = [];
  for (let r = 0; r < warmup + reps; r++) {
    const t0 = process.hrtime.bigint();
    const trial = (await study.ask()) as Trial;
    const x = fn.bounds.map(([lo, hi], i) => trial.suggestFloat(`x${i}`, lo, hi));
    const t1 = process.hrtime.bigint();
    await study.tell(trial, fn.f(x));
    if (r >= warmup) times.push(Number(t1 - t0) / 1e9);
  }
  return times;
}

function uniformHistory(fn: TestFunction, n: number, seed: number): number[][] {
  const rng = new MersenneTwister(seed);
  return Array.from({ length: n }, () => fn.bounds.map(([lo, hi]) => rng.uniform(lo, hi)));
}

const timingFn = FUNCTIONS.find((f) => f.name === "hartmann6") as TestFunction;
const histories = Object.fromEntries(sizes.map((n) => [String(n), uniformHistory(timingFn, n, 12345)]));
const noise = Object.fromEntries(seeds.map((s) => [String(s), noiseTable(s, nTrials)]));

// the peer first, alone on the machine, then catchment
const dir = mkdtempSync(join(tmpdir(), "bench-tune-"));
const job = {
  functions: FUNCTIONS.map((f) => ({ name: f.name, bounds: f.bounds, noise: f.noise ?? 0 })),
  seeds,
  trials: nTrials,
  noise,
  timing: { function: { name: timingFn.name, bounds: timingFn.bounds }, histories, reps, warmup },
};
writeFileSync(join(dir, "job.json"), JSON.stringify(job));
process.stderr.write(`bench:tune: Optuna side (${FUNCTIONS.length} functions × ${seeds.length} seeds × ${nTrials} trials, then timing)\n`);
execFileSync("/usr/bin/python3", [join(root, "bench", "tune", "peer.py"), join(dir, "job.json"), join(dir, "peer.json")], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
});
const peer = JSON.parse(readFileSync(join(dir, "peer.json"), "utf8")) as {
  optuna: string;
  runs: Record<string, { best_value: number; best_clean: number; params: number[][] }[]>;
  timing: Record<string, number[]>;
};

const rows: string[] = [];
const ratios: Record<string, number> = {};
let reproduced = 0;
let reproducible = 0;
for (const fn of FUNCTIONS) {
  const ours: Run[] = [];
  const normalized: Run[] = [];
  const random: Run[] = [];
  for (const seed of seeds) {
    ours.push(await runOurs(fn, new TPESampler({ seed }), noise[String(seed)]));
    normalized.push(await runOurs(fn, new TPESampler({ seed, density: "normalized" }), noise[String(seed)]));
    random.push(await runOurs(fn, new RandomSampler({ seed }), noise[String(seed)]));
  }
  const theirs = peer.runs[fn.name];
  // draw-for-draw check: catchment's TPE proposes Optuna's points
  theirs.forEach((t, i) => {
    reproducible++;
    if (t.params.every((x, k) => x.every((v, j) => Math.abs(v - ours[i].params[k][j]) <= 1e-9 * Math.max(1, Math.abs(v))))) reproduced++;
  });
  const med = (runs: { bestClean: number }[]) => median(runs.map((r) => regret(fn, r.bestClean)));
  const medBest = (runs: { bestValue: number }[]) => median(runs.map((r) => r.bestValue));
  const theirRuns = theirs.map((t) => ({ bestClean: t.best_clean, bestValue: t.best_value }));
  ratios[fn.name] = med(ours) / med(theirRuns);
  rows.push(
    [fn.name.padEnd(12), ...[medBest(ours), medBest(normalized), medBest(theirRuns), medBest(random)].map((v) => v.toPrecision(6).padStart(13)), ...[med(ours), med(normalized), med(theirRuns), med(random)].map((v) => v.toExponential(3).padStart(11)), ratios[fn.name].toFixed(3).padStart(7)].join(" "),
  );
  process.stderr.write(`bench:tune: ${fn.name} done\n`);
}

const ourTimes: Record<string, number> = {};
const theirTimes: Record<string, number> = {};
for (const n of sizes) {
  ourTimes[n] = median(await timeOurs(timingFn, histories[String(n)]));
  theirTimes[n] = median(peer.timing[String(n)]);
}

console.log(`bench:tune — ${seeds.length} seeds × ${nTrials} trials per function; Optuna ${peer.optuna}; medians over seeds`);
console.log("");
console.log("median best value seen                                              median regret (noise-free value of the best trial − minimum, ≥ 1e-12)");
console.log(`${"function".padEnd(12)} ${["catchment", "c. normalized", "optuna", "random"].map((s) => s.padStart(13)).join(" ")} ${["catchment", "c. normal.", "optuna", "random"].map((s) => s.padStart(11)).join(" ")}   ratio`);
for (const r of rows) console.log(r);
console.log("");
console.log(`catchment's TPE proposed Optuna's points in all ${nTrials} trials in ${reproduced} of ${reproducible} studies ("c. normalized": density "normalized", kernels with their 1/sigma)`);
for (const n of sizes)
  console.log(`sampler time per trial at ${n} complete trials (Hartmann-6, ask + 6 suggestions): catchment ${(ourTimes[n] * 1e3).toFixed(2)} ms, optuna ${(theirTimes[n] * 1e3).toFixed(2)} ms, ratio ${(ourTimes[n] / theirTimes[n]).toFixed(4)}`);
const last = sizes[sizes.length - 1];
const fmt = (v: number) => (v >= 0.001 ? v.toFixed(3) : v.toFixed(6));
console.log(
  `tune: regret_ratio_branin=${fmt(ratios.branin)} regret_ratio_hartmann6=${fmt(ratios.hartmann6)} regret_ratio_rosenbrock4=${fmt(ratios.rosenbrock4)} regret_ratio_noisy=${fmt(ratios.noisy)} time_ratio=${fmt(ourTimes[last] / theirTimes[last])}`,
);
