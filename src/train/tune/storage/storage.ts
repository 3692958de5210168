// Where studies live. Every storage offers the same asynchronous operations; the ones that can also
// answer synchronously (memory, SQLite) say so through `sync`, so that a trial's suggestions and
// reports reach them at once, also from inside a synchronous training loop.
import type { Distribution, ParamValue } from "../distributions.js";
import type { Direction, FrozenTrial, TrialState } from "../frozen-trial.js";

export interface StudyRecord {
  id: number;
  name: string;
  directions: Direction[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

export interface NewTrialOptions {
  /**
   * Create (or claim) a trial only while the study has fewer than this many trials that are waiting,
   * running, complete or pruned; failed trials do not count, so a failed trial is replaced.
   * Checked and acted on in one transaction, so workers never overshoot.
   */
  maxTrials?: number;
}

export interface SyncStorage {
  getAllTrials(studyId: number): readonly FrozenTrial[];
  getTrial(trialId: number): FrozenTrial;
  setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): void;
  setTrialIntermediate(trialId: number, step: number, value: number): void;
  setTrialUserAttr(trialId: number, key: string, value: unknown): void;
  setTrialSystemAttr(trialId: number, key: string, value: unknown): void;
}

export interface Storage {
  /** What openStorage was given (passwords masked), for messages. */
  readonly label: string;
  /** A URL a heartbeat thread can open its own connection with; null when heartbeats make no sense (memory). */
  readonly url: string | null;
  createStudy(name: string, directions: Direction[]): Promise<StudyRecord>;
  findStudy(name: string): Promise<StudyRecord | null>;
  studyNames(): Promise<string[]>;
  deleteStudy(name: string): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void>;
  /** A new running trial, a claimed waiting one, or null when maxTrials is reached. */
  createTrial(studyId: number, o?: NewTrialOptions): Promise<FrozenTrial | null>;
  /** A waiting trial whose parameters are fixed (system attribute fixed_params). */
  enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs?: Record<string, unknown>): Promise<FrozenTrial>;
  setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void>;
  setTrialIntermediate(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void>;
  /** Ends a running trial; false when it was no longer running (e.g. failed by a heartbeat timeout). */
  finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): Promise<boolean>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  getAllTrials(studyId: number): Promise<FrozenTrial[]>;
  /** Marks these running trials as alive now. */
  heartbeat(trialIds: readonly number[]): Promise<void>;
  /** Fails running trials of the study whose last heartbeat is older than timeoutMs; returns their numbers. */
  failStaleTrials(studyId: number, timeoutMs: number): Promise<number[]>;
  close(): Promise<void>;
  readonly sync?: SyncStorage;
}

export class StorageError extends Error {}
export class StudyExistsError extends StorageError {}
export class TrialFinishedError extends StorageError {
  constructor(readonly number: number, readonly state: TrialState) {
    super(`trial ${number} is ${state}; it cannot be changed`);
  }
}

/** JSON that keeps NaN and ±Infinity (as strings). */
export function encodeValues(values: number[] | null): string | null {
  return values === null ? null : JSON.stringify(values.map((v) => (Number.isFinite(v) ? v : String(v))));
}

export function decodeValues(text: string | null): number[] | null {
  return text === null ? null : (JSON.parse(text) as (number | string)[]).map(Number);
}

export const COUNTED_STATES = ["waiting", "running", "complete", "pruned"] as const;

/** A storage whose every operation is synchronous (memory, SQLite); SyncBackedStorage gives it the async face. */
export interface SyncBackend extends SyncStorage {
  readonly label: string;
  readonly url: string | null;
  createStudy(name: string, directions: Direction[]): StudyRecord;
  findStudy(name: string): StudyRecord | null;
  studyNames(): string[];
  deleteStudy(name: string): void;
  setStudyUserAttr(studyId: number, key: string, value: unknown): void;
  setStudySystemAttr(studyId: number, key: string, value: unknown): void;
  createTrial(studyId: number, o?: NewTrialOptions): FrozenTrial | null;
  enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs?: Record<string, unknown>): FrozenTrial;
  finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): boolean;
  heartbeat(trialIds: readonly number[]): void;
  failStaleTrials(studyId: number, timeoutMs: number): number[];
  close(): void;
}

export class SyncBackedStorage implements Storage {
  constructor(private readonly b: SyncBackend) {}
  get label(): string {
    return this.b.label;
  }
  get url(): string | null {
    return this.b.url;
  }
  get sync(): SyncStorage {
    return this.b;
  }
  async createStudy(name: string, directions: Direction[]): Promise<StudyRecord> {
    return this.b.createStudy(name, directions);
  }
  async findStudy(name: string): Promise<StudyRecord | null> {
    return this.b.findStudy(name);
  }
  async studyNames(): Promise<string[]> {
    return this.b.studyNames();
  }
  async deleteStudy(name: string): Promise<void> {
    this.b.deleteStudy(name);
  }
  async setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.b.setStudyUserAttr(studyId, key, value);
  }
  async setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.b.setStudySystemAttr(studyId, key, value);
  }
  async createTrial(studyId: number, o?: NewTrialOptions): Promise<FrozenTrial | null> {
    return this.b.createTrial(studyId, o);
  }
  async enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs?: Record<string, unknown>): Promise<FrozenTrial> {
    return this.b.enqueueTrial(studyId, fixedParams, userAttrs);
  }
  async setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void> {
    this.b.setTrialParam(trialId, name, internal, distribution);
  }
  async setTrialIntermediate(trialId: number, step: number, value: number): Promise<void> {
    this.b.setTrialIntermediate(trialId, step, value);
  }
  async setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    this.b.setTrialUserAttr(trialId, key, value);
  }
  async setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void> {
    this.b.setTrialSystemAttr(trialId, key, value);
  }
  async finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): Promise<boolean> {
    return this.b.finishTrial(trialId, state, values);
  }
  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.b.getTrial(trialId);
  }
  async getAllTrials(studyId: number): Promise<FrozenTrial[]> {
    return [...this.b.getAllTrials(studyId)];
  }
  async heartbeat(trialIds: readonly number[]): Promise<void> {
    this.b.heartbeat(trialIds);
  }
  async failStaleTrials(studyId: number, timeoutMs: number): Promise<number[]> {
    return this.b.failStaleTrials(studyId, timeoutMs);
  }
  async close(): Promise<void> {
    this.b.close();
  }
}
