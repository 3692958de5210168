// `catchment surrogate dataset|train|evaluate|predict` on the capability shape.
import type { Command } from "commander";
import { resolve } from "node:path";
import { datasetPathKeys, datasetSchema } from "../surrogate/dataset/config.js";
import { buildDataset } from "../surrogate/dataset/build.js";
import { surrogateTrainSchema } from "../surrogate/train-config.js";
import { trainSurrogate } from "../surrogate/train.js";
import { evaluateSurrogate, summaryLine } from "../surrogate/evaluate.js";
import { z } from "zod";
import { loadSurrogateModel } from "../surrogate/model-file.js";
import { predictSurrogate, resolveModelDir } from "../surrogate/predict.js";
import { writePrediction } from "../surrogate/outputs.js";
import { describeScenario } from "../surrogate/scenario.js";
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
    pathKeys: ["dataset", "init"],
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [
      { flags: "--dataset <dir>", description: "the dataset folder (overrides the config's)" },
      { flags: "--variants <which>", description: "original or expanded (with the bump variants)" },
      { flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) },
      { flags: "--init <model>", description: "start from a trained surrogate's weights (fine-tuning)" },
    ],
    run(cfg, ctx) {
      const runDir = ctx.runDir ?? resolve("runs", "surrogate", cfg.variants);
      const r = trainSurrogate(cfg, runDir, { threads: ctx.threads, command: ctx.command, resume: ctx.resume });
      const best = r.history.find((h) => h.epoch === r.bestEpoch);
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.trainPatches} training patches, ${r.history.length} epochs; model from epoch ${r.bestEpoch}${best && Number.isFinite(best.validation_depth_d1) ? ` (validation depth d1 ${best.validation_depth_d1.toFixed(3)}, CSI@0.1 ${best["validation_depth_csi0.1"].toFixed(3)})` : ""}: ${r.modelDir}`);
    },
  });
  addCapabilityCommand(surrogate, {
    name: "evaluate",
    description: "score a trained surrogate against the simulations of a dataset split, beside the depression baseline; writes <run>/<split>/summary.json, metrics.csv and maps/",
    schema: z.object({ split: z.enum(["train", "validation", "test"]).default("test"), maps: z.number().int().min(0).default(4) }).strict(),
    config: "none",
    common: ["threads", "device", "run-dir"],
    options: [
      { flags: "--split <name>", description: "train, validation or test (default test)" },
      { flags: "--maps <n>", description: "patches to draw (the most flooded), default 4", parse: numberOption("--maps", { integer: true, min: 0 }) },
      { flags: "--model <dir>", description: "a model folder instead of the run's model/", cliOnly: true },
      { flags: "--dataset <dir>", description: "a dataset instead of the run's", cliOnly: true },
      { flags: "--out <dir>", description: "where the scores and maps go (default <run>/<split>)", cliOnly: true },
    ],
    run(o, ctx) {
      const opt = ctx.options as { model?: string; dataset?: string; out?: string };
      const r = evaluateSurrogate({ runDir: ctx.runDir, model: opt.model && resolve(opt.model), dataset: opt.dataset && resolve(opt.dataset), out: opt.out && resolve(opt.out), split: o.split, maps: o.maps, device: ctx.device });
      console.log(`${r.patches} ${o.split} patches: ${r.out}`);
      console.log(summaryLine(r, o.split));
    },
  });
  addCapabilityCommand(surrogate, {
    name: "predict",
    description: "max depth, velocity and hazard of a DEM (any size) for the model's scenario, in a fraction of a simulation's time; writes max_depth.tif, max_velocity.tif, max_hazard.tif, max_depth.png, predict.json",
    schema: z
      .object({
        dem: z.string(),
        buildings: z.string().optional(),
        buildings_where: z.string().optional(),
        building_height_attribute: z.string().optional(),
        building_height: z.number().positive().optional(),
        model: z.string().optional(),
        overlap: z.number().int().min(0).optional(),
        out: z.string(),
      })
      .strict(),
    config: "optional",
    pathKeys: ["dem", "buildings", "model", "out"],
    common: ["threads", "device"],
    options: [
      { flags: "--model <dir>", description: "a surrogate model folder (default: the shipped models/surrogate)" },
      { flags: "--dem <raster>", description: "DEM in a projected CRS in metres, at the model's cell size" },
      { flags: "--buildings <vector|raster>", description: "footprints or heights, as flood simulate reads them" },
      { flags: "--buildings-where <sql>", description: "filter for the footprints" },
      { flags: "--building-height-attribute <field>", description: "footprint attribute with heights" },
      { flags: "--building-height <m>", description: "height of footprints without one, and of a 0/1 mask", parse: numberOption("--building-height") },
      { flags: "--overlap <cells>", description: "tile overlap (default a quarter tile)", parse: numberOption("--overlap", { integer: true, min: 0 }) },
      { flags: "--out <dir>", description: "output folder (may exist; written only when everything has been computed)" },
    ],
    run(cfg, ctx) {
      const t0 = performance.now();
      const model = loadSurrogateModel(resolveModelDir(cfg.model), ctx.device);
      const loaded = (performance.now() - t0) / 1000;
      const p = predictSurrogate(model, { ...cfg, device: ctx.device });
      writePrediction(cfg.out, model, p, { load_seconds: loaded });
      for (const w of p.warnings) process.stderr.write(`warning: ${w}\n`);
      let wet = 0, maxD = 0;
      for (const d of p.depth) if (Number.isFinite(d)) { if (d > 0.1) wet++; maxD = Math.max(maxD, d); }
      console.log(`${cfg.out}: ${p.grid.width}×${p.grid.height} cells in ${p.tiles} tiles, ${p.seconds.toFixed(2)} s (model loaded in ${loaded.toFixed(2)} s); max depth ${maxD.toFixed(2)} m, ${wet} cells deeper than 0.1 m`);
      console.log(`for the scenario: ${describeScenario(model.meta.scenario)}`);
    },
  });
}
