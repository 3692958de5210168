// What a pruner decides: given the study and a running trial with its intermediate values, whether to
// stop the trial now. A pruner may also narrow the trials a sampler learns from (Hyperband's brackets).
import type { FrozenTrial } from "../frozen-trial.js";
import type { StudyView } from "../samplers/sampler.js";

export interface Pruner {
  prune(study: StudyView, trial: FrozenTrial): boolean;
  /** The view a sampler should use for this trial; the whole study unless the pruner says otherwise. */
  filterStudy?(study: StudyView, trial: FrozenTrial): StudyView;
}

export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
