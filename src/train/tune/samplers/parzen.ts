// The Parzen estimator of TPE (Bergstra et al. 2011) as Optuna 3.1 builds it: one truncated Gaussian
// per observation plus a prior component (centre of the range, width of the range, weight
// prior_weight), bandwidths from the distances to the neighbouring observations (univariate) or
// Scott's rule (multivariate), the "magic clip" floor on bandwidths, observation weights that ramp
// down for old trials, and for choices a smoothed one-hot kernel. Parameters on a step grid (and
// integers) are modelled on the range widened by half a step and scored by the mass of their cell.
import { Distribution } from "../distributions.js";
import { MersenneTwister } from "../rng.js";
import { logGaussMass, truncnormPpf } from "./truncnorm.js";

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
import { clip } from "./random.js";
import { roundHalfEven } from "./rounding.js";
import { numpyArgsort } from "./argsort.js";

const EPS = 1e-12;
const SIGMA0_MAGNITUDE = 0.2;

export type WeightsFn = (n: number) => Float64Array;

export interface ParzenOptions {
  considerPrior: boolean;
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  weights: WeightsFn;
  multivariate: boolean;
  /**
   * Optuna 3.1's truncated-normal log density leaves out the −log σ of each kernel and scores a log
   * integer by the density at the point; "optuna-3.1" reproduces that, "normalized" uses proper
   * densities (the fixes Optuna made in 3.5 and 4.6).
   */
  density: "optuna-3.1" | "normalized";
}

/** Optuna's default_weights: 1 for the newest 25 observations, a linear ramp from 1/n up to 1 before them. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const m = n - 25;
  // numpy.linspace(1/n, 1, m)
  const start = 1 / n;
  const step = m > 1 ? (1 - start) / (m - 1) : 0;
  for (let i = 0; i < m; i++) w[i] = m > 1 && i === m - 1 ? 1 : start + i * step;
  return w;
}

interface Numerical {
  kind: "numerical";
  low: number;
  high: number;
  q: number | null;
  mus: Float64Array;
  sigmas: Float64Array;
  /** log mass of each kernel inside [low, high], cached for log_pdf. */
  logMass: Float64Array;
  logSigma: Float64Array;
}

interface Categorical {
  kind: "categorical";
  /** (components × choices), each row sums to 1. */
  weights: Float64Array[];
  nChoices: number;
}

type Kernel = Numerical | Categorical;

export class ParzenEstimator {
  private readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly kernels: Record<string, Kernel> = {};
  private readonly names: string[];

  constructor(
    observations: Record<string, Float64Array>,
    private readonly space: Record<string, Distribution>,
    private readonly o: ParzenOptions,
    predeterminedWeights?: Float64Array,
  ) {
    this.names = Object.keys(space);
    const n = observations[this.names[0]].length;
    const considerPrior = o.considerPrior || n === 0;
    this.weights = observationWeights(n, considerPrior, o, predeterminedWeights);
    this.logWeights = this.weights.map(Math.log);
    const sigma0 = o.multivariate ? SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (this.names.length + 4)) : null;
    for (const name of this.names) {
      const d = space[name];
      const obs = toModelSpace(d, observations[name]);
      this.kernels[name] = d.kind === "categorical" ? categoricalKernel(obs, d.choices.length, considerPrior, o.priorWeight) : numericalKernel(d, obs, considerPrior, sigma0, o);
    }
  }

  get nComponents(): number {
    return this.weights.length;
  }

  /** size draws from the mixture, in each distribution's internal form (steps and integers rounded). */
  sample(rng: MersenneTwister, size: number): Record<string, Float64Array> {
    const active = rng.choice(this.weights, size);
    const out: Record<string, Float64Array> = {};
    for (const name of this.names) {
      const k = this.kernels[name];
      const s = new Float64Array(size);
      if (k.kind === "categorical") {
        for (let i = 0; i < size; i++) {
          const u = rng.random();
          const row = k.weights[active[i]];
          let cum = 0;
          let count = 0;
          for (let c = 0; c < row.length; c++) {
            cum += row[c];
            if (cum < u) count++;
          }
          s[i] = count;
        }
      } else {
        const u = new Float64Array(size);
        for (let i = 0; i < size; i++) u[i] = rng.uniform(0, 1);
        for (let i = 0; i < size; i++) {
          const j = active[i];
          const mu = k.mus[j];
          const sigma = k.sigmas[j];
          s[i] = truncnormPpf(u[i], (k.low - mu) / sigma, (k.high - mu) / sigma) * sigma + mu;
        }
      }
      out[name] = fromModelSpace(this.space[name], s, k);
    }
    return out;
  }

  /** log density (or, on grids, log mass) of the mixture at each sample, samples in internal form. */
  logPdf(samples: Record<string, Float64Array>): Float64Array {
    const nSamples = samples[this.names[0]].length;
    const nComp = this.weights.length;
    const out = new Float64Array(nSamples);
    if (nSamples === 0) return out;
    const only = this.kernels[this.names[0]];
    if (this.names.length === 1 && only.kind === "categorical") {
      // one choice parameter: the mixture's probability of each choice, then its log (as Optuna, whose
      // rounding decides between choices that tie exactly)
      const p = new Float64Array(only.nChoices);
      for (let c = 0; c < only.nChoices; c++) for (let j = 0; j < nComp; j++) p[c] += only.weights[j][c] * this.weights[j];
      const x = samples[this.names[0]];
      for (let i = 0; i < nSamples; i++) out[i] = Math.log(p[x[i]]);
      return out;
    }
    const comp = new Float64Array(nSamples * nComp);
    for (const name of this.names) {
      const k = this.kernels[name];
      const x = toModelSpace(this.space[name], samples[name]);
      if (k.kind === "categorical") {
        for (let i = 0; i < nSamples; i++) for (let j = 0; j < nComp; j++) comp[i * nComp + j] += Math.log(k.weights[j][x[i]]);
      } else if (k.q === null) {
        const normalized = this.o.density === "normalized";
        const d = this.space[name];
        if (normalized && d.kind === "int" && d.log) addLogIntCellMass(comp, x, k, nSamples, d.step);
        else {
          const { mus, sigmas, logMass, logSigma, low, high } = k;
          for (let i = 0; i < nSamples; i++) {
            const xi = x[i];
            const row = i * nComp;
            if (!(xi >= low && xi <= high)) {
              for (let j = 0; j < nComp; j++) comp[row + j] = -Infinity;
              continue;
            }
            for (let j = 0; j < nComp; j++) {
              const z = (xi - mus[j]) / sigmas[j];
              comp[row + j] += -(z * z) / 2 - LOG_SQRT_2PI - logMass[j] - (normalized ? logSigma[j] : 0);
            }
          }
        }
      } else {
        const half = k.q / 2;
        const { mus, sigmas, logMass, low, high } = k;
        for (let i = 0; i < nSamples; i++) {
          const upper = Math.min(x[i] + half, high);
          const lower = Math.max(x[i] - half, low);
          const row = i * nComp;
          for (let j = 0; j < nComp; j++) comp[row + j] += logGaussMass((lower - mus[j]) / sigmas[j], (upper - mus[j]) / sigmas[j]) - logMass[j];
        }
      }
    }
    for (let i = 0; i < nSamples; i++) {
      let max = -Infinity;
      for (let j = 0; j < nComp; j++) {
        const v = (comp[i * nComp + j] += this.logWeights[j]);
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < nComp; j++) sum += Math.exp(comp[i * nComp + j] - max);
      out[i] = Math.log(sum) + max;
    }
    return out;
  }
}

/** A log integer's cell [x − ½, x + ½] in log space, clipped to the widened range. */
function addLogIntCellMass(comp: Float64Array, x: Float64Array, k: Numerical, nSamples: number, step: number): void {
  const nComp = k.mus.length;
  for (let i = 0; i < nSamples; i++) {
    const v = Math.exp(x[i]);
    const upper = Math.min(Math.log(v + step / 2), k.high);
    const lower = Math.max(Math.log(v - step / 2), k.low);
    for (let j = 0; j < nComp; j++) {
      const mu = k.mus[j];
      const sigma = k.sigmas[j];
      comp[i * nComp + j] += logGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - k.logMass[j];
    }
  }
}

function observationWeights(n: number, considerPrior: boolean, o: ParzenOptions, predetermined?: Float64Array): Float64Array {
  const w = predetermined ? predetermined.subarray(0, n) : o.weights(n).subarray(0, n);
  if (!predetermined) {
    if (w.some((v) => v < 0)) throw new RangeError(`TPE weights: negative values for ${n} observations`);
    if (w.length > 0 && w.reduce((a, b) => a + b, 0) <= 0) throw new RangeError(`TPE weights: all zero for ${n} observations`);
    if (w.some((v) => !Number.isFinite(v))) throw new RangeError(`TPE weights: non-finite values for ${n} observations`);
  }
  const out = new Float64Array(considerPrior ? n + 1 : n);
  out.set(w);
  if (considerPrior) out[n] = o.priorWeight;
  let total = 0;
  for (const v of out) total += v;
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/** The bounds TPE models a numerical parameter on: log-transformed, and widened by half a step on grids. */
function parzenBounds(d: Distribution): { low: number; high: number; q: number | null } {
  if (d.kind === "float") {
    if (d.log) return { low: Math.log(d.low), high: Math.log(d.high), q: null };
    if (d.step !== null) return { low: d.low - 0.5 * d.step, high: d.high + 0.5 * d.step, q: d.step };
    return { low: d.low, high: d.high, q: null };
  }
  if (d.kind === "int") {
    if (d.log) return { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5), q: null };
    return { low: d.low - 0.5 * d.step, high: d.high + 0.5 * d.step, q: d.step };
  }
  throw new TypeError("categorical parameters have no numerical bounds");
}

function toModelSpace(d: Distribution, values: Float64Array): Float64Array {
  return d.kind !== "categorical" && d.log ? values.map(Math.log) : values;
}

function fromModelSpace(d: Distribution, s: Float64Array, k: Kernel): Float64Array {
  if (d.kind === "categorical") return s;
  if (d.kind === "float") {
    if (d.log) return s.map(Math.exp);
    if (d.step === null) return s;
    const q = (k as Numerical).q as number;
    return s.map((v) => clip(roundHalfEven((v - d.low) / q) * q + d.low, d.low, d.high));
  }
  if (d.log) return s.map((v) => clip(roundHalfEven(Math.exp(v)), d.low, d.high));
  const q = (k as Numerical).q as number;
  return s.map((v) => clip(roundHalfEven((v - d.low) / q) * q + d.low, d.low, d.high));
}

function categoricalKernel(obs: Float64Array, nChoices: number, considerPrior: boolean, priorWeight: number): Categorical {
  const n = obs.length;
  const rows = considerPrior ? n + 1 : n;
  const fill = priorWeight / (considerPrior ? n + 1 : n);
  const weights: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Float64Array(nChoices).fill(fill);
    if (r < n) row[obs[r]] += 1;
    let s = 0;
    for (const v of row) s += v;
    for (let c = 0; c < nChoices; c++) row[c] /= s;
    weights.push(row);
  }
  return { kind: "categorical", weights, nChoices };
}

function numericalKernel(d: Distribution, obs: Float64Array, considerPrior: boolean, sigma0: number | null, o: ParzenOptions): Numerical {
  const { low, high, q } = parzenBounds(d);
  const n = obs.length;
  const m = considerPrior ? n + 1 : n;
  const mus = new Float64Array(m);
  mus.set(obs);
  if (considerPrior) mus[n] = 0.5 * (low + high);
  let sigmas = new Float64Array(m);
  if (sigma0 !== null) sigmas.fill(sigma0 * (high - low));
  else {
    // distance to the farther neighbour in sorted order, with the range ends as outer neighbours
    const order = numpyArgsort(mus);
    const ends = new Float64Array(m + 2);
    ends[0] = low;
    for (let i = 0; i < m; i++) ends[i + 1] = mus[order[i]];
    ends[m + 1] = high;
    const sorted = new Float64Array(m);
    for (let i = 0; i < m; i++) sorted[i] = Math.max(ends[i + 1] - ends[i], ends[i + 2] - ends[i + 1]);
    if (!o.considerEndpoints && ends.length >= 4) {
      sorted[0] = ends[2] - ends[1];
      sorted[m - 1] = ends[m] - ends[m - 1];
    }
    for (let i = 0; i < m; i++) sigmas[order[i]] = sorted[i];
  }
  const maxSigma = high - low;
  const minSigma = o.considerMagicClip ? (high - low) / Math.min(100, 1 + m) : EPS;
  sigmas = sigmas.map((s) => clip(s, minSigma, maxSigma));
  if (considerPrior) sigmas[n] = high - low;
  const logMass = new Float64Array(m);
  for (let j = 0; j < m; j++) logMass[j] = logGaussMass((low - mus[j]) / sigmas[j], (high - mus[j]) / sigmas[j]);
  return { kind: "numerical", low, high, q, mus, sigmas, logMass, logSigma: sigmas.map(Math.log) };
}
