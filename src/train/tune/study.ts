// A study: a named set of trials in a storage, a sampler that proposes parameters, a pruner that
// stops poor trials early, and optimize() that runs an objective trial after trial (several at once
// with `workers`), also from several processes or machines sharing the storage.
import { ParamValue } from "./distributions.js";
import { Direction, FrozenTrial, TrialState, externalParams } from "./frozen-trial.js";
import { MersenneTwister, randomSeed } from "./rng.js";
import { Pruner, NopPruner } from "./pruners/pruner.js";
import { MedianPruner } from "./pruners/percentile.js";
import { Sampler, StudyView } from "./samplers/sampler.js";
import { TPESampler } from "./samplers/tpe.js";
import { Storage, StorageError, StudyRecord, TrialFinishedError } from "./storage/storage.js";
import { openStorage } from "./storage/open.js";
import { DEFAULT_HEARTBEAT, HeartbeatOptions, Heartbeats } from "./storage/heartbeat.js";
import { Trial, TrialContext, TrialPruned } from "./trial.js";
import { nondominationRanks } from "./samplers/tpe-multi.js";

export interface StudyOptions {
  name?: string;
  /** A Storage, or its URL: "memory" (default), "sqlite:<path>", "postgresql://…". */
  storage?: Storage | string;
  direction?: Direction;
  directions?: Direction[];
  sampler?: Sampler;
  pruner?: Pruner;
  /** Open the study if one of that name exists (its directions must match). */
  loadIfExists?: boolean;
  /** Running trials beat every intervalMs and fail after timeoutMs of silence; false turns it off. */
  heartbeat?: Partial<HeartbeatOptions> | false;
  /**
   * When given, the sampler is reseeded for each trial from (seed, trial number): a trial's
   * suggestions then depend neither on the worker that runs it nor on how many workers there are,
   * and two workers never draw the same random start.
   */
  seed?: number;
}

export type ObjectiveValue = number | number[];
export type Objective = (trial: Trial) => ObjectiveValue | Promise<ObjectiveValue>;

export interface OptimizeOptions {
  /** Trials this call runs (all workers together); default: until maxTrials or timeout. */
  nTrials?: number;
  /** Seconds after which no new trial starts. */
  timeout?: number;
  /** Trials run at once in this process (for objectives that wait: child processes, I/O). */
  workers?: number;
  /** The study's budget over all workers and processes: waiting, running, complete and pruned trials count. */
  maxTrials?: number;
  /** A trial whose objective throws is marked failed; true (or a list of error classes) carries on with the next trial instead of rethrowing. */
  catch?: boolean | (new (...a: never[]) => Error)[];
  /** Called after each trial with its final record. */
  callbacks?: ((study: Study, trial: FrozenTrial) => void | Promise<void>)[];
  /** Stop starting new trials when this returns true (e.g. on Ctrl-C). */
  stop?: () => boolean;
  /** Told the numbers of running trials this worker failed because their heartbeat had stopped. */
  onStaleTrials?: (numbers: number[]) => void;
}

export class StudyDirectionError extends StorageError {}

export class Study {
  private snapshot: FrozenTrial[] = [];
  private pendingAttrs: Promise<void> = Promise.resolve();
  private stopFlag = false;
  private staleListener: ((numbers: number[]) => void) | null = null;
  private heartbeats: Heartbeats | null = null;
  private readonly seedRng: number | null;
  readonly view: StudyView;

  constructor(
    readonly storage: Storage,
    private readonly record: StudyRecord,
    readonly sampler: Sampler,
    readonly pruner: Pruner,
    readonly heartbeat: HeartbeatOptions | null,
    seed: number | null,
    private readonly ownsStorage: boolean,
  ) {
    this.seedRng = seed;
    this.view = {
      name: record.name,
      directions: record.directions,
      trials: (states?: readonly TrialState[]) => {
        const all = this.storage.sync ? this.storage.sync.getAllTrials(this.record.id) : this.snapshot;
        return states ? all.filter((t) => states.includes(t.state)) : all;
      },
      setTrialSystemAttr: (trialId, key, value) => {
        if (this.storage.sync) this.storage.sync.setTrialSystemAttr(trialId, key, value);
        else this.pendingAttrs = this.pendingAttrs.then(() => this.storage.setTrialSystemAttr(trialId, key, value)).catch(() => {});
      },
    };
  }

  get name(): string {
    return this.record.name;
  }

  get id(): number {
    return this.record.id;
  }

  get directions(): readonly Direction[] {
    return this.record.directions;
  }

  get direction(): Direction {
    if (this.record.directions.length > 1) throw new Error(`study '${this.name}' has ${this.record.directions.length} objectives; use directions`);
    return this.record.directions[0];
  }

  /** The trials as last read (always current for memory and SQLite; after the last refresh for PostgreSQL). */
  get trials(): readonly FrozenTrial[] {
    return this.view.trials();
  }

  /** Reads the trials from the storage. */
  async getTrials(): Promise<readonly FrozenTrial[]> {
    await this.refresh();
    return this.trials;
  }

  async refresh(): Promise<void> {
    await this.pendingAttrs;
    if (!this.storage.sync) this.snapshot = await this.storage.getAllTrials(this.record.id);
  }

  /** The best complete trial of a single-objective study. */
  get bestTrial(): FrozenTrial {
    const dir = this.direction;
    let best: FrozenTrial | null = null;
    for (const t of this.view.trials(["complete"])) {
      if (!t.values) continue;
      if (best === null || (dir === "minimize" ? t.values[0] < (best.values as number[])[0] : t.values[0] > (best.values as number[])[0])) best = t;
    }
    if (!best) throw new Error(`study '${this.name}' has no complete trial yet`);
    return best;
  }

  get bestValue(): number {
    return (this.bestTrial.values as number[])[0];
  }

  get bestParams(): Record<string, ParamValue> {
    return externalParams(this.bestTrial);
  }

  /** The Pareto front of a multi-objective study. */
  get bestTrials(): FrozenTrial[] {
    const complete = this.view.trials(["complete"]).filter((t) => t.values);
    if (complete.length === 0) return [];
    const signs = this.directions.map((d) => (d === "minimize" ? 1 : -1));
    const ranks = nondominationRanks(complete.map((t) => (t.values as number[]).map((v, i) => signs[i] * v)));
    return complete.filter((_, i) => ranks[i] === 0);
  }

  get userAttrs(): Record<string, unknown> {
    return structuredClone(this.record.userAttrs);
  }

  async setUserAttr(key: string, value: unknown): Promise<void> {
    await this.storage.setStudyUserAttr(this.record.id, key, value);
    this.record.userAttrs[key] = structuredClone(value);
  }

  /** A trial with these parameters runs before the sampler's own (Optuna's enqueue_trial). */
  async enqueueTrial(params: Record<string, ParamValue>, userAttrs: Record<string, unknown> = {}): Promise<void> {
    await this.storage.enqueueTrial(this.record.id, params, userAttrs);
  }

  /** Stops optimize() from starting new trials. */
  stop(): void {
    this.stopFlag = true;
  }

  /** Starts a trial (claims a waiting one first); null when the budget maxTrials is used up. */
  async ask(o: { maxTrials?: number } = {}): Promise<Trial | null> {
    if (this.heartbeat && this.storage.url) {
      this.heartbeats ??= new Heartbeats(this.storage, this.heartbeat.intervalMs);
      await this.heartbeats.ready;
      const stale = await this.storage.failStaleTrials(this.record.id, this.heartbeat.timeoutMs);
      if (stale.length) this.staleListener?.(stale);
    }
    const frozen = await this.storage.createTrial(this.record.id, { maxTrials: o.maxTrials });
    if (!frozen) return null;
    this.heartbeats?.add(frozen.id);
    await this.refresh();
    if (this.seedRng !== null) this.sampler.reseed?.(trialSeed(this.seedRng, frozen.number));
    const ctx: TrialContext = { storage: this.storage, view: this.view, sampler: this.sampler, pruner: this.pruner, refresh: () => this.refresh() };
    return new Trial(ctx, frozen);
  }

  /** Ends a trial with its value(s), or as pruned or failed. Returns the final record. */
  async tell(trial: Trial, result: ObjectiveValue | { state: "pruned" | "failed"; reason?: string }): Promise<FrozenTrial> {
    let state: "complete" | "pruned" | "failed";
    let values: number[] | null = null;
    let reason: string | null = null;
    try {
      await trial.flush();
    } catch (e) {
      if (!(e instanceof TrialFinishedError)) throw e;
    }
    if (typeof result === "object" && !Array.isArray(result)) {
      state = result.state;
      reason = result.reason ?? null;
      if (state === "pruned") {
        // as Optuna: a pruned trial keeps its last intermediate value
        const steps = [...trial.intermediateValues.entries()].sort((a, b) => a[0] - b[0]);
        const last = steps[steps.length - 1];
        if (last && !Number.isNaN(last[1])) values = [last[1]];
      }
    } else {
      const v = Array.isArray(result) ? result : [result];
      const problem =
        v.length !== this.directions.length
          ? `the objective returned ${v.length} value${v.length === 1 ? "" : "s"} for ${this.directions.length} objective${this.directions.length === 1 ? "" : "s"}`
          : v.find((x) => typeof x !== "number" || Number.isNaN(x)) !== undefined
            ? `the objective returned ${JSON.stringify(v.map((x) => (typeof x === "number" && Number.isNaN(x) ? "NaN" : x)))}, which is not a number`
            : null;
      if (problem) {
        state = "failed";
        reason = problem;
      } else {
        state = "complete";
        values = v;
      }
    }
    if (reason !== null) {
      try {
        trial.setSystemAttr("fail_reason", reason);
        await trial.flush();
      } catch {
        /* the trial may already be finished */
      }
    }
    const f = trial.snapshot();
    const view = this.pruner.filterStudy?.(this.view, f) ?? this.view;
    try {
      this.sampler.afterTrial?.(view, f, state, values);
    } finally {
      const ours = await this.storage.finishTrial(f.id, state, values);
      this.heartbeats?.remove(f.id);
      if (!ours) process.emitWarning(`trial ${f.number} had already been ended by another worker (its heartbeat timed out); its result is dropped`, { code: "CATCHMENT_TUNE_STALE" });
      await this.refresh();
    }
    return this.storage.getTrial(f.id);
  }

  /** Runs the objective trial after trial; see OptimizeOptions. */
  async optimize(objective: Objective, o: OptimizeOptions = {}): Promise<void> {
    const workers = o.workers ?? 1;
    if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a whole number ≥ 1, got ${workers}`);
    if (o.nTrials !== undefined && !(Number.isInteger(o.nTrials) && o.nTrials >= 0)) throw new RangeError(`nTrials must be a whole number ≥ 0, got ${o.nTrials}`);
    if (o.nTrials === undefined && o.maxTrials === undefined && o.timeout === undefined && !o.stop)
      throw new RangeError("optimize: give nTrials, maxTrials, timeout or stop, or it would run forever");
    const start = Date.now();
    let started = 0;
    this.stopFlag = false;
    this.staleListener = o.onStaleTrials ?? null;
    let failure: unknown = null;
    const mayStart = () =>
      !this.stopFlag &&
      failure === null &&
      !(o.stop?.() ?? false) &&
      (o.nTrials === undefined || started < o.nTrials) &&
      (o.timeout === undefined || (Date.now() - start) / 1000 < o.timeout) &&
      !(this.sampler.exhausted?.(this.view) ?? false);
    const loop = async () => {
      while (mayStart()) {
        started++;
        const trial = await this.ask({ maxTrials: o.maxTrials });
        if (!trial) {
          started--;
          if (!(await this.othersStillRunning())) return;
          await sleep(this.heartbeat?.intervalMs ?? 1000);
          continue;
        }
        const frozen = await this.runTrial(trial, objective, o).catch((e) => {
          failure ??= e;
          return null;
        });
        if (frozen) for (const cb of o.callbacks ?? []) await cb(this, frozen);
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, loop));
    } finally {
      this.staleListener = null;
      await this.heartbeats?.stop();
      this.heartbeats = null;
    }
    if (failure !== null) throw failure;
  }

  /** Whether trials run elsewhere that may still end (or go stale and free their slot). */
  private async othersStillRunning(): Promise<boolean> {
    const trials = this.storage.sync ? this.storage.sync.getAllTrials(this.record.id) : await this.storage.getAllTrials(this.record.id);
    return trials.some((t) => t.state === "running");
  }

  private async runTrial(trial: Trial, objective: Objective, o: OptimizeOptions): Promise<FrozenTrial> {
    let result: ObjectiveValue;
    try {
      result = await objective(trial);
    } catch (e) {
      if (e instanceof TrialPruned) return this.tell(trial, { state: "pruned" });
      const reason = e instanceof Error ? e.message : String(e);
      const frozen = await this.tell(trial, { state: "failed", reason });
      const caught = o.catch === true || (Array.isArray(o.catch) && o.catch.some((c) => e instanceof c));
      if (!caught) throw e;
      return frozen;
    }
    return this.tell(trial, result);
  }

  /** Stops heartbeats and closes the storage if the study opened it. */
  async close(): Promise<void> {
    await this.heartbeats?.stop();
    this.heartbeats = null;
    if (this.ownsStorage) await this.storage.close();
  }
}

/** A per-trial seed from the study seed and the trial number (a splitmix-style mix). */
export function trialSeed(seed: number, number: number): number {
  const rng = new MersenneTwister((seed ^ Math.imul(number + 1, 0x9e3779b1)) >>> 0);
  return rng.nextUint32();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function resolveStorage(s: Storage | string | undefined): { storage: Storage; owns: boolean } {
  if (s === undefined) return { storage: openStorage("memory"), owns: true };
  if (typeof s === "string") return { storage: openStorage(s), owns: true };
  return { storage: s, owns: false };
}

function heartbeatOptions(h: StudyOptions["heartbeat"]): HeartbeatOptions | null {
  if (h === false) return null;
  const o = { ...DEFAULT_HEARTBEAT, ...(h ?? {}) };
  if (!(o.intervalMs > 0 && o.timeoutMs > o.intervalMs)) throw new RangeError(`heartbeat: need 0 < intervalMs < timeoutMs, got ${o.intervalMs} and ${o.timeoutMs}`);
  return o;
}

/** Creates a study (or opens it with loadIfExists). */
export async function createStudy(o: StudyOptions = {}): Promise<Study> {
  const directions = o.directions ?? [o.direction ?? "minimize"];
  if (o.direction && o.directions) throw new RangeError("createStudy: give direction or directions, not both");
  for (const d of directions) if (d !== "minimize" && d !== "maximize") throw new RangeError(`direction must be minimize or maximize, got '${d}'`);
  if (directions.length === 0) throw new RangeError("createStudy: directions is empty");
  const name = o.name ?? `study-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomSeed().toString(16)}`;
  const { storage, owns } = resolveStorage(o.storage);
  try {
    let record = await storage.findStudy(name);
    if (record && !o.loadIfExists) throw new StorageError(`study '${name}' already exists in ${storage.label}; open it with loadIfExists`);
    if (record && record.directions.join() !== directions.join())
      throw new StudyDirectionError(`study '${name}' in ${storage.label} exists with direction ${record.directions.join(", ")}, not ${directions.join(", ")}`);
    if (!record) {
      try {
        record = await storage.createStudy(name, directions);
      } catch (e) {
        // another worker created it a moment ago
        record = o.loadIfExists ? await storage.findStudy(name) : null;
        if (!record) throw e;
        if (record.directions.join() !== directions.join())
          throw new StudyDirectionError(`study '${name}' in ${storage.label} exists with direction ${record.directions.join(", ")}, not ${directions.join(", ")}`);
      }
    }
    const study = new Study(storage, record, o.sampler ?? new TPESampler({ seed: o.seed }), o.pruner ?? new MedianPruner(), heartbeatOptions(o.heartbeat), o.seed ?? null, owns);
    await study.refresh();
    return study;
  } catch (e) {
    if (owns) await storage.close().catch(() => {});
    throw e;
  }
}

/** Opens an existing study. */
export async function loadStudy(o: { name: string; storage: Storage | string; sampler?: Sampler; pruner?: Pruner; heartbeat?: StudyOptions["heartbeat"]; seed?: number }): Promise<Study> {
  const { storage, owns } = resolveStorage(o.storage);
  const record = await storage.findStudy(o.name).catch(async (e) => {
    if (owns) await storage.close().catch(() => {});
    throw e;
  });
  if (!record) {
    if (owns) await storage.close().catch(() => {});
    throw new StorageError(`no study '${o.name}' in ${storage.label}`);
  }
  const study = new Study(storage, record, o.sampler ?? new TPESampler({ seed: o.seed }), o.pruner ?? new MedianPruner(), heartbeatOptions(o.heartbeat), o.seed ?? null, owns);
  await study.refresh();
  return study;
}

export { NopPruner };
