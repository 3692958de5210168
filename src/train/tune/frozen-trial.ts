// A trial as the storage keeps it: number, state, values, parameters (internal form plus their
// distributions), intermediate values by step, attributes and times.
import { Distribution, ParamValue, toExternal } from "./distributions.js";

export type TrialState = "running" | "complete" | "pruned" | "failed" | "waiting";
export type Direction = "minimize" | "maximize";

export const FINISHED: readonly TrialState[] = ["complete", "pruned", "failed"];

export interface FrozenTrial {
  /** The storage's id (unique over all studies in the storage). */
  readonly id: number;
  /** 0, 1, 2 … within the study, in order of creation. */
  readonly number: number;
  state: TrialState;
  /** One value per objective when complete; a pruned trial keeps its last intermediate value, as in Optuna. */
  values: number[] | null;
  /** Parameters in internal form (a categorical is its choice's index). */
  params: Record<string, number>;
  distributions: Record<string, Distribution>;
  /** step → value, from trial.report. */
  intermediate: Map<number, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** ms since the epoch. */
  start: number | null;
  end: number | null;
}

export function isFinished(t: FrozenTrial): boolean {
  return FINISHED.includes(t.state);
}

export function externalParams(t: FrozenTrial): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(t.params)) out[k] = toExternal(t.distributions[k], v);
  return out;
}

export function lastStep(t: FrozenTrial): number | null {
  let last: number | null = null;
  for (const s of t.intermediate.keys()) if (last === null || s > last) last = s;
  return last;
}

export function cloneTrial(t: FrozenTrial): FrozenTrial {
  return {
    ...t,
    values: t.values ? [...t.values] : null,
    params: { ...t.params },
    distributions: { ...t.distributions },
    intermediate: new Map(t.intermediate),
    userAttrs: structuredClone(t.userAttrs),
    systemAttrs: structuredClone(t.systemAttrs),
  };
}
