// `catchment cwsc calibrate|train|predict|evaluate` on the capability shape: catchment water storage
// capacity from monthly water-balance calibration and a residual network on global 0.5° grids.
import type { Command } from "commander";
import { resolve } from "node:path";
import { z } from "zod";
import { addCapabilityCommand, numberOption } from "./capability.js";
import { calibrateSchema } from "../cwsc/calibration/config.js";
import { calibrate } from "../cwsc/calibration/calibrate.js";
import { trainSchema } from "../cwsc/train-config.js";
import { trainCwsc } from "../cwsc/train.js";
import { evaluateRun } from "../cwsc/evaluate.js";
import { predictMap } from "../cwsc/predict.js";
import { predictSchema } from "../cwsc/predict-config.js";

export const CALIBRATE_PATHS = ["datasets.*.dir", "datasets.*.bioclim"] as const;
export const TRAIN_PATHS = ["labels.calibration", "labels.raster", "labels.kge_raster", "inputs.bioclim", "inputs.xanthos", "inputs.extra.*.path"] as const;
export const PREDICT_PATHS = ["inputs.bioclim", "inputs.xanthos", "inputs.extra.*.path", "compare_with"] as const;

const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "nan" : v.toFixed(3));

export function registerCwsc(program: Command): void {
  const cwsc = program.command("cwsc").description("catchment water storage capacity: monthly water-balance calibration and a global 0.5° ResNet map");
  addCapabilityCommand(cwsc, {
    name: "calibrate",
    description: "calibrate abcd, GR2M and DWBM by KGE with SCE-UA, alone and jointly with one shared storage capacity per basin",
    schema: calibrateSchema,
    pathKeys: CALIBRATE_PATHS,
    common: ["threads", "seed", "run-dir", "resume"],
    async run(cfg, ctx) {
      const r = await calibrate(cfg, ctx.runDir ?? resolve("runs/cwsc/calibrate"), { resume: ctx.resume, threads: ctx.threads, command: ctx.command });
      const s = r.summary;
      console.log(`run folder: ${r.runDir}`);
      console.log(`${s.basins} basins; median KGE ${Object.entries(s.median_kge).map(([m, v]) => `${m} ${fmt(v)}`).join(", ")}`);
      if (s.median_joint_kge !== null) console.log(`median joint KGE ${fmt(s.median_joint_kge)} (best single model ${s.best_single_model}: ${fmt(s.median_best_single_kge)})`);
      console.log(`labels: ${s.basins - s.masked} basins with KGE > ${cfg.kge_threshold}, ${s.masked} masked`);
    },
  });
  addCapabilityCommand(cwsc, {
    name: "train",
    description: "train the pre-activation ResNet on k×k patches of the input grids, one network per split (random 7:3 over basins, spatially blocked)",
    schema: trainSchema,
    pathKeys: TRAIN_PATHS,
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [{ flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) }],
    async run(cfg, ctx) {
      const r = await trainCwsc(cfg, ctx.runDir ?? resolve("runs/cwsc/train"), { resume: ctx.resume, threads: ctx.threads, command: ctx.command, source: ctx.configPath ?? "config" });
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.labels.groups.length} label groups (${r.labels.masked} masked${r.labels.offLand.length ? `, ${r.labels.offLand.length} off land` : ""})`);
      for (const s of r.splits)
        console.log(`${s.kind}: R² train ${fmt(s.train.r2)} (${s.train.groups} basins), test ${fmt(s.test.r2)} (${s.test.groups} basins${s.split.excluded.length ? `; ${s.split.excluded.length} excluded` : ""}); RMSE test ${s.test.rmse.toFixed(1)} mm; ridge baseline test R² ${fmt(s.baseline.test.r2)}`);
    },
  });
  addCapabilityCommand(cwsc, {
    name: "predict",
    description: "map the storage capacity of every 0.5° land cell with a trained network: GeoTIFF, PNG map, comparison with FAO maximum soil moisture",
    schema: predictSchema,
    pathKeys: PREDICT_PATHS,
    common: ["threads", "device"],
    options: [
      { flags: "--model <dir>", description: "a model folder (model.json + model.safetensors)", cliOnly: true, default: "models/cwsc_resnet32" },
      { flags: "--out <file.tif>", description: "the GeoTIFF to write; the PNG map and the comparison go beside it", cliOnly: true },
    ],
    run(cfg, ctx) {
      const out = ctx.options.out as string | undefined;
      if (!out) throw new Error("--out: the GeoTIFF to write is required (e.g. --out cwsc.tif)");
      const r = predictMap({ model: resolve(ctx.options.model as string), out: resolve(out), inputs: cfg.inputs, compareWith: cfg.compare_with, device: ctx.device, source: ctx.configPath ?? "config" });
      console.log(`${r.tif}: ${r.cells} land cells in ${r.seconds.toFixed(1)} s; capacity min ${r.stats.min.toFixed(0)}, median ${r.stats.median.toFixed(0)}, max ${r.stats.max.toFixed(0)} mm`);
      console.log(`map: ${r.png}`);
      if (r.comparison)
        console.log(`against ${r.comparison.grid} on ${r.comparison.cells} cells: Pearson r ${fmt(r.comparison.pearson)} (of logs ${fmt(r.comparison.pearson_log)}), Spearman ${fmt(r.comparison.spearman)}`);
    },
  });
  addCapabilityCommand(cwsc, {
    name: "evaluate",
    description: "R², RMSE and bias of each split's network on its training and test basins; ends with the cwsc summary line",
    schema: z.object({}).strict(),
    config: "none",
    requiredCommon: ["run-dir"],
    common: ["threads", "device"],
    run(_cfg, ctx) {
      const r = evaluateRun(ctx.runDir as string, ctx.device);
      console.log("split    set    basins  R²      RMSE(mm)  bias(mm)  cells  cell R²");
      const row = (kind: string, set: string, m: { groups: number; r2: number; rmse: number; bias: number; cells: number; cell_r2: number }) =>
        console.log(`${kind.padEnd(8)} ${set.padEnd(6)} ${String(m.groups).padStart(6)}  ${fmt(m.r2).padStart(6)}  ${m.rmse.toFixed(1).padStart(8)}  ${m.bias.toFixed(1).padStart(8)}  ${String(m.cells).padStart(5)}  ${fmt(m.cell_r2).padStart(7)}`);
      for (const s of r.splits) for (const set of ["train", "test"] as const) row(s.kind, set, s[set]);
      console.log(`ridge regression on basin-mean inputs, same splits (a linear baseline):`);
      for (const s of r.splits) for (const set of ["train", "test"] as const) row(s.kind, set, s.baseline[set]);
      console.log(r.line);
    },
  });
}
