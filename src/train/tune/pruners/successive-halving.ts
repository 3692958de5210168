// Asynchronous successive halving (Li et al. 2020, ASHA), Optuna's SuccessiveHalvingPruner: rung r
// is reached at step min_resource · reduction_factor^(min_early_stopping_rate + r); a trial that
// reaches a rung records its value there and goes on only if it is in the best 1/reduction_factor of
// all values recorded at that rung so far.
import { FrozenTrial, lastStep } from "../frozen-trial.js";
import { StudyView } from "../samplers/sampler.js";
import { Pruner } from "./pruner.js";

export interface SuccessiveHalvingOptions {
  /** Steps before the first rung; "auto": a hundredth of the longest complete trial's steps. */
  minResource?: number | "auto";
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  /** A rung needs more than this many values before it can promote. */
  bootstrapCount?: number;
}

export const rungKey = (rung: number) => `completed_rung_${rung}`;

export class SuccessiveHalvingPruner implements Pruner {
  private minResource: number | null;
  private readonly factor: number;
  private readonly minRate: number;
  private readonly bootstrap: number;

  constructor(o: SuccessiveHalvingOptions = {}) {
    const min = o.minResource ?? "auto";
    this.factor = o.reductionFactor ?? 4;
    this.minRate = o.minEarlyStoppingRate ?? 0;
    this.bootstrap = o.bootstrapCount ?? 0;
    if (min !== "auto" && !(Number.isInteger(min) && min >= 1)) throw new RangeError(`minResource must be a whole number ≥ 1 or "auto", got ${min}`);
    if (!(Number.isInteger(this.factor) && this.factor >= 2)) throw new RangeError(`reductionFactor must be a whole number ≥ 2, got ${this.factor}`);
    if (!(Number.isInteger(this.minRate) && this.minRate >= 0)) throw new RangeError(`minEarlyStoppingRate must be a whole number ≥ 0, got ${this.minRate}`);
    if (!(Number.isInteger(this.bootstrap) && this.bootstrap >= 0)) throw new RangeError(`bootstrapCount must be a whole number ≥ 0, got ${this.bootstrap}`);
    if (this.bootstrap > 0 && min === "auto") throw new RangeError("bootstrapCount > 0 needs a fixed minResource");
    this.minResource = min === "auto" ? null : min;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    let rung = 0;
    while (rungKey(rung) in trial.systemAttrs) rung++;
    const value = trial.intermediate.get(step) as number;
    for (;;) {
      if (this.minResource === null) {
        this.minResource = estimateMinResource(study.trials(["complete"]));
        if (this.minResource === null) return false;
      }
      const promotionStep = this.minResource * this.factor ** (this.minRate + rung);
      if (step < promotionStep) return false;
      if (Number.isNaN(value)) return true;
      const key = rungKey(rung);
      study.setTrialSystemAttr(trial.id, key, value);
      trial.systemAttrs[key] = value;
      const competing = study.trials().flatMap((t) => (t.id !== trial.id && key in t.systemAttrs ? [t.systemAttrs[key] as number] : []));
      competing.push(value);
      if (competing.length <= this.bootstrap) return true;
      if (!promotable(value, competing, this.factor, study.directions[0] === "maximize")) return true;
      rung++;
    }
  }
}

function estimateMinResource(complete: readonly FrozenTrial[]): number | null {
  const steps = complete.map(lastStep).filter((s): s is number => s !== null);
  if (steps.length === 0) return null;
  return Math.max(Math.floor(Math.max(...steps) / 100), 1);
}

function promotable(value: number, competing: number[], factor: number, maximize: boolean): boolean {
  let idx = Math.floor(competing.length / factor) - 1;
  if (idx === -1) idx = 0;
  competing.sort((a, b) => a - b);
  return maximize ? value >= competing[competing.length - 1 - idx] : value <= competing[idx];
}
