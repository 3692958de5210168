// `catchment surrogate dataset|train|evaluate|predict` on the capability shape.
import type { Command } from "commander";
import { resolve } from "node:path";
import { datasetPathKeys, datasetSchema } from "../surrogate/dataset/config.js";
import { buildDataset } from "../surrogate/dataset/build.js";
import { surrogateTrainSchema } from "../surrogate/train-config.js";
import { trainSurrogate } from "../surrogate/train.js";
import { addCapabilityCommand, numberOption } from "./capability.js";

function parseShard(t: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(t.trim());
  const i = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 0 && i < n)) throw new Error(`--shard: expected i/n with 0 ≤ i < n (e.g. 0/4), got '${t}'`);
  return [i, n];
}

export function registerSurrogate(program: Command): void {
  const surrogate = program.command("surrogate").description("CNN flood surrogates: datasets of simulated urban patches, training, evaluation, prediction");
  addCapabilityCommand(surrogate, {
    name: "dataset",
    description: "plan and simulate a dataset of urban patches (resumable: run it again to continue; --shard i/n splits it among machines)",
    schema: datasetSchema,
    pathKeys: datasetPathKeys,
    options: [
      { flags: "--out <dir>", description: "the dataset folder", cliOnly: true },
      { flags: "--workers <n>", description: "simulations at once, one process and thread each (default: all cores)", parse: numberOption("--workers", { integer: true, min: 1 }) },
      { flags: "--sim-threads <n>", description: "threads per simulation when --workers 1", parse: numberOption("--sim-threads", { integer: true, min: 1 }), cliOnly: true },
      { flags: "--shard <i/n>", description: "build only the patches whose index mod n is i", parse: parseShard, cliOnly: true },
      { flags: "--limit <n>", description: "simulate at most this many patches in this run", parse: numberOption("--limit", { integer: true, min: 1 }), cliOnly: true },
    ],
    async run(cfg, ctx) {
      const out = ctx.options.out as string | undefined;
      if (!out) throw new Error("--out: give the dataset folder");
      const r = await buildDataset(cfg, resolve(out), {
        workers: cfg.workers,
        threads: ctx.options.simThreads as number | undefined,
        shard: ctx.options.shard as [number, number] | undefined,
        limit: ctx.options.limit as number | undefined,
        progress: true,
      });
      const counts = { train: 0, validation: 0, test: 0 };
      for (const p of r.manifest.patches) counts[p.split]++;
      const left = r.pendingBefore - r.simulated.length;
      console.log(`${out}: ${r.manifest.patches.length} patches planned (train ${counts.train}, validation ${counts.validation}, test ${counts.test})`);
      console.log(`simulated ${r.simulated.length} in ${(r.wallSeconds / 60).toFixed(1)} min (${((r.simulated.length / r.wallSeconds) * 60).toFixed(1)} patches/min); ${left} still to do${left ? ": run the same command again" : ""}`);
      if (r.failed.length) throw new Error(`${r.failed.length} patches failed, first ${r.failed[0].id}: ${r.failed[0].error}`);
    },
  });
  addCapabilityCommand(surrogate, {
    name: "train",
    description: "train a surrogate U-Net on a dataset; the run folder gets config.yml, run.json, loss.csv, checkpoints/, loss_curve.png and model/ (model.json + weights.safetensors)",
    schema: surrogateTrainSchema,
    pathKeys: ["dataset"],
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [
      { flags: "--dataset <dir>", description: "the dataset folder (overrides the config's)" },
      { flags: "--variants <which>", description: "original or expanded (with the bump variants)" },
      { flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) },
    ],
    run(cfg, ctx) {
      const runDir = ctx.runDir ?? resolve("runs", "surrogate", cfg.variants);
      const r = trainSurrogate(cfg, runDir, { threads: ctx.threads, command: ctx.command, resume: ctx.resume });
      const best = r.history.find((h) => h.epoch === r.bestEpoch);
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.trainPatches} training patches, ${r.history.length} epochs; model from epoch ${r.bestEpoch}${best && Number.isFinite(best.validation_depth_d1) ? ` (validation depth d1 ${best.validation_depth_d1.toFixed(3)}, CSI@0.1 ${best["validation_depth_csi0.1"].toFixed(3)})` : ""}: ${r.modelDir}`);
    },
  });
}
