// `catchment quickstart`: runoff train + evaluate on the bundled Minam River sample.
import type { Command } from "commander";
import { resolve } from "node:path";
import { runoffSchema } from "../runoff/config.js";
import { trainRunoff } from "../runoff/train.js";
import { evaluateRun } from "../runoff/evaluate.js";
import { addCapabilityCommand, numberOption } from "./capability.js";
import { runoffPathKeys } from "./runoff.js";

export function registerQuickstart(program: Command): void {
  addCapabilityCommand(program, {
    name: "quickstart",
    description: "train an LSTM rainfall-runoff model on the bundled Minam River sample and compare it with SAC-SMA (runoff train + evaluate)",
    schema: runoffSchema,
    configDefault: "examples/quickstart.yml",
    pathKeys: runoffPathKeys,
    common: ["threads", "device", "resume"],
    options: [
      { flags: "--out <dir>", description: "run folder", cliOnly: true, default: "runs/quickstart" },
      { flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) },
    ],
    run(cfg, ctx) {
      const runDir = resolve(ctx.options.out as string);
      trainRunoff(cfg, runDir, ctx.resume, { threads: ctx.threads, command: ctx.command });
      const r = evaluateRun(runDir, "test", undefined, ctx.device);
      const m = r.metrics[0];
      const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");
      console.log(`run folder: ${runDir}`);
      console.log(`test KGE model=${fmt(m.KGE)}`);
      console.log(`NSE model=${fmt(r.medianNse)} benchmark=${fmt(r.medianBenchmarkNse)}`);
    },
  });
}
