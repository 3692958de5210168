import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../util/config.js";
import { quickstartSchema } from "../runoff/quickstart/config.js";
import { runQuickstart } from "../runoff/quickstart/run.js";
import { applyThreads } from "./threads.js";

export function registerQuickstart(program: Command): void {
  program
    .command("quickstart")
    .description("train an LSTM rainfall-runoff model on the bundled Minam River sample and compare it with SAC-SMA")
    .option("--config <file>", "YAML config", "examples/quickstart.yml")
    .option("--out <dir>", "run folder", "runs/quickstart")
    .option("--epochs <n>", "override the config's epochs")
    .option("--resume", "continue the run in --out from its latest checkpoint")
    .action(function (this: Command, o: { config: string; out: string; epochs?: string; resume?: boolean }) {
      applyThreads(this);
      const overrides = o.epochs === undefined ? {} : { epochs: Number(o.epochs) };
      const cfg = loadConfig(o.config, quickstartSchema, overrides);
      const r = runQuickstart(cfg, resolve(o.config), resolve(o.out), !!o.resume);
      console.log(`run folder: ${r.runDir}`);
      console.log(`test KGE model=${r.kgeModel.toFixed(3)}`);
      console.log(`NSE model=${r.nseModel.toFixed(3)} benchmark=${r.nseBenchmark === null ? "n/a" : r.nseBenchmark.toFixed(3)}`);
    });
}
