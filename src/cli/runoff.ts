// `catchment runoff train|evaluate|ensemble` on the capability shape.
import type { Command } from "commander";
import { resolve } from "node:path";
import { z } from "zod";
import { PERIODS, runoffSchema } from "../runoff/config.js";
import { runTreeDir } from "../runoff/run-dir.js";
import { trainRunoff } from "../runoff/train.js";
import { evaluateRun } from "../runoff/evaluate.js";
import { ensembleRuns } from "../runoff/ensemble.js";
import { PeriodReport } from "../runoff/report.js";
import { addCapabilityCommand, listOption, numberOption } from "./capability.js";

/** The keys of a runoff config that hold paths (relative to the config file). */
export const runoffPathKeys = ["data_dir", "attributes_dir", "train_basin_file", "validation_basin_file", "test_basin_file"] as const;

function printReport(r: PeriodReport, period: string): void {
  console.log(`${period} metrics: ${resolve(r.dir, "metrics.csv")}`);
  const n = r.metrics.length;
  if (n > 1) console.log(`median over ${n} basins`);
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");
  console.log(`NSE model=${fmt(r.medianNse)} benchmark=${fmt(r.medianBenchmarkNse)}`);
}

const evaluateSchema = z
  .object({
    period: z.enum(PERIODS).default("test"),
    plot_basins: z.array(z.string()).optional(),
  })
  .strict();

const ensembleSchema = evaluateSchema.extend({ runs: z.array(z.string()).min(2, "an ensemble needs at least two run folders"), out: z.string() }).strict();

export function registerRunoff(program: Command): void {
  const runoff = program.command("runoff").description("regional rainfall-runoff models: EA-LSTM family on CAMELS or your own basins");
  addCapabilityCommand(runoff, {
    name: "train",
    description: "train one model; the run folder gets config.yml, run.json, normalization, statics, loss.csv, checkpoints and model.safetensors",
    schema: runoffSchema,
    pathKeys: runoffPathKeys,
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [
      { flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) },
      { flags: "--seeds <list>", description: "train one run per seed (e.g. 1,2,3,4,5) into seed_<n> folders, then average them as an ensemble", parse: listOption, cliOnly: true },
    ],
    run(cfg, ctx) {
      const seedList = ctx.options.seeds as string[] | undefined;
      if (seedList && ctx.options.seed !== undefined) throw new Error("--seed and --seeds: give one of them");
      const seeds = seedList ? seedList.map(numberOption("--seeds", { integer: true, min: 0 })) : [cfg.seed];
      const runs: string[] = [];
      for (const seed of seeds) {
        const c = { ...cfg, seed };
        const runDir = ctx.runDir ? resolve(ctx.runDir, ...(seedList ? [`seed_${seed}`] : [])) : runTreeDir(c);
        const r = trainRunoff(c, runDir, ctx.resume, { threads: ctx.threads, command: ctx.command });
        const last = r.history[r.history.length - 1];
        console.log(`run folder: ${r.runDir}`);
        console.log(`${r.samples} training samples, ${r.history.length} epochs, final training loss ${last.train_loss.toFixed(4)}; model.safetensors from epoch ${r.bestEpoch}`);
        runs.push(r.runDir);
      }
      if (runs.length > 1) {
        if (cfg.test_start_date) printReport(ensembleRuns(runs, resolve(runs[0], "..", "ensemble"), "test", undefined, ctx.device), `ensemble of ${runs.length}, test`);
        else console.log(`ensemble: catchment runoff ensemble --runs ${runs.join(" ")} --out <dir>`);
      }
    },
  });
  addCapabilityCommand(runoff, {
    name: "evaluate",
    description: "predict a period with a trained run; writes <run>/<period>/metrics.csv, predictions/, hydrographs/, nse_cdf.png",
    schema: evaluateSchema,
    config: "none",
    requiredCommon: ["run-dir"],
    common: ["threads", "device"],
    options: [
      { flags: "--period <p>", description: `one of ${PERIODS.join(", ")} (default test)` },
      { flags: "--plot-basins <ids>", description: "comma-separated basins to draw hydrographs for (default: the config's plot_basins or the first four)", parse: listOption },
    ],
    run(o, ctx) {
      printReport(evaluateRun(ctx.runDir as string, o.period, o.plot_basins, ctx.device), o.period);
    },
  });
  addCapabilityCommand(runoff, {
    name: "ensemble",
    description: "average the predictions of several runs (e.g. seeds) per basin and day, and score the mean",
    schema: ensembleSchema,
    config: "none",
    common: ["threads", "device"],
    pathKeys: ["runs.*", "out"],
    options: [
      { flags: "--runs <dirs...>", description: "trained run folders" },
      { flags: "--out <dir>", description: "folder for the ensemble's predictions and metrics" },
      { flags: "--period <p>", description: `one of ${PERIODS.join(", ")} (default test)` },
      { flags: "--plot-basins <ids>", description: "comma-separated basins to draw hydrographs for", parse: listOption },
    ],
    run(o, ctx) {
      printReport(ensembleRuns(o.runs, o.out, o.period, o.plot_basins, ctx.device), o.period);
    },
  });
}
