// Percentile and median pruning (Optuna's PercentilePruner and MedianPruner): after n_startup_trials
// complete trials and n_warmup_steps steps, at the first report of each interval, a trial whose best
// intermediate value so far is worse than the given percentile of the complete trials' values at the
// same step is pruned.
import { Direction, FrozenTrial, lastStep } from "../frozen-trial.js";
import { StudyView } from "../samplers/sampler.js";
import { Pruner } from "./pruner.js";

export interface PercentileOptions {
  nStartupTrials?: number;
  nWarmupSteps?: number;
  intervalSteps?: number;
  /** Fewer complete trials than this at the step: no pruning. */
  nMinTrials?: number;
}

export class PercentilePruner implements Pruner {
  private readonly nStartup: number;
  private readonly nWarmup: number;
  private readonly interval: number;
  private readonly nMin: number;

  constructor(private readonly percentile: number, o: PercentileOptions = {}) {
    this.nStartup = o.nStartupTrials ?? 5;
    this.nWarmup = o.nWarmupSteps ?? 0;
    this.interval = o.intervalSteps ?? 1;
    this.nMin = o.nMinTrials ?? 1;
    if (!(percentile >= 0 && percentile <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${percentile}`);
    if (!(Number.isInteger(this.nStartup) && this.nStartup >= 0)) throw new RangeError(`nStartupTrials must be a whole number ≥ 0, got ${this.nStartup}`);
    if (!(Number.isInteger(this.nWarmup) && this.nWarmup >= 0)) throw new RangeError(`nWarmupSteps must be a whole number ≥ 0, got ${this.nWarmup}`);
    if (!(Number.isInteger(this.interval) && this.interval >= 1)) throw new RangeError(`intervalSteps must be a whole number ≥ 1, got ${this.interval}`);
    if (!(Number.isInteger(this.nMin) && this.nMin >= 1)) throw new RangeError(`nMinTrials must be a whole number ≥ 1, got ${this.nMin}`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const complete = study.trials(["complete"]);
    if (complete.length === 0 || complete.length < this.nStartup) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmup) return false;
    if (!firstInInterval(step, [...trial.intermediate.keys()], this.nWarmup, this.interval)) return false;
    const direction = study.directions[0];
    const best = bestIntermediate(trial, direction);
    if (Number.isNaN(best)) return true;
    const atStep = complete.flatMap((t) => (t.intermediate.has(step) ? [t.intermediate.get(step) as number] : []));
    if (atStep.length < this.nMin) return false;
    const p = nanPercentile(atStep, direction === "maximize" ? 100 - this.percentile : this.percentile);
    if (Number.isNaN(p)) return false;
    return direction === "maximize" ? best < p : best > p;
  }
}

export class MedianPruner extends PercentilePruner {
  constructor(o: PercentileOptions = {}) {
    super(50, o);
  }
}

/** Whether step is the first report at or after the latest pruning point warmup + k·interval. */
function firstInInterval(step: number, steps: number[], warmup: number, interval: number): boolean {
  const nearest = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearest;
}

function bestIntermediate(t: FrozenTrial, direction: Direction): number {
  let best = NaN;
  for (const v of t.intermediate.values()) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (direction === "maximize" ? v > best : v < best)) best = v;
  }
  return best;
}

/** numpy's nanpercentile with linear interpolation. */
export function nanPercentile(values: number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (q / 100) * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  const frac = pos - lo;
  return frac === 0 ? v[lo] : v[lo] + (v[hi] - v[lo]) * frac;
}

export { lastStep };
