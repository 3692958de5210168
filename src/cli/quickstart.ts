import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../util/config.js";
import { runoffSchema } from "../runoff/config.js";
import { resolvePaths } from "../runoff/run-dir.js";
import { trainRunoff } from "../runoff/train.js";
import { evaluateRun } from "../runoff/evaluate.js";
import { applyThreads } from "./threads.js";

export function registerQuickstart(program: Command): void {
  program
    .command("quickstart")
    .description("train an LSTM rainfall-runoff model on the bundled Minam River sample and compare it with SAC-SMA (runoff train + evaluate)")
    .option("--config <file>", "runoff YAML config", "examples/quickstart.yml")
    .option("--out <dir>", "run folder", "runs/quickstart")
    .option("--epochs <n>", "override the config's epochs")
    .option("--resume", "continue the run in --out from its latest checkpoint")
    .action(function (this: Command, o: { config: string; out: string; epochs?: string; resume?: boolean }) {
      applyThreads(this);
      const overrides = o.epochs === undefined ? {} : { epochs: Number(o.epochs) };
      const cfg = resolvePaths(loadConfig(o.config, runoffSchema, overrides), o.config);
      const runDir = resolve(o.out);
      trainRunoff(cfg, runDir, !!o.resume);
      const r = evaluateRun(runDir, "test");
      const m = r.metrics[0];
      const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");
      console.log(`run folder: ${runDir}`);
      console.log(`test KGE model=${fmt(m.KGE)}`);
      console.log(`NSE model=${fmt(r.medianNse)} benchmark=${fmt(r.medianBenchmarkNse)}`);
    });
}
