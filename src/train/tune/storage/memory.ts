// Studies in this process's memory: fastest, gone when the process ends, shared only by the workers
// of one optimize() call.
import type { Distribution, ParamValue } from "../distributions.js";
import { Direction, FrozenTrial, TrialState, cloneTrial, isFinished } from "../frozen-trial.js";
import { COUNTED_STATES, NewTrialOptions, StorageError, StudyExistsError, StudyRecord, SyncBackedStorage, SyncBackend, TrialFinishedError } from "./storage.js";

export class MemoryBackend implements SyncBackend {
  readonly label = "memory";
  readonly url = null;
  private nextStudyId = 0;
  private nextTrialId = 0;
  private readonly studies = new Map<string, StudyRecord>();
  private readonly trialsOf = new Map<number, FrozenTrial[]>();
  private readonly trialById = new Map<number, FrozenTrial>();

  createStudy(name: string, directions: Direction[]): StudyRecord {
    if (this.studies.has(name)) throw new StudyExistsError(`study '${name}' already exists in ${this.label}`);
    const s: StudyRecord = { id: this.nextStudyId++, name, directions: [...directions], userAttrs: {}, systemAttrs: {} };
    this.studies.set(name, s);
    this.trialsOf.set(s.id, []);
    return structuredClone(s);
  }

  findStudy(name: string): StudyRecord | null {
    const s = this.studies.get(name);
    return s ? structuredClone(s) : null;
  }

  studyNames(): string[] {
    return [...this.studies.keys()];
  }

  deleteStudy(name: string): void {
    const s = this.studies.get(name);
    if (!s) return;
    for (const t of this.trialsOf.get(s.id) ?? []) this.trialById.delete(t.id);
    this.trialsOf.delete(s.id);
    this.studies.delete(name);
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): void {
    this.study(studyId).userAttrs[key] = structuredClone(value);
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): void {
    this.study(studyId).systemAttrs[key] = structuredClone(value);
  }

  createTrial(studyId: number, o: NewTrialOptions = {}): FrozenTrial | null {
    const trials = this.trialsFor(studyId);
    const waiting = trials.find((t) => t.state === "waiting");
    if (waiting) {
      waiting.state = "running";
      waiting.start = Date.now();
      return cloneTrial(waiting);
    }
    const counted = trials.filter((t) => (COUNTED_STATES as readonly string[]).includes(t.state)).length;
    if (o.maxTrials !== undefined && counted >= o.maxTrials) return null;
    return cloneTrial(this.add(studyId, "running", {}));
  }

  enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs: Record<string, unknown> = {}): FrozenTrial {
    const t = this.add(studyId, "waiting", { fixed_params: structuredClone(fixedParams) });
    t.userAttrs = structuredClone(userAttrs);
    return cloneTrial(t);
  }

  private add(studyId: number, state: TrialState, systemAttrs: Record<string, unknown>): FrozenTrial {
    const trials = this.trialsFor(studyId);
    const t: FrozenTrial = {
      id: this.nextTrialId++,
      number: trials.length,
      state,
      values: null,
      params: {},
      distributions: {},
      intermediate: new Map(),
      userAttrs: {},
      systemAttrs,
      start: state === "running" ? Date.now() : null,
      end: null,
    };
    trials.push(t);
    this.trialById.set(t.id, t);
    return t;
  }

  getAllTrials(studyId: number): FrozenTrial[] {
    return [...this.trialsFor(studyId)];
  }

  getTrial(trialId: number): FrozenTrial {
    return cloneTrial(this.trial(trialId));
  }

  setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): void {
    const t = this.open(trialId);
    t.params[name] = internal;
    t.distributions[name] = distribution;
  }

  setTrialIntermediate(trialId: number, step: number, value: number): void {
    this.open(trialId).intermediate.set(step, value);
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): void {
    this.open(trialId).userAttrs[key] = structuredClone(value);
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    this.open(trialId).systemAttrs[key] = structuredClone(value);
  }

  finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): boolean {
    const t = this.trial(trialId);
    if (t.state !== "running") return false;
    t.state = state;
    t.values = values ? [...values] : null;
    t.end = Date.now();
    return true;
  }

  heartbeat(): void {}

  failStaleTrials(): number[] {
    return [];
  }

  close(): void {}

  private study(id: number): StudyRecord {
    for (const s of this.studies.values()) if (s.id === id) return s;
    throw new StorageError(`no study with id ${id} in ${this.label}`);
  }

  private trialsFor(studyId: number): FrozenTrial[] {
    const t = this.trialsOf.get(studyId);
    if (!t) throw new StorageError(`no study with id ${studyId} in ${this.label}`);
    return t;
  }

  private trial(id: number): FrozenTrial {
    const t = this.trialById.get(id);
    if (!t) throw new StorageError(`no trial with id ${id} in ${this.label}`);
    return t;
  }

  private open(id: number): FrozenTrial {
    const t = this.trial(id);
    if (isFinished(t)) throw new TrialFinishedError(t.number, t.state);
    return t;
  }
}

/** In-memory storage with the Storage interface. */
export class MemoryStorage extends SyncBackedStorage {
  constructor() {
    super(new MemoryBackend());
  }
}
