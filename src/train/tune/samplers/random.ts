// Random search: each parameter uniform on its (log-)range, integers and steps rounded to the grid
// after a uniform draw on the range widened by half a step, choices uniform; Optuna's RandomSampler
// draw for draw.
import { Distribution, ParamValue } from "../distributions.js";
import { FrozenTrial } from "../frozen-trial.js";
import { MersenneTwister } from "../rng.js";
import { Sampler, StudyView } from "./sampler.js";
import { roundHalfEven } from "./rounding.js";

export class RandomSampler implements Sampler {
  private rng: MersenneTwister;

  constructor(o: { seed?: number } = {}) {
    this.rng = new MersenneTwister(o.seed);
  }

  reseed(seed: number): void {
    this.rng = new MersenneTwister(seed);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, d: Distribution): ParamValue {
    return sampleUniform(this.rng, d);
  }
}

/** One uniform draw from a distribution, consuming the stream as numpy's uniform over the transformed bounds does. */
export function sampleUniform(rng: MersenneTwister, d: Distribution): ParamValue {
  if (d.kind === "categorical") {
    // one uniform per choice, the largest wins (a one-hot encoding drawn uniformly)
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < d.choices.length; i++) {
      const u = rng.uniform(0, 1);
      if (u > bestValue) {
        bestValue = u;
        best = i;
      }
    }
    return d.choices[best];
  }
  if (d.kind === "float") {
    if (d.log) {
      const v = Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)));
      return d.low === d.high ? v : Math.min(v, nextDown(d.high));
    }
    if (d.step !== null) {
      const u = rng.uniform(d.low - 0.5 * d.step, d.high + 0.5 * d.step);
      return clip(roundHalfEven((u - d.low) / d.step) * d.step + d.low, d.low, d.high);
    }
    const u = rng.uniform(d.low, d.high);
    return d.low === d.high ? u : Math.min(u, nextDown(d.high));
  }
  if (d.log) {
    const u = rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5));
    return clip(roundHalfEven(Math.exp(u)), d.low, d.high);
  }
  const u = rng.uniform(d.low - 0.5 * d.step, d.high + 0.5 * d.step);
  return clip(roundHalfEven((u - d.low) / d.step) * d.step + d.low, d.low, d.high);
}

export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** The largest double below x. */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  u[0] += x > 0 ? -1n : 1n;
  return f[0];
}
