// The Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna 3.1's rules: random
// search for the first n_startup_trials, then the finished trials split into the best gamma(n) and
// the rest (pruned trials ranked by how far they got, then by their last intermediate value), a Parzen
// estimator on each side, n_ei_candidates draws from the good side, and the draw with the largest
// log l(x) − log g(x). Univariate by default; multivariate models the parameters jointly. The
// constant liar counts running trials as the worst, so parallel workers spread out.
import { Distribution, ParamValue, isSingle, sameDistribution, toExternal } from "../distributions.js";
import { FrozenTrial, TrialState, lastStep } from "../frozen-trial.js";
import { MersenneTwister, randomSeed } from "../rng.js";
import { ParzenEstimator, ParzenOptions, defaultWeights, WeightsFn } from "./parzen.js";
import { RandomSampler } from "./random.js";
import { Sampler, StudyView } from "./sampler.js";
import { multiObjectiveSplit } from "./tpe-multi.js";

export interface TPEOptions {
  seed?: number;
  nStartupTrials?: number;
  nEiCandidates?: number;
  gamma?: (n: number) => number;
  weights?: WeightsFn;
  considerPrior?: boolean;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  multivariate?: boolean;
  constantLiar?: boolean;
  /** See ParzenOptions.density; default "optuna-3.1" (bench:tune measured "normalized" worse on 3 of 4 functions). */
  density?: ParzenOptions["density"];
}

/** Optuna's default_gamma: the best 10 %, at most 25 trials. */
export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** One observation's rank key: (how early it stopped, signed value); smaller is better. */
type Score = [number, number[]];

export class TPESampler implements Sampler {
  private rng: MersenneTwister;
  private readonly random: RandomSampler;
  private readonly nStartup: number;
  private readonly nCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly parzen: ParzenOptions;
  private readonly multivariate: boolean;
  private readonly constantLiar: boolean;

  constructor(o: TPEOptions = {}) {
    const seed = o.seed ?? randomSeed();
    this.rng = new MersenneTwister(seed);
    this.random = new RandomSampler({ seed });
    this.nStartup = o.nStartupTrials ?? 10;
    this.nCandidates = o.nEiCandidates ?? 24;
    this.gamma = o.gamma ?? defaultGamma;
    this.multivariate = o.multivariate ?? false;
    this.constantLiar = o.constantLiar ?? false;
    this.parzen = {
      considerPrior: o.considerPrior ?? true,
      priorWeight: o.priorWeight ?? 1,
      considerMagicClip: o.considerMagicClip ?? true,
      considerEndpoints: o.considerEndpoints ?? false,
      weights: o.weights ?? defaultWeights,
      multivariate: this.multivariate,
      density: o.density ?? "optuna-3.1",
    };
    if (!(this.nCandidates >= 1)) throw new RangeError(`nEiCandidates must be ≥ 1, got ${this.nCandidates}`);
  }

  reseed(seed: number): void {
    this.rng = new MersenneTwister(seed);
    this.random.reseed(seed);
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    if (!this.multivariate) return {};
    const out: Record<string, Distribution> = {};
    for (const [name, d] of Object.entries(intersectionSearchSpace(study))) if (!isSingle(d)) out[name] = d;
    return out;
  }

  sampleRelative(study: StudyView, _trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const obs = this.observations(study, names);
    if (obs.nFinished < this.nStartup) return {};
    const best = this.maximiseRatio(study, obs, space);
    const out: Record<string, ParamValue> = {};
    for (const name of names) out[name] = toExternal(space[name], best[name]);
    return out;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, d: Distribution): ParamValue {
    const obs = this.observations(study, [name]);
    if (obs.nFinished < this.nStartup) return this.random.sampleIndependent(study, trial, name, d);
    return toExternal(d, this.maximiseRatio(study, obs, { [name]: d })[name]);
  }

  private maximiseRatio(study: StudyView, obs: Observations, space: Record<string, Distribution>): Record<string, number> {
    const names = Object.keys(space);
    const multi = study.directions.length > 1;
    const nBelow = this.gamma(obs.nFinished);
    let split = obs.splits.get(nBelow);
    if (!split) {
      split = multi ? multiObjectiveSplit(obs.scores, nBelow) : splitSingle(obs.scores, nBelow);
      obs.splits.set(nBelow, split);
    }
    const { below: belowIdx, above: aboveIdx, belowWeights } = split;
    // trials that lack one of the parameters (conditional spaces, running trials) drop out
    const has = (i: number) => names.every((n) => !Number.isNaN(obs.values[n][i]));
    const keepBelow = belowIdx.map((i, k) => [i, k]).filter(([i]) => has(i));
    const keepAbove = aboveIdx.filter(has);
    const pick = (idx: number[]) => Object.fromEntries(names.map((n) => [n, Float64Array.from(idx, (i) => obs.values[n][i])]));
    const weightsBelow = belowWeights ? Float64Array.from(keepBelow, ([, k]) => belowWeights[k]) : undefined;
    const below = new ParzenEstimator(pick(keepBelow.map(([i]) => i)), space, this.parzen, weightsBelow);
    const above = new ParzenEstimator(pick(keepAbove), space, this.parzen);
    const samples = below.sample(this.rng, this.nCandidates);
    const l = below.logPdf(samples);
    const g = above.logPdf(samples);
    let best = 0;
    for (let i = 1; i < l.length; i++) if (l[i] - g[i] > l[best] - g[best]) best = i;
    return Object.fromEntries(names.map((n) => [n, samples[n][best]]));
  }

  /** The observations for these parameters: scores depend only on the trials, so they are kept while the trials stay the same. */
  private observations(study: StudyView, names: string[]): Observations {
    const base = this.scored(study);
    const values: Record<string, number[]> = {};
    for (const n of names) values[n] = base.trials.map((t) => (n in t.params ? t.params[n] : NaN));
    return { scores: base.scores, values, nFinished: base.nFinished, splits: base.splits };
  }

  private cache: Scored | null = null;

  private scored(study: StudyView): Scored {
    const states: TrialState[] = this.constantLiar ? ["complete", "pruned", "running"] : ["complete", "pruned"];
    const all = study.trials(states);
    let h = all.length;
    for (const t of all) h = (Math.imul(h, 31) + t.id + (t.state === "running" ? 0x40000000 : 0)) | 0;
    const key = `${all.length}:${h}:${study.directions.join()}`;
    if (this.cache?.key === key) return this.cache;
    const multi = study.directions.length > 1;
    const signs = study.directions.map((d) => (d === "minimize" ? 1 : -1));
    const scores: Score[] = [];
    const trials: FrozenTrial[] = [];
    for (const t of all) {
      let score: Score;
      if (t.state === "complete") {
        if (!t.values) continue;
        score = [-Infinity, t.values.map((v, i) => signs[i] * v)];
      } else if (t.state === "pruned") {
        if (multi) continue;
        const step = lastStep(t);
        if (step === null) score = [1, [0]];
        else {
          const v = t.intermediate.get(step) as number;
          score = [-step, [Number.isNaN(v) ? Infinity : signs[0] * v]];
        }
      } else {
        if (multi) continue;
        score = [Infinity, [signs[0] * Infinity]];
      }
      scores.push(score);
      trials.push(t);
    }
    const nFinished = scores.filter((s) => s[0] < Infinity).length;
    this.cache = { key, trials, scores, nFinished, splits: new Map() };
    return this.cache;
  }
}

interface Scored {
  key: string;
  trials: FrozenTrial[];
  scores: Score[];
  nFinished: number;
  /** Splits already made, by the number of good trials. */
  splits: Map<number, Split>;
}

interface Split {
  below: number[];
  above: number[];
  belowWeights?: Float64Array;
}

interface Observations {
  scores: Score[];
  splits: Map<number, Split>;
  values: Record<string, number[]>;
  /** Observations that are not running trials (the liar's). */
  nFinished: number;
}

/** Indices of the nBelow best scores and of the rest, each in trial order (a stable sort, as numpy's). */
function splitSingle(scores: Score[], nBelow: number): { below: number[]; above: number[]; belowWeights?: undefined } {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a][0] - scores[b][0] || compareNumber(scores[a][1][0], scores[b][1][0]) || a - b);
  const below = order.slice(0, nBelow).sort((a, b) => a - b);
  const above = order.slice(nBelow).sort((a, b) => a - b);
  return { below, above };
}

function compareNumber(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : 1;
}

/** Parameters suggested with the same distribution in every finished trial (Optuna's IntersectionSearchSpace, pruned included). */
export function intersectionSearchSpace(study: StudyView): Record<string, Distribution> {
  let space: Record<string, Distribution> | null = null;
  const trials = study.trials(["complete", "pruned"]);
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i];
    if (space === null) {
      space = { ...t.distributions };
      continue;
    }
    const next: Record<string, Distribution> = {};
    for (const [name, d] of Object.entries(space)) if (t.distributions[name] && sameDistribution(t.distributions[name], d)) next[name] = d;
    space = next;
  }
  return space ?? {};
}
