// `catchment water labels`: the label-noise correction of seed 001. Step 0 fits a normal model of
// the spectra per class and flips or drops labels improbable under their class; then each
// self-learning round trains the pixel CNN on the current labels (balanced), predicts the training
// scenes, and relabels the pixels where the CNN gives the other class a confident (prior-corrected)
// probability. How many labels changed is recorded per round.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WaterConfig } from "./config.js";
import { Prepared } from "./prepare.js";
import { LabelItem, correctLabels, fitNormalModels, NoiseCounts } from "./noise.js";
import { LABEL } from "./qa.js";
import { TrainingScene, candidates, fitBandNormalization, normalize } from "./samples.js";
import { priorCorrected, priorThreshold, trainPixelCnn } from "./train.js";
import { predictRaster } from "./predict.js";
import { writeFileAtomic } from "../util/atomic-write.js";

export interface RoundRecord {
  round: number;
  step: string;
  land_to_water: number;
  water_to_land: number;
  dropped_land: number;
  dropped_water: number;
  water_labels: number;
  land_labels: number;
}

export interface CorrectOptions {
  runDir: string;
  device: string;
  resume: boolean;
}

/** Water share of the known labels in the training area. */
export function waterShare(p: Prepared, labels: Uint8Array[]): { share: number; water: number; land: number } {
  let water = 0;
  let land = 0;
  for (const k of p.train) {
    const m = p.trainMask[k];
    const l = labels[k];
    for (let i = 0; i < l.length; i++) {
      if (m && !m[i]) continue;
      if (l[i] === LABEL.water) water++;
      else if (l[i] === LABEL.land) land++;
    }
  }
  return { share: water / Math.max(1, water + land), water, land };
}

export function trainingScenes(p: Prepared, labels: Uint8Array[]): TrainingScene[] {
  return p.train.map((k) => ({ raster: p.scenes[k].raster, labels: labels[k], trainMask: p.trainMask[k] }));
}

const record = (round: number, step: string, c: NoiseCounts, p: Prepared, labels: Uint8Array[]): RoundRecord => {
  const s = waterShare(p, labels);
  return { round, step, land_to_water: c.landToWater, water_to_land: c.waterToLand, dropped_land: c.droppedLand, dropped_water: c.droppedWater, water_labels: s.water, land_labels: s.land };
};

function roundFile(runDir: string, round: number): string {
  return join(runDir, "labels", `round_${round}`, "labels.bin");
}

function saveRoundLabels(path: string, labels: Uint8Array[], rec: RoundRecord): void {
  writeFileAtomic(path, [Buffer.from(JSON.stringify(rec) + "\n"), ...labels]);
}

function loadRoundLabels(path: string, like: Uint8Array[]): { labels: Uint8Array[]; rec: RoundRecord } {
  const buf = readFileSync(path);
  const nl = buf.indexOf(10);
  const rec = JSON.parse(buf.subarray(0, nl).toString("utf8")) as RoundRecord;
  let off = nl + 1;
  const labels = like.map((l) => {
    const out = Uint8Array.from(buf.subarray(off, off + l.length));
    off += l.length;
    return out;
  });
  return { labels, rec };
}

export function correctNoise(cfg: WaterConfig, p: Prepared, o: CorrectOptions): { labels: Uint8Array[]; rounds: RoundRecord[] } {
  const labels = p.labels.map((l) => Uint8Array.from(l));
  const rounds: RoundRecord[] = [];
  // step 0: normal models of the spectra of each class
  const items: LabelItem[] = p.train.map((k) => ({ raster: p.scenes[k].raster, labels: labels[k], fitMask: p.trainMask[k] ?? undefined }));
  const models = fitNormalModels(items, cfg.noise.alpha);
  rounds.push(record(0, "normal models", correctLabels(items, models, cfg.noise.action), p, labels));

  for (let r = 1; r <= cfg.noise.rounds; r++) {
    const file = roundFile(o.runDir, r);
    if (o.resume && existsSync(file)) {
      const done = loadRoundLabels(file, labels);
      done.labels.forEach((l, k) => labels[k].set(l));
      rounds.push(done.rec);
      continue;
    }
    const scenes = trainingScenes(p, labels);
    const normalization = fitBandNormalization(scenes);
    const stacks = scenes.map((s) => normalize(s.raster, normalization));
    const { water, land } = candidates(scenes, stacks);
    const prior = waterShare(p, labels).share;
    const { model } = trainPixelCnn(
      { stacks, water, land, bands: p.bands, normalization },
      {
        epochs: cfg.noise.epochs_per_round,
        samplesPerClass: cfg.train.samples_per_class,
        batchSize: cfg.train.batch_size,
        learningRate: cfg.train.learning_rate,
        widths: cfg.train.widths,
        activation: cfg.train.activation,
        seed: cfg.seed * 1000 + r,
        runDir: join(o.runDir, "labels", `round_${r}`),
        resume: o.resume,
        device: o.device,
        label: `self-learning round ${r}/${cfg.noise.rounds}`,
      },
      { threshold: priorThreshold(prior), trained: {} },
    );
    const counts: NoiseCounts = { landToWater: 0, waterToLand: 0, droppedLand: 0, droppedWater: 0 };
    for (const k of p.train) {
      const prob = predictRaster(model, p.scenes[k].raster, { device: o.device }).probability;
      const l = labels[k];
      for (let i = 0; i < l.length; i++) {
        if (Number.isNaN(prob[i]) || l[i] === LABEL.unknown) continue;
        const q = priorCorrected(prob[i], prior);
        if (l[i] === LABEL.land && q >= cfg.noise.confidence) {
          l[i] = LABEL.water;
          counts.landToWater++;
        } else if (l[i] === LABEL.water && q <= 1 - cfg.noise.confidence) {
          l[i] = LABEL.land;
          counts.waterToLand++;
        }
      }
    }
    model.net.dispose();
    const rec = record(r, "self-learning", counts, p, labels);
    saveRoundLabels(file, labels, rec);
    rounds.push(rec);
  }
  return { labels, rounds };
}
