// Training scenes and patches: a fine DEM, its synthetic global-DEM-like inputs (a fresh seeded
// realization per epoch), optional OSM layers, and windows encoded for the network. Elevation
// bands are taken relative to each window's own offset (the mean of its global-DEM cells) and
// divided by one scale fitted on the training area, so the model learns terrain shapes, not the
// absolute heights of one place.
import { Window } from "../geo/index.js";
import { GdemName, gdemProfiles, degradeScene } from "./degrade.js";
import { Rng, rng } from "./fields.js";

export interface Scene {
  width: number;
  height: number;
  /** input channels on the fine grid (NaN = missing), in model order; a layer (never an elevation) may be null: not given */
  inputs: (Float32Array | null)[];
  names: string[];
  /** the first `elevationChannels` inputs are elevations (the global DEMs) */
  elevationChannels: number;
  /** reference elevations (NaN = nodata, never trained on) */
  target: Float32Array | null;
}

export interface BandNorm {
  name: string;
  mean: number;
  std: number;
}

export interface DemNormalization {
  /** metres per normalized unit for every elevation band and the target */
  elevation_scale: number;
  /** mean and std of the other (non-elevation) bands over the training area (NaN for a band a scene does not have; std 0 for a constant band is replaced by 1 when the scenes are combined) */
  layers: BandNorm[];
}

export interface SceneSource {
  /** the fine DEM on the target grid, NaN = nodata */
  dem: Float32Array;
  width: number;
  height: number;
  cell: number;
  /** building heights above ground (m) on the grid, if footprints are known */
  buildings?: Float32Array;
  /** extra 0/1 or continuous layers, already on the grid (e.g. osm_buildings, osm_roads); null: not known for this source */
  layers?: { name: string; data: Float32Array | null }[];
}

export interface RealizationOptions {
  seed: number;
  gdems: GdemName[];
  jitter: number;
  reliefScale: [number, number];
  canopyCover: [number, number];
}

const uniform = (r: Rng, [a, b]: [number, number]) => a + (b - a) * r();

/** One synthetic world: the fine DEM (its relief scaled by a random factor) and its degraded products. */
export function realize(src: SceneSource, o: RealizationOptions): Scene {
  const r = rng(o.seed);
  const s = Math.exp(uniform(r, [Math.log(o.reliefScale[0]), Math.log(o.reliefScale[1])]));
  let sum = 0, n = 0;
  for (const v of src.dem) if (!Number.isNaN(v)) {
    sum += v;
    n++;
  }
  const m = sum / n;
  const dem = s === 1 ? src.dem : Float32Array.from(src.dem, (v) => m + s * (v - m));
  const variants = degradeScene(dem, src.width, src.height, o.gdems.map((g) => gdemProfiles[g]), {
    seed: Math.floor(r() * 2 ** 31),
    cell: src.cell,
    buildings: src.buildings,
    canopyCover: uniform(r, o.canopyCover),
    jitter: o.jitter,
  });
  const layers = src.layers ?? [];
  return {
    width: src.width,
    height: src.height,
    inputs: [...variants.map((v) => v.fine), ...layers.map((l) => l.data)],
    names: [...variants.map((v) => `gdem_${v.name}`), ...layers.map((l) => l.name)],
    elevationChannels: variants.length,
    target: dem,
  };
}

/** The mean of the valid global-DEM cells of a window (NaN when it has none). */
export function windowOffset(scene: Scene, w: Window): number {
  let s = 0, n = 0;
  for (let c = 0; c < scene.elevationChannels; c++) {
    const a = scene.inputs[c] as Float32Array;
    for (let y = w.y; y < w.y + w.size; y++)
      for (let x = w.x; x < w.x + w.size; x++) {
        const v = a[y * scene.width + x];
        if (!Number.isNaN(v)) {
          s += v;
          n++;
        }
      }
  }
  return n ? s / n : NaN;
}

/** Scale and layer statistics from the training windows of a scene. */
export function fitDemNormalization(scene: Scene, windows: Window[]): DemNormalization {
  let s2 = 0, n = 0;
  for (const w of windows) {
    const off = windowOffset(scene, w);
    if (!Number.isFinite(off)) continue;
    const t = scene.target as Float32Array;
    for (let y = w.y; y < w.y + w.size; y++)
      for (let x = w.x; x < w.x + w.size; x++) {
        const v = t[y * scene.width + x];
        if (!Number.isNaN(v)) {
          s2 += (v - off) ** 2;
          n++;
        }
      }
  }
  if (n === 0) throw new Error("no valid reference cell in the training windows");
  const layers = scene.inputs.slice(scene.elevationChannels).map((a, k) => {
    let s = 0, q = 0, m = 0;
    if (a) for (const w of windows)
      for (let y = w.y; y < w.y + w.size; y++)
        for (let x = w.x; x < w.x + w.size; x++) {
          const v = a[y * scene.width + x];
          if (Number.isNaN(v)) continue;
          s += v;
          q += v * v;
          m++;
        }
    const mean = m ? s / m : NaN;
    const std = m ? Math.sqrt(Math.max(q / m - mean * mean, 0)) : NaN;
    return { name: scene.names[scene.elevationChannels + k], mean, std };
  });
  return { elevation_scale: Math.max(Math.sqrt(s2 / n), 0.1), layers };
}

export interface EncodedBatch {
  x: Float32Array;
  /** target in normalized units (0 where masked) */
  y: Float32Array;
  /** 1 where the target is valid */
  mask: Float32Array;
  offsets: Float64Array;
  shape: [number, number, number, number];
}

/** Index of the source cell for output cell (r, c) under one of the 8 square symmetries. */
function symmetric(op: number, r: number, c: number, size: number): [number, number] {
  const last = size - 1;
  let rr = r, cc = c;
  if (op & 4) cc = last - cc;
  switch (op & 3) {
    case 1: return [cc, last - rr];
    case 2: return [last - rr, last - cc];
    case 3: return [last - cc, rr];
    default: return [rr, cc];
  }
}

export interface EncodeOptions {
  /** a random rotation/flip per window */
  augment?: Rng;
  /**
   * Layers are optional: one "given" channel per layer (1 where the layer was given, 0 where not) is
   * appended after the inputs, and a layer that is null in the scene is encoded as 0 with given = 0.
   */
  layerFlags?: boolean;
  /** with layerFlags: each layer of each window is dropped (as if not given) with this probability; needs `augment` */
  layerDropout?: number;
}

/** Channels of the network input: the scene's inputs, then one given-flag per layer when layers are optional. */
export function inputChannels(inputs: number, elevationInputs: number, layerFlags: boolean): number {
  return inputs + (layerFlags ? inputs - elevationInputs : 0);
}

/**
 * Windows as [N, C, size, size] network inputs (and targets when the scene has them). `augment`
 * applies a random rotation/flip per window.
 */
export function encodeWindows(scene: Scene, windows: Window[], norm: DemNormalization, o: EncodeOptions | Rng = {}): EncodedBatch {
  const opts: EncodeOptions = typeof o === "function" ? { augment: o } : o;
  const augment = opts.augment;
  const size = windows[0].size;
  const I = scene.inputs.length;
  const E = scene.elevationChannels;
  const L = I - E;
  const flags = opts.layerFlags === true;
  if (!flags) scene.inputs.forEach((a, k) => { if (!a) throw new Error(`input '${scene.names[k]}' is not given and this model needs it`); });
  const C = inputChannels(I, E, flags);
  const S = size * size;
  const x = new Float32Array(windows.length * C * S);
  const y = new Float32Array(windows.length * S);
  const mask = new Float32Array(windows.length * S);
  const offsets = new Float64Array(windows.length);
  const scale = norm.elevation_scale;
  const elev = scene.inputs.slice(0, E) as Float32Array[];
  windows.forEach((w, n) => {
    const off = windowOffset(scene, w);
    offsets[n] = Number.isFinite(off) ? off : 0;
    const op = augment ? Math.floor(augment() * 8) : 0;
    const given = scene.inputs.slice(E).map((a) => a !== null && !(augment && (opts.layerDropout ?? 0) > 0 && augment() < (opts.layerDropout as number)));
    for (let k = 0; k < L; k++) if (flags && given[k]) x.fill(1, (n * C + I + k) * S, (n * C + I + k + 1) * S);
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) {
        const [sr, sc] = symmetric(op, r, c, size);
        const cell = (w.y + sr) * scene.width + w.x + sc;
        const o = r * size + c;
        // a global DEM missing at a cell (a void, an edge) takes the mean of those present there
        let present = 0, sum = 0;
        for (let k = 0; k < E; k++) {
          const v = elev[k][cell];
          if (!Number.isNaN(v)) {
            sum += v;
            present++;
          }
        }
        const fill = present ? (sum / present - offsets[n]) / scale : 0;
        for (let k = 0; k < E; k++) {
          const v = elev[k][cell];
          x[(n * C + k) * S + o] = Number.isNaN(v) ? fill : (v - offsets[n]) / scale;
        }
        for (let k = 0; k < L; k++) {
          if (!given[k]) continue;
          const v = (scene.inputs[E + k] as Float32Array)[cell];
          const l = norm.layers[k];
          x[(n * C + E + k) * S + o] = Number.isNaN(v) ? 0 : (v - l.mean) / l.std;
        }
        if (scene.target) {
          const t = scene.target[cell];
          if (!Number.isNaN(t)) {
            y[n * S + o] = (t - offsets[n]) / scale;
            mask[n * S + o] = 1;
          }
        }
      }
  });
  return { x, y, mask, offsets, shape: [windows.length, C, size, size] };
}

/** Fraction of valid reference cells in a window. */
export function validFraction(a: Float32Array, width: number, w: Window): number {
  let n = 0;
  for (let y = w.y; y < w.y + w.size; y++) for (let x = w.x; x < w.x + w.size; x++) if (!Number.isNaN(a[y * width + x])) n++;
  return n / (w.size * w.size);
}

export interface WindowItem {
  scene: Scene;
  window: Window;
}

/** Windows of several scenes (all of one size and channel count) as one batch, in the order given. */
export function encodeItems(items: WindowItem[], norm: DemNormalization, o: EncodeOptions = {}): EncodedBatch {
  const parts = items.map((it) => encodeWindows(it.scene, [it.window], norm, o));
  const [, C, h, w] = parts[0].shape;
  const S = h * w;
  const x = new Float32Array(items.length * C * S);
  const y = new Float32Array(items.length * S);
  const mask = new Float32Array(items.length * S);
  const offsets = new Float64Array(items.length);
  parts.forEach((p, n) => {
    if (p.shape[1] !== C) throw new Error(`windows of one batch have ${C} and ${p.shape[1]} channels`);
    x.set(p.x, n * C * S);
    y.set(p.y, n * S);
    mask.set(p.mask, n * S);
    offsets[n] = p.offsets[0];
  });
  return { x, y, mask, offsets, shape: [items.length, C, h, w] };
}
