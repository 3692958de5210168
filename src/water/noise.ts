// Label-noise correction, step one (seed 001: "under the assumption that the feature spectra are
// normally distributed"): a multivariate normal model of the spectra of each class, fitted to the
// labels with trimming (refitted on the labels it finds probable), then every label whose spectrum
// is improbable under its own class (squared Mahalanobis distance beyond the χ² quantile 1 − α) is
// flipped when the other class explains it and is more likely, and dropped otherwise.
import { Raster } from "../geo/raster.js";
import { LABEL } from "./qa.js";

export interface ClassModel {
  mean: Float64Array;
  /** Cholesky factor L of the covariance (row-major, lower), Σ = L Lᵀ */
  chol: Float64Array;
  logDet: number;
  count: number;
}

export interface LabelItem {
  raster: Raster;
  labels: Uint8Array;
  /** pixels whose labels may be used to fit the models (the training area); all when omitted */
  fitMask?: Uint8Array;
}

export interface NoiseCounts {
  landToWater: number;
  waterToLand: number;
  droppedLand: number;
  droppedWater: number;
}

// ---- χ² quantiles ------------------------------------------------------------------------------

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized lower incomplete gamma function P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lead = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(lead);
  }
  // continued fraction for Q(a, x) (modified Lentz)
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return 1 - Math.exp(lead) * h;
}

export const chiSquareCdf = (x: number, k: number) => gammaP(k / 2, x / 2);

/** The x with P(χ²_k ≤ x) = p. */
export function chiSquareQuantile(p: number, k: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`χ² quantile: p must be in (0, 1), got ${p}`);
  let lo = 0;
  let hi = Math.max(1, k);
  while (chiSquareCdf(hi, k) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareCdf(mid, k) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---- class models -----------------------------------------------------------------------------

function spectrum(r: Raster, i: number, out: Float64Array): boolean {
  for (let b = 0; b < r.bands.length; b++) {
    const v = r.bands[b].data[i];
    if (!Number.isFinite(v)) return false;
    out[b] = v;
  }
  return true;
}

function cholesky(cov: Float64Array, B: number): Float64Array {
  const L = new Float64Array(B * B);
  for (let i = 0; i < B; i++)
    for (let j = 0; j <= i; j++) {
      let s = cov[i * B + j];
      for (let k = 0; k < j; k++) s -= L[i * B + k] * L[j * B + k];
      if (i === j) {
        if (!(s > 0)) throw new Error("class model: the spectra's covariance is not positive definite (constant or collinear bands)");
        L[i * B + i] = Math.sqrt(s);
      } else L[i * B + j] = s / L[j * B + j];
    }
  return L;
}

/** Squared Mahalanobis distance of x under the model. */
export function mahalanobis2(m: ClassModel, x: Float64Array): number {
  const B = m.mean.length;
  const y = new Float64Array(B);
  let d = 0;
  for (let i = 0; i < B; i++) {
    let s = x[i] - m.mean[i];
    for (let k = 0; k < i; k++) s -= m.chol[i * B + k] * y[k];
    y[i] = s / m.chol[i * B + i];
    d += y[i] * y[i];
  }
  return d;
}

const logLikelihood = (m: ClassModel, d2: number) => -0.5 * (d2 + m.logDet + m.mean.length * Math.log(2 * Math.PI));

/** Mean and covariance of the spectra of the pixels `use(item, i)` selects. */
export function fitClassModel(items: LabelItem[], use: (item: number, i: number) => boolean): ClassModel {
  const B = items[0].raster.bands.length;
  const x = new Float64Array(B);
  const mean = new Float64Array(B);
  const m2 = new Float64Array(B * B);
  const delta = new Float64Array(B);
  let n = 0;
  items.forEach((it, k) => {
    const count = it.raster.width * it.raster.height;
    for (let i = 0; i < count; i++) {
      if (!use(k, i) || !spectrum(it.raster, i, x)) continue;
      n++;
      // Welford's update of the mean and the co-moments
      for (let b = 0; b < B; b++) {
        delta[b] = x[b] - mean[b];
        mean[b] += delta[b] / n;
      }
      for (let a = 0; a < B; a++) for (let b = 0; b <= a; b++) m2[a * B + b] += delta[a] * (x[b] - mean[b]);
    }
  });
  if (n <= B) throw new Error(`class model: ${n} labelled pixels with complete spectra; at least ${B + 1} are needed for ${B} bands`);
  const cov = new Float64Array(B * B);
  let trace = 0;
  for (let a = 0; a < B; a++)
    for (let b = 0; b <= a; b++) {
      cov[a * B + b] = cov[b * B + a] = m2[a * B + b] / (n - 1);
      if (a === b) trace += cov[a * B + a];
    }
  // a small ridge keeps quantised or nearly collinear bands invertible
  for (let a = 0; a < B; a++) cov[a * B + a] += 1e-9 * (trace / B) + 1e-12;
  const chol = cholesky(cov, B);
  let logDet = 0;
  for (let a = 0; a < B; a++) logDet += 2 * Math.log(chol[a * B + a]);
  return { mean, chol, logDet, count: n };
}

export interface NormalModels {
  land: ClassModel;
  water: ClassModel;
  /** the χ² quantile beyond which a spectrum is improbable */
  limit: number;
}

/**
 * Fits one model per class, `trim` times refitted on the labels within the χ² limit (so that the
 * noise does not widen the model that is to find it).
 */
export function fitNormalModels(items: LabelItem[], alpha: number, trim = 3): NormalModels {
  const B = items[0].raster.bands.length;
  const limit = chiSquareQuantile(1 - alpha, B);
  const x = new Float64Array(B);
  const fit = (cls: number, previous: ClassModel | null) =>
    fitClassModel(items, (k, i) => {
      const it = items[k];
      if (it.labels[i] !== cls || (it.fitMask && !it.fitMask[i])) return false;
      if (!previous) return true;
      return spectrum(it.raster, i, x) && mahalanobis2(previous, x) <= limit;
    });
  let land = fit(LABEL.land, null);
  let water = fit(LABEL.water, null);
  for (let t = 0; t < trim; t++) {
    land = fit(LABEL.land, land);
    water = fit(LABEL.water, water);
  }
  return { land, water, limit };
}

/** Corrects the labels in place; returns how many changed. */
export function correctLabels(items: LabelItem[], models: NormalModels, action: "flip" | "flag"): NoiseCounts {
  const B = items[0].raster.bands.length;
  const x = new Float64Array(B);
  const counts: NoiseCounts = { landToWater: 0, waterToLand: 0, droppedLand: 0, droppedWater: 0 };
  for (const it of items) {
    const n = it.raster.width * it.raster.height;
    for (let i = 0; i < n; i++) {
      const l = it.labels[i];
      if (l !== LABEL.land && l !== LABEL.water) continue;
      if (!spectrum(it.raster, i, x)) continue;
      const own = l === LABEL.water ? models.water : models.land;
      const other = l === LABEL.water ? models.land : models.water;
      const dOwn = mahalanobis2(own, x);
      if (dOwn <= models.limit) continue;
      const dOther = mahalanobis2(other, x);
      const flip = action === "flip" && dOther <= models.limit && logLikelihood(other, dOther) > logLikelihood(own, dOwn);
      if (flip) {
        it.labels[i] = l === LABEL.water ? LABEL.land : LABEL.water;
        if (l === LABEL.water) counts.waterToLand++;
        else counts.landToWater++;
      } else {
        it.labels[i] = LABEL.unknown;
        if (l === LABEL.water) counts.droppedWater++;
        else counts.droppedLand++;
      }
    }
  }
  return counts;
}
