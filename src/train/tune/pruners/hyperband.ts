// Hyperband (Li et al. 2018) over successive halving, Optuna's HyperbandPruner: several brackets with
// growing early-stopping rates; each trial falls into one bracket by a hash of the study name and
// trial number, weighted by each bracket's budget, and is compared (and sampled) only within it.
import { FrozenTrial, TrialState, lastStep } from "../frozen-trial.js";
import { StudyView } from "../samplers/sampler.js";
import { Pruner } from "./pruner.js";
import { SuccessiveHalvingPruner } from "./successive-halving.js";
import { crc32 } from "./crc32.js";

export interface HyperbandOptions {
  minResource?: number;
  /** Steps of a full trial; "auto": one more than the last step of the first complete trials. */
  maxResource?: number | "auto";
  reductionFactor?: number;
  bootstrapCount?: number;
}

export class HyperbandPruner implements Pruner {
  private readonly minResource: number;
  private maxResource: number | "auto";
  private readonly factor: number;
  private readonly bootstrap: number;
  private brackets: SuccessiveHalvingPruner[] = [];
  private budgets: number[] = [];
  private totalBudget = 0;

  constructor(o: HyperbandOptions = {}) {
    this.minResource = o.minResource ?? 1;
    this.maxResource = o.maxResource ?? "auto";
    this.factor = o.reductionFactor ?? 3;
    this.bootstrap = o.bootstrapCount ?? 0;
    if (!(Number.isInteger(this.minResource) && this.minResource >= 1)) throw new RangeError(`minResource must be a whole number ≥ 1, got ${this.minResource}`);
    if (this.maxResource !== "auto" && !(Number.isInteger(this.maxResource) && this.maxResource >= this.minResource))
      throw new RangeError(`maxResource must be a whole number ≥ minResource or "auto", got ${this.maxResource}`);
    if (this.bootstrap > 0 && this.maxResource === "auto") throw new RangeError("bootstrapCount > 0 needs a fixed maxResource");
  }

  get nBrackets(): number {
    return this.brackets.length;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (this.brackets.length === 0) {
      this.initialise(study);
      if (this.brackets.length === 0) return false;
    }
    const id = this.bracketOf(study.name, trial.number);
    return this.brackets[id].prune(this.bracketView(study, id), trial);
  }

  filterStudy(study: StudyView, trial: FrozenTrial): StudyView {
    if (this.brackets.length === 0) return study;
    return this.bracketView(study, this.bracketOf(study.name, trial.number));
  }

  /** The bracket of a trial number: crc32("<study>_<number>") modulo the total budget, walked through the brackets' budgets. */
  bracketOf(studyName: string, number: number): number {
    if (this.brackets.length === 0) return 0;
    let n = crc32(`${studyName}_${number}`) % this.totalBudget;
    for (let b = 0; b < this.brackets.length; b++) {
      n -= this.budgets[b];
      if (n < 0) return b;
    }
    throw new Error("unreachable: bracket budgets do not cover the total");
  }

  private initialise(study: StudyView): void {
    if (this.maxResource === "auto") {
      const steps = study.trials(["complete"]).map(lastStep).filter((s): s is number => s !== null);
      if (steps.length === 0) return;
      this.maxResource = Math.max(...steps) + 1;
    }
    // floor(log_factor(max / min)) + 1, counted in whole powers so that exact powers are not lost to round-off
    let n = 1;
    while (this.minResource * this.factor ** n <= this.maxResource) n++;
    for (let b = 0; b < n; b++) {
      const s = n - 1 - b;
      const budget = Math.ceil((n * this.factor ** s) / (s + 1));
      this.budgets.push(budget);
      this.totalBudget += budget;
      this.brackets.push(new SuccessiveHalvingPruner({ minResource: this.minResource, reductionFactor: this.factor, minEarlyStoppingRate: b, bootstrapCount: this.bootstrap }));
    }
  }

  private bracketView(study: StudyView, id: number): StudyView {
    return {
      name: study.name,
      directions: study.directions,
      trials: (states?: readonly TrialState[]) => study.trials(states).filter((t) => this.bracketOf(study.name, t.number) === id),
      setTrialSystemAttr: (trialId, key, value) => study.setTrialSystemAttr(trialId, key, value),
    };
  }
}
