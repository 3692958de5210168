// The three steps of a water run in one run folder:
//   labels    first labels (QA or index thresholds), noise correction, self-learning rounds
//   train     the pixel CNN on the corrected labels → model/ (model.json, model.safetensors)
//   evaluate  the model and the MNDWI / AWEI baselines against the reference on the test pixels
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeRaster, readRaster } from "../geo/io.js";
import { Raster } from "../geo/raster.js";
import { RunFolder } from "../util/run-folder.js";
import { Interrupted } from "../util/interrupt.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { writeLineChart } from "../viz/chart.js";
import { WaterConfig } from "./config.js";
import { Prepared, prepare } from "./prepare.js";
import { correctNoise, RoundRecord, trainingScenes, waterShare } from "./correct.js";
import { labelMaps, shareMaps } from "./maps.js";
import { candidates, fitBandNormalization, normalize } from "./samples.js";
import { priorThreshold, trainPixelCnn } from "./train.js";
import { saveWaterModel } from "./model-file.js";
import { LABEL } from "./qa.js";

export interface StepOptions {
  runDir: string;
  device: string;
  threads: number;
  command: string;
  resume: boolean;
}

/** The parts of the config the labels depend on; train and evaluate refuse labels made from others. */
export function labelsKey(cfg: WaterConfig): string {
  const { scene, series, index_bands, reflectance_scale, reflectance_offset, labels, noise, split, seed } = cfg;
  const train = { ...cfg.train, epochs: undefined, threshold: undefined };
  return createHash("sha256").update(JSON.stringify({ scene, series, index_bands, reflectance_scale, reflectance_offset, labels, noise, split, seed, train })).digest("hex").slice(0, 16);
}

function startFolder(cfg: WaterConfig, o: StepOptions): RunFolder {
  return RunFolder.start(o.runDir, { config: cfg, command: o.command, threads: o.threads, device: o.device, seeds: { seed: cfg.seed, split: cfg.split.seed }, resume: existsSync(join(o.runDir, "run.json")) });
}

const labelsDir = (runDir: string) => join(runDir, "labels");

function labelRaster(p: Prepared, labels: Uint8Array[], which: number[]): Raster {
  const g = p.scenes[0].raster;
  return { width: g.width, height: g.height, geotransform: g.geotransform, crs: g.crs, bands: which.map((k) => ({ name: p.scenes[k].id, type: "Byte", nodata: LABEL.unknown, data: labels[k] })) };
}

/** Share of a series' labelled dates on which each pixel is labelled water. */
function waterFrequency(labels: Uint8Array[], which: number[]): Float32Array {
  const n = labels[0].length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let w = 0;
    let k = 0;
    for (const t of which) {
      const l = labels[t][i];
      if (l === LABEL.water) w++;
      if (l !== LABEL.unknown) k++;
    }
    out[i] = k ? w / k : NaN;
  }
  return out;
}

export interface LabelsResult {
  rounds: RoundRecord[];
  dir: string;
}

export function runLabels(cfg: WaterConfig, o: StepOptions): LabelsResult {
  const p = prepare(cfg);
  const folder = startFolder(cfg, o);
  return folderRun(folder, () => {
    const dir = labelsDir(o.runDir);
    const { labels, rounds } = correctNoise(cfg, p, o);
    const g = p.scenes[0].raster;
    if (p.kind === "scene") {
      writeRaster(join(o.runDir, "scene.tif"), g);
      writeRaster(join(dir, "initial.tif"), labelRaster(p, p.labels, [0]));
      writeRaster(join(dir, "corrected.tif"), labelRaster(p, labels, [0]));
      labelMaps(join(dir, "labels_before_after.png"), g.width, g.height, `${cfg.experiment_name}: water labels (${cfg.labels.source})`, p.labels[0], labels[0]);
    } else {
      const all = p.scenes.map((_, k) => k);
      writeRaster(join(dir, "initial.tif"), labelRaster(p, p.labels, all));
      writeRaster(join(dir, "corrected.tif"), labelRaster(p, labels, all));
      shareMaps(join(dir, "labels_before_after.png"), g.width, g.height, `${cfg.experiment_name}: share of labelled training dates labelled water`, [
        { title: "before label-noise correction", share: waterFrequency(p.labels, p.train) },
        { title: "after label-noise correction", share: waterFrequency(labels, p.train) },
      ]);
      for (const k of p.test) writeRaster(join(o.runDir, "scenes", `${p.scenes[k].id}.tif`), p.scenes[k].raster);
    }
    const header = ["round", "step", "land_to_water", "water_to_land", "dropped_land", "dropped_water", "water_labels", "land_labels"] as const;
    writeFileAtomic(join(dir, "rounds.csv"), toCsv([...header], rounds.map((r) => header.map((h) => r[h]))));
    writeFileAtomic(join(dir, "labels.json"), JSON.stringify({ key: labelsKey(cfg), scenes: p.scenes.map((s) => s.id), train: p.train, test: p.test, rounds }, null, 2) + "\n");
    return { rounds, dir };
  });
}

function folderRun<T>(folder: RunFolder, work: () => T): T {
  try {
    const r = work();
    folder.finish("complete");
    return r;
  } catch (e) {
    folder.finish(e instanceof Interrupted ? "interrupted" : "failed", e);
    throw e;
  }
}

/** The corrected labels of a run folder, refused when they were made from another config. */
export function readCorrectedLabels(cfg: WaterConfig, runDir: string, p: Prepared): Uint8Array[] {
  const info = join(labelsDir(runDir), "labels.json");
  if (!existsSync(info)) throw new Error(`${runDir}: no labels yet; run \`catchment water labels\` with this config and run folder first`);
  const stored = JSON.parse(readFileSync(info, "utf8")) as { key: string };
  if (stored.key !== labelsKey(cfg)) throw new Error(`${info}: the labels were made from another config (scene, labels, noise, split or seed differ); run \`catchment water labels\` again or use another run folder`);
  const r = readRaster(join(labelsDir(runDir), "corrected.tif"));
  if (r.bands.length !== p.scenes.length) throw new Error(`${join(labelsDir(runDir), "corrected.tif")}: has ${r.bands.length} bands for ${p.scenes.length} scenes`);
  return r.bands.map((b) => Uint8Array.from(b.data));
}

export const modelDir = (runDir: string) => join(runDir, "model");

export interface TrainStepResult {
  modelDir: string;
  epochs: number;
  finalLoss: number;
  threshold: number;
  waterLabels: number;
  landLabels: number;
}

export function runTrain(cfg: WaterConfig, o: StepOptions): TrainStepResult {
  const p = prepare(cfg);
  const labels = readCorrectedLabels(cfg, o.runDir, p);
  const folder = startFolder(cfg, o);
  return folderRun(folder, () => {
    const scenes = trainingScenes(p, labels);
    const normalization = fitBandNormalization(scenes);
    const stacks = scenes.map((s) => normalize(s.raster, normalization));
    const { water, land } = candidates(scenes, stacks);
    const share = waterShare(p, labels);
    const threshold = cfg.train.threshold === "prior" ? priorThreshold(share.share) : cfg.train.threshold;
    const dir = modelDir(o.runDir);
    const { model, history } = trainPixelCnn(
      { stacks, water, land, bands: p.bands, normalization },
      {
        epochs: cfg.train.epochs,
        samplesPerClass: cfg.train.samples_per_class,
        batchSize: cfg.train.batch_size,
        learningRate: cfg.train.learning_rate,
        widths: cfg.train.widths,
        activation: cfg.train.activation,
        seed: cfg.seed,
        runDir: dir,
        resume: o.resume,
        device: o.device,
      },
      { threshold, trained: {} },
    );
    const last = history[history.length - 1];
    saveWaterModel(dir, model.net.to("cpu"), {
      bands: p.bands,
      normalization,
      threshold,
      trained: {
        experiment: cfg.experiment_name,
        labels: cfg.labels.source === "qa" ? `QA (${cfg.labels.product})` : "index thresholds",
        noise_rounds: cfg.noise.rounds,
        epochs: history.length,
        samples_per_class: cfg.train.samples_per_class,
        water_label_share: Number(share.share.toFixed(5)),
        seed: cfg.seed,
        final_train_loss: last.train_loss,
      },
    });
    writeLineChart(join(dir, "loss_curve.png"), [{ label: "training loss (cross-entropy)", x: history.map((h) => h.epoch), y: history.map((h) => h.train_loss) }], {
      title: `${cfg.experiment_name}: pixel CNN training`,
      xLabel: "epoch",
      yLabel: "loss",
      integerX: true,
    });
    model.net.dispose();
    folder.note({ model_threshold: threshold, water_label_share: share.share });
    return { modelDir: dir, epochs: history.length, finalLoss: last.train_loss, threshold, waterLabels: share.water, landLabels: share.land };
  });
}
