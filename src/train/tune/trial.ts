// A running trial as the objective sees it: suggest parameters, report intermediate values, ask
// whether to stop, keep attributes. All of it is synchronous, so it works inside a synchronous
// training loop; with a storage that has no synchronous access (PostgreSQL) writes are queued and
// `await trial.flush()` waits for them and refreshes what the trial knows of the other trials.
import {
  Choice,
  Distribution,
  ParamValue,
  categoricalDistribution,
  checkCompatible,
  contains,
  floatDistribution,
  intDistribution,
  isSingle,
  singleValue,
  toExternal,
  toInternal,
} from "./distributions.js";
import { FrozenTrial, externalParams } from "./frozen-trial.js";
import type { Pruner } from "./pruners/pruner.js";
import type { Sampler, StudyView } from "./samplers/sampler.js";
import type { Storage } from "./storage/storage.js";

/** Throw this from an objective to end the trial as pruned. */
export class TrialPruned extends Error {
  constructor(message = "trial pruned") {
    super(message);
  }
}

/** What a trial needs from its study. */
export interface TrialContext {
  storage: Storage;
  view: StudyView;
  sampler: Sampler;
  pruner: Pruner;
  /** Refreshes `view` from the storage (for storages without synchronous access). */
  refresh(): Promise<void>;
}

export class Trial {
  private pending: Promise<void> = Promise.resolve();
  private writeError: Error | null = null;
  private readonly relativeSpace: Record<string, Distribution>;
  private readonly relativeParams: Record<string, ParamValue>;

  constructor(private readonly ctx: TrialContext, private readonly frozen: FrozenTrial) {
    const view = this.samplerView();
    this.relativeSpace = ctx.sampler.inferRelativeSearchSpace(view, frozen);
    this.relativeParams = ctx.sampler.sampleRelative(view, frozen, this.relativeSpace);
  }

  get number(): number {
    return this.frozen.number;
  }

  get id(): number {
    return this.frozen.id;
  }

  /** The parameters suggested so far, as the objective got them. */
  get params(): Record<string, ParamValue> {
    return externalParams(this.frozen);
  }

  get distributions(): Record<string, Distribution> {
    return { ...this.frozen.distributions };
  }

  get userAttrs(): Record<string, unknown> {
    return structuredClone(this.frozen.userAttrs);
  }

  get intermediateValues(): Map<number, number> {
    return new Map(this.frozen.intermediate);
  }

  /** The trial as stored (a copy), for samplers and callbacks. */
  snapshot(): FrozenTrial {
    return this.frozen;
  }

  suggestFloat(name: string, low: number, high: number, o: { log?: boolean; step?: number } = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, o)) as number;
  }

  suggestInt(name: string, low: number, high: number, o: { log?: boolean; step?: number } = {}): number {
    return this.suggest(name, intDistribution(name, low, high, o)) as number;
  }

  suggestCategorical<T extends Choice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /** Suggests a value for an already-built distribution. */
  suggest(name: string, d: Distribution): ParamValue {
    const f = this.frozen;
    if (name in f.distributions) {
      checkCompatible(name, f.distributions[name], d);
      return toExternal(f.distributions[name], f.params[name]);
    }
    this.checkStudyCompatible(name, d);
    const fixed = (f.systemAttrs.fixed_params as Record<string, ParamValue> | undefined)?.[name];
    let value: ParamValue;
    if (fixed !== undefined) value = fixed;
    else if (isSingle(d)) value = singleValue(d);
    else if (name in this.relativeParams && name in this.relativeSpace && this.relativeFits(name, d)) value = this.relativeParams[name];
    else value = this.ctx.sampler.sampleIndependent(this.samplerView(), f, name, d);
    const internal = toInternal(d, value);
    f.params[name] = internal;
    f.distributions[name] = d;
    this.write((s) => s.setTrialParam(f.id, name, internal, d), () => this.ctx.storage.setTrialParam(f.id, name, internal, d));
    return toExternal(d, internal);
  }

  private relativeFits(name: string, d: Distribution): boolean {
    checkCompatible(name, this.relativeSpace[name], d);
    return contains(d, toInternal(d, this.relativeParams[name]));
  }

  /** A name keeps its kind and scale across the study, as in Optuna. */
  private checkStudyCompatible(name: string, d: Distribution): void {
    for (const t of this.ctx.view.trials())
      if (t.id !== this.frozen.id && name in t.distributions) {
        checkCompatible(name, t.distributions[name], d);
        return;
      }
  }

  /** Records an intermediate value of the objective at a step (an epoch); a step reported twice keeps its first value. */
  report(value: number, step: number): void {
    if (this.ctx.view.directions.length > 1) throw new Error("trial.report: intermediate values are for single-objective studies");
    if (typeof value !== "number") throw new TypeError(`trial.report: value must be a number, got ${typeof value}`);
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`trial.report: step must be a whole number ≥ 0, got ${step}`);
    const f = this.frozen;
    if (f.intermediate.has(step)) return;
    f.intermediate.set(step, value);
    this.write((s) => s.setTrialIntermediate(f.id, step, value), () => this.ctx.storage.setTrialIntermediate(f.id, step, value));
  }

  /** Whether the study's pruner would stop this trial now, given what it has reported. */
  shouldPrune(): boolean {
    if (this.ctx.view.directions.length > 1) throw new Error("trial.shouldPrune: pruning is for single-objective studies");
    return this.ctx.pruner.prune(this.ctx.view, this.frozen);
  }

  setUserAttr(key: string, value: unknown): void {
    const f = this.frozen;
    f.userAttrs[key] = structuredClone(value);
    this.write((s) => s.setTrialUserAttr(f.id, key, value), () => this.ctx.storage.setTrialUserAttr(f.id, key, value));
  }

  setSystemAttr(key: string, value: unknown): void {
    const f = this.frozen;
    f.systemAttrs[key] = structuredClone(value);
    this.write((s) => s.setTrialSystemAttr(f.id, key, value), () => this.ctx.storage.setTrialSystemAttr(f.id, key, value));
  }

  /** Waits for queued writes and refreshes the view of the other trials. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.writeError) throw this.writeError;
    await this.ctx.refresh();
  }

  private write(now: (s: NonNullable<Storage["sync"]>) => void, later: () => Promise<void>): void {
    if (this.writeError) throw this.writeError;
    const sync = this.ctx.storage.sync;
    if (sync) {
      now(sync);
      return;
    }
    this.pending = this.pending.then(later).catch((e: Error) => {
      this.writeError ??= e;
    });
  }

  private samplerView(): StudyView {
    return this.ctx.pruner.filterStudy?.(this.ctx.view, this.frozen) ?? this.ctx.view;
  }
}
