// Grid operations the degradation needs: seeded Gaussian noise, Gaussian blur, block averaging to a
// coarser grid and bilinear interpolation back to the fine one (pixel-centre convention, as GDAL).
import { seededRandom } from "../util/random.js";

export type Rng = () => number;

export function rng(seed: number): Rng {
  return seededRandom(seed);
}

/** Standard normal deviates by Box-Muller. */
export function normal(rand: Rng): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function whiteNoise(n: number, rand: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = normal(rand);
  return out;
}

function kernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k.map((v) => v / s);
}

/** Separable Gaussian blur with clamped edges; NaN cells are left out of the weighted mean. */
export function gaussianBlur(data: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (!(sigma > 0)) return Float32Array.from(data);
  const k = kernel(sigma);
  const r = (k.length - 1) / 2;
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let s = 0, w = 0;
        for (let i = -r; i <= r; i++) {
          const xx = horizontal ? Math.min(width - 1, Math.max(0, x + i)) : x;
          const yy = horizontal ? y : Math.min(height - 1, Math.max(0, y + i));
          const v = src[yy * width + xx];
          if (Number.isNaN(v)) continue;
          s += k[i + r] * v;
          w += k[i + r];
        }
        out[y * width + x] = w > 0 ? s / w : NaN;
      }
    return out;
  };
  return pass(pass(data, true), false);
}

/** A spatially correlated Gaussian field with unit standard deviation and correlation length `sigma` cells. */
export function correlatedField(width: number, height: number, sigma: number, rand: Rng): Float32Array {
  const f = gaussianBlur(whiteNoise(width * height, rand), width, height, sigma);
  let s = 0, s2 = 0;
  for (const v of f) {
    s += v;
    s2 += v * v;
  }
  const m = s / f.length;
  const sd = Math.sqrt(Math.max(s2 / f.length - m * m, 1e-12));
  for (let i = 0; i < f.length; i++) f[i] = (f[i] - m) / sd;
  return f;
}

export interface Coarse {
  data: Float32Array;
  width: number;
  height: number;
  /** fine cells per coarse cell */
  factor: number;
  /** fine-grid column and row of the coarse grid's upper-left corner (≤ 0: the coarse grid covers the fine one) */
  offsetX: number;
  offsetY: number;
}

/**
 * Block-averages a fine grid onto a coarse grid of `factor` fine cells per cell whose corner sits
 * `offsetX`, `offsetY` fine cells before the fine grid's (0 ≤ offset < factor), so that the coarse
 * grid covers all of it. NaN cells are skipped; a block under half valid is NaN.
 */
export function blockAverage(data: ArrayLike<number>, width: number, height: number, factor: number, offsetX = 0, offsetY = 0): Coarse {
  const W = Math.ceil((width + offsetX) / factor);
  const H = Math.ceil((height + offsetY) / factor);
  const sum = new Float64Array(W * H);
  const count = new Float64Array(W * H);
  const inside = new Float64Array(W * H);
  for (let y = 0; y < height; y++) {
    const Y = Math.floor((y + offsetY) / factor);
    for (let x = 0; x < width; x++) {
      const i = Y * W + Math.floor((x + offsetX) / factor);
      inside[i]++;
      const v = data[y * width + x];
      if (Number.isNaN(v)) continue;
      sum[i] += v;
      count[i]++;
    }
  }
  const out = new Float32Array(W * H);
  for (let i = 0; i < out.length; i++) out[i] = count[i] > 0 && count[i] * 2 >= inside[i] ? sum[i] / count[i] : NaN;
  return { data: out, width: W, height: H, factor, offsetX: -offsetX, offsetY: -offsetY };
}

/** Bilinear interpolation of a coarse grid at the centres of the fine cells (edges clamped; NaN where a neighbour is NaN). */
export function bilinearToFine(c: Coarse, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = (y + 0.5 - c.offsetY) / c.factor - 0.5;
    const y0 = Math.min(c.height - 1, Math.max(0, Math.floor(fy)));
    const y1 = Math.min(c.height - 1, y0 + 1);
    const ty = Math.min(1, Math.max(0, fy - y0));
    for (let x = 0; x < width; x++) {
      const fx = (x + 0.5 - c.offsetX) / c.factor - 0.5;
      const x0 = Math.min(c.width - 1, Math.max(0, Math.floor(fx)));
      const x1 = Math.min(c.width - 1, x0 + 1);
      const tx = Math.min(1, Math.max(0, fx - x0));
      const a = c.data[y0 * c.width + x0];
      const b = c.data[y0 * c.width + x1];
      const d = c.data[y1 * c.width + x0];
      const e = c.data[y1 * c.width + x1];
      out[y * width + x] = (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * d + tx * e);
    }
  }
  return out;
}

/** The coarse cell under the centre of each fine cell (edges clamped). */
export function nearestToFine(c: Coarse, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const Y = Math.min(c.height - 1, Math.max(0, Math.floor((y + 0.5 - c.offsetY) / c.factor)));
    for (let x = 0; x < width; x++) {
      const X = Math.min(c.width - 1, Math.max(0, Math.floor((x + 0.5 - c.offsetX) / c.factor)));
      out[y * width + x] = c.data[Y * c.width + X];
    }
  }
  return out;
}
