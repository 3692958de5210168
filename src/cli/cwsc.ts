// `catchment cwsc calibrate|train|predict|evaluate`: catchment water storage capacity from
// monthly water-balance calibration and a residual network on global 0.5° grids.
import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../util/config.js";
import { getNumThreads } from "../torch/index.js";
import { calibrateSchema } from "../cwsc/calibration/config.js";
import { calibrate } from "../cwsc/calibration/calibrate.js";
import { configDir, resolveRelative } from "../cwsc/run-dir.js";
import { applyThreads } from "./threads.js";
import { TRAIN_PATHS, trainSchema } from "../cwsc/train-config.js";
import { trainCwsc } from "../cwsc/train.js";
import { evaluateRun } from "../cwsc/evaluate.js";
import { predictMap } from "../cwsc/predict.js";
import { predictSchema } from "../cwsc/predict-config.js";

const CALIBRATE_PATHS = new Set(["dir", "bioclim"]);

function seedOverride(seed: string | undefined): Record<string, unknown> {
  if (seed === undefined) return {};
  const n = Number(seed);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--seed: expected a whole number ≥ 0, got '${seed}'`);
  return { seed: n };
}

export function registerCwsc(program: Command): void {
  const cwsc = program.command("cwsc").description("catchment water storage capacity: monthly water-balance calibration and a global 0.5° ResNet map");
  cwsc
    .command("calibrate")
    .description("calibrate abcd, GR2M and DWBM by KGE with SCE-UA, alone and jointly with one shared storage capacity per basin")
    .requiredOption("--config <file>", "YAML config (see examples/cwsc/calibrate.yml)")
    .option("--run-dir <dir>", "the run's folder", "runs/cwsc/calibrate")
    .option("--seed <n>", "override the config's seed")
    .option("--resume", "continue the run in --run-dir from its finished stages")
    .action(function (this: Command, o: { config: string; runDir: string; seed?: string; resume?: boolean }) {
      applyThreads(this);
      const raw = loadConfig(o.config, calibrateSchema, seedOverride(o.seed));
      const cfg = resolveRelative(raw, configDir(o.config), (k) => CALIBRATE_PATHS.has(k));
      const r = calibrate(cfg, resolve(o.runDir), { resume: !!o.resume, threads: getNumThreads() });
      const s = r.summary;
      const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
      console.log(`run folder: ${r.runDir}`);
      console.log(`${s.basins} basins; median KGE ${Object.entries(s.median_kge).map(([m, v]) => `${m} ${fmt(v)}`).join(", ")}`);
      if (s.median_joint_kge !== null) console.log(`median joint KGE ${fmt(s.median_joint_kge)} (best single model ${s.best_single_model}: ${fmt(s.median_best_single_kge)})`);
      console.log(`labels: ${s.basins - s.masked} basins with KGE > ${cfg.kge_threshold}, ${s.masked} masked`);
    });
  cwsc
    .command("train")
    .description("train the pre-activation ResNet on k×k patches of the input grids, one network per split (random 7:3 over basins, spatially blocked)")
    .requiredOption("--config <file>", "YAML config (see examples/cwsc/train.yml)")
    .option("--run-dir <dir>", "the run's folder", "runs/cwsc/train")
    .option("--seed <n>", "override the config's seed")
    .option("--epochs <n>", "override the config's epochs")
    .option("--device <d>", "libtorch device, e.g. cpu or cuda:0 (CUDA needs a CUDA libtorch via LIBTORCH)")
    .option("--resume", "continue the run in --run-dir from its latest checkpoints")
    .action(function (this: Command, o: { config: string; runDir: string; seed?: string; epochs?: string; device?: string; resume?: boolean }) {
      applyThreads(this);
      const overrides: Record<string, unknown> = { ...seedOverride(o.seed) };
      if (o.epochs !== undefined) overrides.epochs = Number(o.epochs);
      if (o.device !== undefined) overrides.device = o.device;
      const cfg = resolveRelative(loadConfig(o.config, trainSchema, overrides), configDir(o.config), (k) => TRAIN_PATHS.has(k));
      const r = trainCwsc(cfg, resolve(o.runDir), { resume: !!o.resume, threads: getNumThreads(), source: o.config });
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.labels.groups.length} label groups (${r.labels.masked} masked${r.labels.offLand.length ? `, ${r.labels.offLand.length} off land` : ""})`);
      for (const s of r.splits)
        console.log(`${s.kind}: R² train ${s.train.r2.toFixed(3)} (${s.train.groups} basins), test ${s.test.r2.toFixed(3)} (${s.test.groups} basins${s.split.excluded.length ? `; ${s.split.excluded.length} excluded` : ""}); RMSE test ${s.test.rmse.toFixed(1)} mm`);
    });
  cwsc
    .command("predict")
    .description("map the storage capacity of every 0.5° land cell with a trained network: GeoTIFF, PNG map, comparison with FAO maximum soil moisture")
    .requiredOption("--config <file>", "YAML with the input grids' paths (see examples/cwsc/predict.yml)")
    .option("--model <dir>", "a model folder (model.json + model.safetensors)", "models/cwsc_resnet32")
    .requiredOption("--out <file.tif>", "the GeoTIFF to write; the PNG map and the comparison go beside it")
    .option("--device <d>", "libtorch device, e.g. cpu or cuda:0", "cpu")
    .action(function (this: Command, o: { config: string; model: string; out: string; device: string }) {
      applyThreads(this);
      const cfg = resolveRelative(loadConfig(o.config, predictSchema), configDir(o.config), (k) => TRAIN_PATHS.has(k) || k === "compare_with");
      const r = predictMap({ model: resolve(o.model), out: resolve(o.out), inputs: cfg.inputs, compareWith: cfg.compare_with, device: o.device, source: o.config });
      console.log(`${r.tif}: ${r.cells} land cells in ${r.seconds.toFixed(1)} s; capacity min ${r.stats.min.toFixed(0)}, median ${r.stats.median.toFixed(0)}, max ${r.stats.max.toFixed(0)} mm`);
      console.log(`map: ${r.png}`);
      if (r.comparison)
        console.log(`against ${r.comparison.grid} on ${r.comparison.cells} cells: Pearson r ${r.comparison.pearson.toFixed(3)} (of logs ${r.comparison.pearson_log.toFixed(3)}), Spearman ${r.comparison.spearman.toFixed(3)}`);
    });
  cwsc
    .command("evaluate")
    .description("R², RMSE and bias of each split's network on its training and test basins; ends with the cwsc summary line")
    .requiredOption("--run-dir <dir>", "a `cwsc train` run folder")
    .option("--device <d>", "libtorch device", "cpu")
    .action(function (this: Command, o: { runDir: string; device: string }) {
      applyThreads(this);
      const r = evaluateRun(resolve(o.runDir), o.device);
      const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "nan");
      console.log("split    set    basins  R²      RMSE(mm)  bias(mm)  cells  cell R²");
      for (const s of r.splits)
        for (const set of ["train", "test"] as const) {
          const m = s[set];
          console.log(`${s.kind.padEnd(8)} ${set.padEnd(6)} ${String(m.groups).padStart(6)}  ${f(m.r2).padStart(6)}  ${m.rmse.toFixed(1).padStart(8)}  ${m.bias.toFixed(1).padStart(8)}  ${String(m.cells).padStart(5)}  ${f(m.cell_r2).padStart(7)}`);
        }
      console.log(r.line);
    });
}
