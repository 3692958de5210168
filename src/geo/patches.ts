// Patches for networks: sliding windows, filters, spatial splits that do not leak, conversion to
// [N, C, H, W] arrays with per-band normalization, and stitching predictions back with blending.
import { Band, Raster, isValid } from "./raster.js";
import { shuffled } from "../util/random.js";
import { RunningStats } from "../util/running-stats.js";

export interface Window {
  x: number;
  y: number;
  size: number;
}

/** Windows of size × size every `stride` cells, the last row and column snapped to the edge so the whole raster is covered. */
export function slidingWindows(width: number, height: number, size: number, stride = size): Window[] {
  if (!(size >= 1 && stride >= 1)) throw new RangeError(`patch size and stride must be ≥ 1, got ${size} and ${stride}`);
  if (size > width || size > height) throw new RangeError(`patch size ${size} is larger than the ${width}×${height} raster`);
  const starts = (n: number) => {
    const s: number[] = [];
    for (let v = 0; v + size <= n; v += stride) s.push(v);
    if (s[s.length - 1] !== n - size) s.push(n - size);
    return s;
  };
  const windows: Window[] = [];
  for (const y of starts(height)) for (const x of starts(width)) windows.push({ x, y, size });
  return windows;
}

export function nodataFraction(band: Band, width: number, w: Window): number {
  let missing = 0;
  for (let r = w.y; r < w.y + w.size; r++) for (let c = w.x; c < w.x + w.size; c++) if (!isValid(band.data[r * width + c], band.nodata)) missing++;
  return missing / (w.size * w.size);
}

export function containsAny(mask: ArrayLike<number>, width: number, w: Window): boolean {
  for (let r = w.y; r < w.y + w.size; r++) for (let c = w.x; c < w.x + w.size; c++) if (mask[r * width + c] > 0) return true;
  return false;
}

export interface PatchFilter {
  /** Keep windows where no band has more than this fraction of nodata (default 0). */
  maxNodataFraction?: number;
  /** Keep only windows where this mask (e.g. rasterized buildings) is non-zero somewhere. */
  mustContain?: ArrayLike<number>;
}

export function filterWindows(raster: Raster, windows: Window[], f: PatchFilter): Window[] {
  const limit = f.maxNodataFraction ?? 0;
  return windows.filter(
    (w) => raster.bands.every((b) => nodataFraction(b, raster.width, w) <= limit) && (!f.mustContain || containsAny(f.mustContain, raster.width, w)),
  );
}

export type Split = "train" | "validation" | "test";

export interface SpatialSplit {
  train: Window[];
  validation: Window[];
  test: Window[];
  /** Windows that straddle blocks of different splits and were dropped so that no cell is in two splits. */
  dropped: Window[];
}

/**
 * Splits windows by square blocks of `blockSize` cells: whole blocks go to train, validation or
 * test (shuffled with `seed`, in the given fractions). Random pixels or overlapping windows would
 * leak neighbouring, correlated cells across the split.
 */
export function blockSplit(windows: Window[], width: number, height: number, blockSize: number, fractions: [number, number, number], seed: number): SpatialSplit {
  const total = fractions[0] + fractions[1] + fractions[2];
  if (!(total > 0) || fractions.some((f) => f < 0)) throw new RangeError(`split fractions must be ≥ 0 and not all 0, got ${fractions.join(", ")}`);
  const bx = Math.ceil(width / blockSize);
  const by = Math.ceil(height / blockSize);
  const blocks = shuffled(Array.from({ length: bx * by }, (_, i) => i), seed);
  const nTrain = Math.round((blocks.length * fractions[0]) / total);
  const nVal = Math.round((blocks.length * fractions[1]) / total);
  const splitOf = new Array<Split>(blocks.length);
  blocks.forEach((b, i) => (splitOf[b] = i < nTrain ? "train" : i < nTrain + nVal ? "validation" : "test"));
  const out: SpatialSplit = { train: [], validation: [], test: [], dropped: [] };
  for (const w of windows) {
    const kinds = new Set<Split>();
    for (let r = Math.floor(w.y / blockSize); r <= Math.floor((w.y + w.size - 1) / blockSize); r++)
      for (let c = Math.floor(w.x / blockSize); c <= Math.floor((w.x + w.size - 1) / blockSize); c++) kinds.add(splitOf[r * bx + c]);
    if (kinds.size === 1) out[[...kinds][0]].push(w);
    else out.dropped.push(w);
  }
  return out;
}

export interface BandNormalization {
  name: string;
  mean: number;
  std: number;
}

/** Mean and standard deviation of each band over the valid cells of the given windows (the training windows). */
export function fitNormalization(raster: Raster, windows: Window[]): BandNormalization[] {
  return raster.bands.map((b) => {
    const s = new RunningStats();
    for (const w of windows)
      for (let r = w.y; r < w.y + w.size; r++)
        for (let c = w.x; c < w.x + w.size; c++) {
          const v = b.data[r * raster.width + c];
          if (isValid(v, b.nodata)) s.add(v);
        }
    if (s.count === 0) throw new Error(`band '${b.name}': no valid cell in the windows to compute normalization statistics from`);
    return { name: b.name, mean: s.mean, std: s.std > 0 ? s.std : 1 };
  });
}

/** [N, C, size, size] normalized values (nodata → `fill`), ready for a tensor. */
export function windowsToArray(raster: Raster, windows: Window[], norm: BandNormalization[], fill = 0): { data: Float32Array; shape: [number, number, number, number] } {
  if (norm.length !== raster.bands.length || norm.some((n, i) => n.name !== raster.bands[i].name))
    throw new Error(`normalization is for bands [${norm.map((n) => n.name).join(", ")}], the raster has [${raster.bands.map((b) => b.name).join(", ")}]`);
  const size = windows[0]?.size ?? 0;
  const C = raster.bands.length;
  const data = new Float32Array(windows.length * C * size * size);
  windows.forEach((w, n) => {
    if (w.size !== size) throw new RangeError("all windows must have the same size");
    raster.bands.forEach((b, c) => {
      const base = (n * C + c) * size * size;
      for (let r = 0; r < size; r++)
        for (let k = 0; k < size; k++) {
          const v = b.data[(w.y + r) * raster.width + w.x + k];
          data[base + r * size + k] = isValid(v, b.nodata) ? (v - norm[c].mean) / norm[c].std : fill;
        }
    });
  });
  return { data, shape: [windows.length, C, size, size] };
}

/**
 * Weight of a cell at offset i in a window of `size`: a ramp over `margin` cells from each inner
 * edge, full weight at the raster's own edges, so overlapping predictions blend without seams.
 */
function ramp(i: number, size: number, margin: number, atStart: boolean, atEnd: boolean): number {
  const fromStart = atStart ? Infinity : i + 0.5;
  const fromEnd = atEnd ? Infinity : size - i - 0.5;
  return Math.min(1, fromStart / margin, fromEnd / margin);
}

/** The blending weight of every cell of a window (row-major, size × size) within a width × height raster. */
export function windowWeights(w: Window, width: number, height: number, margin?: number): Float32Array {
  const size = w.size;
  const m = Math.max(1, margin ?? size / 4);
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    const wr = ramp(r, size, m, w.y === 0, w.y + size === height);
    for (let k = 0; k < size; k++) out[r * size + k] = wr * ramp(k, size, m, w.x === 0, w.x + size === width);
  }
  return out;
}

/**
 * Stitches per-window predictions [N, C, size, size] into C bands of width × height, blending
 * overlaps with ramp weights over `margin` cells (default: a quarter of the window, at least 1).
 */
export function stitch(predictions: Float32Array, windows: Window[], channels: number, width: number, height: number, margin?: number): Float32Array[] {
  const size = windows[0]?.size ?? 0;
  if (predictions.length !== windows.length * channels * size * size)
    throw new RangeError(`stitch: ${predictions.length} values for ${windows.length} windows of ${channels}×${size}×${size}`);
  const sums = Array.from({ length: channels }, () => new Float64Array(width * height));
  const weights = new Float64Array(width * height);
  const plane = size * size;
  windows.forEach((w, n) => {
    const wt = windowWeights(w, width, height, margin);
    for (let r = 0; r < size; r++) {
      const row = (w.y + r) * width + w.x;
      for (let k = 0; k < size; k++) weights[row + k] += wt[r * size + k];
    }
    for (let c = 0; c < channels; c++) {
      const sum = sums[c];
      const base = (n * channels + c) * plane;
      for (let r = 0; r < size; r++) {
        const row = (w.y + r) * width + w.x;
        const off = base + r * size;
        for (let k = 0; k < size; k++) sum[row + k] += wt[r * size + k] * predictions[off + k];
      }
    }
  });
  return sums.map((s) => {
    const out = new Float32Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = weights[i] > 0 ? s[i] / weights[i] : NaN;
    return out;
  });
}
