import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../util/config.js";
import { PERIODS, Period, runoffSchema } from "../runoff/config.js";
import { resolvePaths, runTreeDir } from "../runoff/run-dir.js";
import { trainRunoff } from "../runoff/train.js";
import { evaluateRun } from "../runoff/evaluate.js";
import { ensembleRuns } from "../runoff/ensemble.js";
import { PeriodReport } from "../runoff/report.js";
import { applyThreads } from "./threads.js";

function parsePeriod(p: string): Period {
  if (!(PERIODS as readonly string[]).includes(p)) throw new Error(`--period: expected one of ${PERIODS.join(", ")}, got '${p}'`);
  return p as Period;
}

const list = (s?: string) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter(Boolean));

function printReport(r: PeriodReport, period: string): void {
  console.log(`${period} metrics: ${resolve(r.dir, "metrics.csv")}`);
  const n = r.metrics.length;
  if (n > 1) console.log(`median over ${n} basins`);
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");
  console.log(`NSE model=${fmt(r.medianNse)} benchmark=${fmt(r.medianBenchmarkNse)}`);
}

export function registerRunoff(program: Command): void {
  const runoff = program.command("runoff").description("regional rainfall-runoff models: EA-LSTM family on CAMELS or your own basins");
  runoff
    .command("train")
    .description("train one model; the run folder gets config, normalization, statics, loss.csv, checkpoints and model.safetensors")
    .requiredOption("--config <file>", "YAML config (neuralhydrology key names)")
    .option("--run-dir <dir>", "the run's folder (default: the run tree under runs/)")
    .option("--seed <n>", "override the config's seed")
    .option("--seeds <list>", "train one run per seed (e.g. 1,2,3,4,5) into seed_<n> folders, then average them as an ensemble")
    .option("--epochs <n>", "override the config's epochs")
    .option("--resume", "continue the run in --run-dir from its latest checkpoint")
    .action(function (this: Command, o: { config: string; runDir?: string; seed?: string; seeds?: string; epochs?: string; resume?: boolean }) {
      applyThreads(this);
      if (o.seed !== undefined && o.seeds !== undefined) throw new Error("--seed and --seeds: give one of them");
      const seeds = o.seeds === undefined ? [o.seed === undefined ? undefined : Number(o.seed)] : (list(o.seeds) as string[]).map(Number);
      const runs: string[] = [];
      for (const seed of seeds) {
        if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seeds: '${o.seeds ?? o.seed}' is not a list of whole numbers`);
        const overrides: Record<string, unknown> = {};
        if (seed !== undefined) overrides.seed = seed;
        if (o.epochs !== undefined) overrides.epochs = Number(o.epochs);
        const cfg = resolvePaths(loadConfig(o.config, runoffSchema, overrides), o.config);
        const runDir = o.runDir ? resolve(o.runDir, ...(o.seeds ? [`seed_${cfg.seed}`] : [])) : runTreeDir(cfg);
        const r = trainRunoff(cfg, runDir, !!o.resume);
        const last = r.history[r.history.length - 1];
        console.log(`run folder: ${r.runDir}`);
        console.log(`${r.samples} training samples, ${r.history.length} epochs, final training loss ${last.train_loss.toFixed(4)}; model.safetensors from epoch ${r.bestEpoch}`);
        runs.push(r.runDir);
      }
      if (runs.length > 1) {
        const cfg = loadConfig(o.config, runoffSchema);
        if (cfg.test_start_date) {
          const out = resolve(runs[0], "..", "ensemble");
          printReport(ensembleRuns(runs, out, "test"), `ensemble of ${runs.length}, test`);
        } else console.log(`ensemble: catchment runoff ensemble --runs ${runs.join(" ")} --out <dir>`);
      }
    });
  runoff
    .command("evaluate")
    .description("predict a period with a trained run; writes <run>/<period>/metrics.csv, predictions/, hydrographs/, nse_cdf.png")
    .requiredOption("--run-dir <dir>", "a trained run folder")
    .option("--period <p>", `one of ${PERIODS.join(", ")}`, "test")
    .option("--plot-basins <ids>", "comma-separated basins to draw hydrographs for (default: the config's plot_basins or the first four)")
    .action(function (this: Command, o: { runDir: string; period: string; plotBasins?: string }) {
      applyThreads(this);
      const period = parsePeriod(o.period);
      printReport(evaluateRun(resolve(o.runDir), period, list(o.plotBasins)), period);
    });
  runoff
    .command("ensemble")
    .description("average the predictions of several runs (e.g. seeds) per basin and day, and score the mean")
    .requiredOption("--runs <dirs...>", "trained run folders")
    .requiredOption("--out <dir>", "folder for the ensemble's predictions and metrics")
    .option("--period <p>", `one of ${PERIODS.join(", ")}`, "test")
    .option("--plot-basins <ids>", "comma-separated basins to draw hydrographs for")
    .action(function (this: Command, o: { runs: string[]; out: string; period: string; plotBasins?: string }) {
      applyThreads(this);
      const period = parsePeriod(o.period);
      printReport(ensembleRuns(o.runs.map((d) => resolve(d)), resolve(o.out), period, list(o.plotBasins)), period);
    });
}
