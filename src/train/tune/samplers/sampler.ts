// What a sampler sees and does. A sampler reads the study through a StudyView (its trials, its
// directions) and proposes parameters: jointly at the start of a trial ("relative", over a search
// space it infers from past trials) or one parameter at a time when the objective asks for it
// ("independent").
import type { Distribution, ParamValue } from "../distributions.js";
import type { Direction, FrozenTrial, TrialState } from "../frozen-trial.js";

export interface StudyView {
  readonly name: string;
  readonly directions: readonly Direction[];
  /** The study's trials in number order, optionally only those in the given states. Do not modify them. */
  trials(states?: readonly TrialState[]): readonly FrozenTrial[];
  setTrialSystemAttr(trialId: number, key: string, value: unknown): void;
}

export interface Sampler {
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  sampleRelative(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue>;
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue;
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: number[] | null): void;
  /** Starts the sampler's random stream afresh from this seed. */
  reseed?(seed: number): void;
  /** When it returns true the study stops asking for new trials (a grid that is done). */
  exhausted?(study: StudyView): boolean;
}
