// Training windows for the pixel CNN: the labelled pixels of the training area whose 7x7 window is
// complete, drawn in equal numbers from water and non-water each epoch (the seed's balanced
// sampling), gathered from normalised band stacks into [N, B, 7, 7] batches.
import { Raster } from "../geo/raster.js";
import { BandNormalization } from "../geo/patches.js";
import { RunningStats } from "../util/running-stats.js";
import { seededRandom } from "../util/random.js";
import { tensor, Tensor } from "../torch/index.js";
import { WINDOW, HALO } from "./model.js";
import { completeWindows } from "./predict.js";
import { LABEL } from "./qa.js";

export interface TrainingScene {
  raster: Raster;
  labels: Uint8Array;
  /** 1 where the pixel's label may be trained on */
  trainMask: Uint8Array | null;
}

/** Pixels by scene and index. */
export interface SampleSet {
  scene: Uint16Array;
  pixel: Int32Array;
}

export interface Stack {
  width: number;
  height: number;
  bands: number;
  /** [B, H, W] normalised, 0 where invalid */
  data: Float32Array;
  valid: Uint8Array;
}

/** Per-band mean and standard deviation over the valid pixels of the training area. */
export function fitBandNormalization(scenes: TrainingScene[]): BandNormalization[] {
  const B = scenes[0].raster.bands.length;
  return Array.from({ length: B }, (_, b) => {
    const s = new RunningStats();
    for (const sc of scenes) {
      const d = sc.raster.bands[b].data;
      for (let i = 0; i < d.length; i++) if ((!sc.trainMask || sc.trainMask[i]) && Number.isFinite(d[i])) s.add(d[i]);
    }
    if (s.count === 0) throw new Error(`band '${scenes[0].raster.bands[b].name}': no valid pixel in the training area`);
    return { name: scenes[0].raster.bands[b].name, mean: s.mean, std: s.std > 0 ? s.std : 1 };
  });
}

export function normalize(raster: Raster, norm: BandNormalization[]): Stack {
  const n = raster.width * raster.height;
  const B = raster.bands.length;
  const data = new Float32Array(B * n);
  const valid = new Uint8Array(n).fill(1);
  raster.bands.forEach((band, b) => {
    const { mean, std } = norm[b];
    for (let i = 0; i < n; i++) {
      const v = band.data[i];
      if (Number.isFinite(v)) data[b * n + i] = (v - mean) / std;
      else valid[i] = 0;
    }
  });
  return { width: raster.width, height: raster.height, bands: B, data, valid };
}

/** The trainable pixels of each class: labelled, in the training area, with a complete window. */
export function candidates(scenes: TrainingScene[], stacks: Stack[]): { water: SampleSet; land: SampleSet } {
  const lists = { water: [[], []] as number[][], land: [[], []] as number[][] };
  scenes.forEach((sc, k) => {
    const complete = completeWindows(stacks[k].valid, stacks[k].width, stacks[k].height, WINDOW);
    for (let i = 0; i < sc.labels.length; i++) {
      if (!complete[i] || (sc.trainMask && !sc.trainMask[i])) continue;
      const l = sc.labels[i];
      const target = l === LABEL.water ? lists.water : l === LABEL.land ? lists.land : null;
      if (!target) continue;
      target[0].push(k);
      target[1].push(i);
    }
  });
  const set = (l: number[][]): SampleSet => ({ scene: Uint16Array.from(l[0]), pixel: Int32Array.from(l[1]) });
  return { water: set(lists.water), land: set(lists.land) };
}

export interface Sample {
  scene: number;
  pixel: number;
  label: number;
}

/** One epoch's samples: `perClass` of each class (with replacement when a class has fewer), shuffled. */
export function balancedEpoch(water: SampleSet, land: SampleSet, perClass: number, seed: number): Sample[] {
  const rand = seededRandom(seed);
  const out: Sample[] = [];
  for (const [set, label] of [[water, 1], [land, 0]] as const) {
    const n = set.pixel.length;
    if (n === 0) throw new Error(`no ${label ? "water" : "non-water"} pixel to train on: the scene has only one class in its training area`);
    if (n >= perClass) {
      // without replacement: a partial Fisher-Yates over the indices
      const idx = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < perClass; i++) {
        const j = i + Math.floor(rand() * (n - i));
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out.push({ scene: set.scene[idx[i]], pixel: set.pixel[idx[i]], label });
      }
    } else for (let i = 0; i < perClass; i++) {
      const j = Math.floor(rand() * n);
      out.push({ scene: set.scene[j], pixel: set.pixel[j], label });
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** [N, B, 7, 7] windows centred on the samples, and their labels. */
export function gatherBatch(stacks: Stack[], samples: Sample[], device = "cpu"): { x: Tensor; y: Tensor } {
  const B = stacks[0].bands;
  const N = samples.length;
  const x = new Float32Array(N * B * WINDOW * WINDOW);
  const y = new BigInt64Array(N);
  samples.forEach((s, n) => {
    const st = stacks[s.scene];
    const W = st.width;
    const plane = W * st.height;
    const r0 = Math.floor(s.pixel / W) - HALO;
    const c0 = (s.pixel % W) - HALO;
    for (let b = 0; b < B; b++)
      for (let r = 0; r < WINDOW; r++) {
        const src = b * plane + (r0 + r) * W + c0;
        x.set(st.data.subarray(src, src + WINDOW), ((n * B + b) * WINDOW + r) * WINDOW);
      }
    y[n] = BigInt(s.label);
  });
  return { x: tensor(x, [N, B, WINDOW, WINDOW], { device }), y: tensor(y, [N], { device }) };
}
