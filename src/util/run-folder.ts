// What every run folder records: `config.yml` (the resolved config, as the run used it) and
// `run.json` (catchment version, git commit, command, seeds, threads, device, start and end times,
// status). Both are written atomically; a resumed run appends to the record instead of replacing it.
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeFileAtomic } from "./atomic-write.js";
import { catchmentVersion, gitCommit } from "./run-info.js";
import { Interrupted } from "./interrupt.js";

export type RunStatus = "running" | "complete" | "failed" | "interrupted";

export interface RunSession {
  started: string;
  finished: string | null;
  status: RunStatus;
  command: string;
  threads: number;
  device: string;
  host: string;
  error?: string;
}

export interface RunRecord {
  catchment_version: string;
  git_commit: string | null;
  /** every seed the run uses, by what it seeds */
  seeds: Record<string, number>;
  /** the first session first; a resumed run adds one */
  sessions: RunSession[];
  [extra: string]: unknown;
}

export interface RunStart {
  config: unknown;
  command: string;
  threads: number;
  device: string;
  seeds?: Record<string, number>;
  /** extra top-level facts for run.json (e.g. the scenario of a dataset) */
  extra?: Record<string, unknown>;
  /** continue an existing record instead of starting a new one */
  resume?: boolean;
  /** when the work began, if before this call */
  started?: Date;
}

export class RunFolder {
  private constructor(readonly dir: string, private record: RunRecord) {}

  static start(dir: string, s: RunStart): RunFolder {
    const path = join(dir, "run.json");
    const previous = s.resume && existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunRecord) : null;
    const session: RunSession = { started: (s.started ?? new Date()).toISOString(), finished: null, status: "running", command: s.command, threads: s.threads, device: s.device, host: hostname() };
    const record: RunRecord = previous
      ? { ...previous, ...s.extra, seeds: { ...previous.seeds, ...s.seeds }, sessions: [...previous.sessions, session] }
      : { catchment_version: catchmentVersion(), git_commit: gitCommit(), seeds: s.seeds ?? {}, sessions: [session], ...s.extra };
    const folder = new RunFolder(dir, record);
    writeFileAtomic(join(dir, "config.yml"), stringify(s.config));
    folder.save();
    return folder;
  }

  get current(): RunSession {
    return this.record.sessions[this.record.sessions.length - 1];
  }

  /** Adds facts to run.json (e.g. the epoch a model was taken from). */
  note(extra: Record<string, unknown>): void {
    Object.assign(this.record, extra);
    this.save();
  }

  finish(status: Exclude<RunStatus, "running">, error?: unknown): void {
    this.current.finished = new Date().toISOString();
    this.current.status = status;
    if (error !== undefined) this.current.error = error instanceof Error ? error.message : String(error);
    this.save();
  }

  /** Runs `work`, recording how it ended (Ctrl-C as interrupted, any other error as failed), and rethrows. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      const r = await work();
      this.finish("complete");
      return r;
    } catch (e) {
      this.finish(e instanceof Interrupted ? "interrupted" : "failed", e);
      throw e;
    }
  }

  private save(): void {
    writeFileAtomic(join(this.dir, "run.json"), JSON.stringify(this.record, null, 2) + "\n");
  }
}

export function readRunRecord(dir: string): RunRecord | null {
  const path = join(dir, "run.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunRecord) : null;
}
