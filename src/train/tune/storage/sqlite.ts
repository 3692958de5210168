// Studies in one SQLite file, shared by several worker processes on one machine. The file is in WAL
// mode (readers never wait for the writer), every write is a BEGIN IMMEDIATE transaction (it takes
// the write lock first, so no transaction fails half-way on an upgrade), SQLite's busy timeout waits
// for the lock, and on top of that a busy database is retried for minutes before anyone sees an error.
import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Distribution, ParamValue } from "../distributions.js";
import { Direction, FrozenTrial, TrialState, isFinished } from "../frozen-trial.js";
import {
  COUNTED_STATES,
  NewTrialOptions,
  StorageError,
  StudyExistsError,
  StudyRecord,
  SyncBackedStorage,
  SyncBackend,
  TrialFinishedError,
  decodeValues,
  encodeValues,
} from "./storage.js";

const SCHEMA_VERSION = "1";
const BUSY_TIMEOUT_MS = 10_000;
const GIVE_UP_AFTER_MS = 10 * 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, directions TEXT NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL, state TEXT NOT NULL, "values" TEXT, start REAL, "end" REAL, heartbeat REAL,
  user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}', UNIQUE (study_id, number));
CREATE INDEX IF NOT EXISTS trials_by_state ON trials (study_id, state);
CREATE TABLE IF NOT EXISTS params (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value REAL NOT NULL, distribution TEXT NOT NULL, PRIMARY KEY (trial_id, name));
CREATE TABLE IF NOT EXISTS intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE, step INTEGER NOT NULL,
  value REAL, PRIMARY KEY (trial_id, step));
`;

interface TrialRow {
  id: number;
  number: number;
  state: TrialState;
  values: string | null;
  start: number | null;
  end: number | null;
  user_attrs: string;
  system_attrs: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

export class SqliteBackend implements SyncBackend {
  readonly label: string;
  readonly url: string;
  private readonly db: Database.Database;
  /** Finished trials never change, so they are read once. */
  private readonly finished = new Map<number, FrozenTrial>();

  constructor(path: string) {
    const file = resolve(path);
    this.label = `sqlite:${path}`;
    this.url = `sqlite:${file}`;
    const dir = dirname(file);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new StorageError(`${this.label}: cannot open the database: folder ${dir} does not exist`);
    try {
      this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (e) {
      throw new StorageError(`${this.label}: cannot open the database (${(e as Error).message})`);
    }
    this.retry(() => {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("foreign_keys = ON");
    });
    this.write(() => {
      this.db.exec(SCHEMA);
      const v = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      if (!v) this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
      else if (v.value !== SCHEMA_VERSION) throw new StorageError(`${this.label}: schema version ${v.value}, this catchment reads version ${SCHEMA_VERSION}`);
    });
  }

  /** Runs f again while the database is busy, up to ten minutes. */
  private retry<T>(f: () => T): T {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return f();
      } catch (e) {
        if (!isBusy(e)) {
          if (e instanceof StorageError) throw e;
          if ((e as { code?: string }).code?.startsWith("SQLITE_")) throw new StorageError(`${this.label}: ${(e as Error).message}`);
          throw e;
        }
        if (Date.now() - start > GIVE_UP_AFTER_MS) throw new StorageError(`${this.label}: the database stayed locked for ${GIVE_UP_AFTER_MS / 60000} minutes`);
        sleepSync(Math.min(5 * 2 ** attempt, 200) * (0.5 + Math.random()));
      }
    }
  }

  private write<T>(f: () => T): T {
    const tx = this.db.transaction(f);
    return this.retry(() => tx.immediate());
  }

  private read<T>(f: () => T): T {
    const tx = this.db.transaction(f);
    return this.retry(() => tx.deferred());
  }

  createStudy(name: string, directions: Direction[]): StudyRecord {
    return this.write(() => {
      if (this.db.prepare("SELECT 1 FROM studies WHERE name = ?").get(name)) throw new StudyExistsError(`study '${name}' already exists in ${this.label}`);
      const r = this.db.prepare("INSERT INTO studies (name, directions) VALUES (?, ?)").run(name, JSON.stringify(directions));
      return { id: Number(r.lastInsertRowid), name, directions: [...directions], userAttrs: {}, systemAttrs: {} };
    });
  }

  findStudy(name: string): StudyRecord | null {
    const row = this.read(() => this.db.prepare("SELECT * FROM studies WHERE name = ?").get(name)) as
      | { id: number; name: string; directions: string; user_attrs: string; system_attrs: string }
      | undefined;
    if (!row) return null;
    return { id: row.id, name: row.name, directions: JSON.parse(row.directions), userAttrs: JSON.parse(row.user_attrs), systemAttrs: JSON.parse(row.system_attrs) };
  }

  studyNames(): string[] {
    return this.read(() => (this.db.prepare("SELECT name FROM studies ORDER BY id").all() as { name: string }[]).map((r) => r.name));
  }

  deleteStudy(name: string): void {
    this.write(() => this.db.prepare("DELETE FROM studies WHERE name = ?").run(name));
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): void {
    this.setJson("studies", "user_attrs", studyId, key, value);
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): void {
    this.setJson("studies", "system_attrs", studyId, key, value);
  }

  private setJson(table: "studies" | "trials", column: "user_attrs" | "system_attrs", id: number, key: string, value: unknown, checkOpen = false): void {
    this.write(() => {
      const row = this.db.prepare(`SELECT ${column} AS attrs${table === "trials" ? ", state, number" : ""} FROM ${table} WHERE id = ?`).get(id) as
        | { attrs: string; state?: TrialState; number?: number }
        | undefined;
      if (!row) throw new StorageError(`${this.label}: no ${table === "trials" ? "trial" : "study"} with id ${id}`);
      if (checkOpen && row.state && (row.state === "complete" || row.state === "pruned" || row.state === "failed")) throw new TrialFinishedError(row.number as number, row.state);
      const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
      attrs[key] = value;
      this.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(JSON.stringify(attrs), id);
    });
  }

  createTrial(studyId: number, o: NewTrialOptions = {}): FrozenTrial | null {
    const id = this.write(() => {
      const now = Date.now();
      const waiting = this.db.prepare("SELECT id FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1").get(studyId) as { id: number } | undefined;
      if (waiting) {
        this.db.prepare("UPDATE trials SET state = 'running', start = ?, heartbeat = ? WHERE id = ?").run(now, now, waiting.id);
        return waiting.id;
      }
      if (o.maxTrials !== undefined) {
        const placeholders = COUNTED_STATES.map(() => "?").join(", ");
        const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM trials WHERE study_id = ? AND state IN (${placeholders})`).get(studyId, ...COUNTED_STATES) as { n: number };
        if (n >= o.maxTrials) return null;
      }
      return this.insertTrial(studyId, "running", {}, now);
    });
    return id === null ? null : this.getTrial(id);
  }

  private insertTrial(studyId: number, state: TrialState, systemAttrs: Record<string, unknown>, now: number): number {
    if (!this.db.prepare("SELECT 1 FROM studies WHERE id = ?").get(studyId)) throw new StorageError(`${this.label}: no study with id ${studyId}`);
    const { next } = this.db.prepare("SELECT COALESCE(MAX(number) + 1, 0) AS next FROM trials WHERE study_id = ?").get(studyId) as { next: number };
    const running = state === "running";
    const r = this.db
      .prepare("INSERT INTO trials (study_id, number, state, start, heartbeat, system_attrs) VALUES (?, ?, ?, ?, ?, ?)")
      .run(studyId, next, state, running ? now : null, running ? now : null, JSON.stringify(systemAttrs));
    return Number(r.lastInsertRowid);
  }

  enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs: Record<string, unknown> = {}): FrozenTrial {
    const id = this.write(() => {
      const id = this.insertTrial(studyId, "waiting", { fixed_params: fixedParams }, Date.now());
      this.db.prepare("UPDATE trials SET user_attrs = ? WHERE id = ?").run(JSON.stringify(userAttrs), id);
      return id;
    });
    return this.getTrial(id);
  }

  /** Throws unless the trial exists and is not finished; inside a write transaction. */
  private assertOpen(trialId: number): void {
    const row = this.db.prepare("SELECT number, state FROM trials WHERE id = ?").get(trialId) as { number: number; state: TrialState } | undefined;
    if (!row) throw new StorageError(`${this.label}: no trial with id ${trialId}`);
    if (row.state === "complete" || row.state === "pruned" || row.state === "failed") throw new TrialFinishedError(row.number, row.state);
  }

  setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): void {
    this.write(() => {
      this.assertOpen(trialId);
      this.db.prepare("INSERT OR REPLACE INTO params (trial_id, name, value, distribution) VALUES (?, ?, ?, ?)").run(trialId, name, internal, JSON.stringify(distribution));
    });
  }

  setTrialIntermediate(trialId: number, step: number, value: number): void {
    this.write(() => {
      this.assertOpen(trialId);
      this.db.prepare("INSERT OR REPLACE INTO intermediate (trial_id, step, value) VALUES (?, ?, ?)").run(trialId, step, Number.isNaN(value) ? null : value);
    });
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): void {
    this.setJson("trials", "user_attrs", trialId, key, value, true);
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    this.setJson("trials", "system_attrs", trialId, key, value, true);
  }

  finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): boolean {
    return this.write(() => {
      const r = this.db.prepare(`UPDATE trials SET state = ?, "values" = ?, "end" = ? WHERE id = ? AND state = 'running'`).run(state, encodeValues(values), Date.now(), trialId);
      return r.changes === 1;
    });
  }

  getTrial(trialId: number): FrozenTrial {
    const cached = this.finished.get(trialId);
    if (cached) return cached;
    return this.read(() => {
      const row = this.db.prepare("SELECT * FROM trials WHERE id = ?").get(trialId) as TrialRow | undefined;
      if (!row) throw new StorageError(`${this.label}: no trial with id ${trialId}`);
      return this.fromRow(row);
    });
  }

  getAllTrials(studyId: number): FrozenTrial[] {
    return this.read(() => {
      const rows = this.db.prepare("SELECT * FROM trials WHERE study_id = ? ORDER BY number").all(studyId) as TrialRow[];
      return rows.map((row) => this.finished.get(row.id) ?? this.fromRow(row));
    });
  }

  private fromRow(row: TrialRow): FrozenTrial {
    const params: Record<string, number> = {};
    const distributions: Record<string, Distribution> = {};
    for (const p of this.db.prepare("SELECT name, value, distribution FROM params WHERE trial_id = ? ORDER BY rowid").all(row.id) as { name: string; value: number; distribution: string }[]) {
      params[p.name] = p.value;
      distributions[p.name] = JSON.parse(p.distribution);
    }
    const intermediate = new Map<number, number>();
    for (const r of this.db.prepare("SELECT step, value FROM intermediate WHERE trial_id = ? ORDER BY step").all(row.id) as { step: number; value: number | null }[])
      intermediate.set(r.step, r.value === null ? NaN : r.value);
    const t: FrozenTrial = {
      id: row.id,
      number: row.number,
      state: row.state,
      values: decodeValues(row.values),
      params,
      distributions,
      intermediate,
      userAttrs: JSON.parse(row.user_attrs),
      systemAttrs: JSON.parse(row.system_attrs),
      start: row.start,
      end: row.end,
    };
    if (isFinished(t)) this.finished.set(t.id, t);
    return t;
  }

  heartbeat(trialIds: readonly number[]): void {
    if (trialIds.length === 0) return;
    this.write(() => {
      const now = Date.now();
      const st = this.db.prepare("UPDATE trials SET heartbeat = ? WHERE id = ? AND state = 'running'");
      for (const id of trialIds) st.run(now, id);
    });
  }

  failStaleTrials(studyId: number, timeoutMs: number): number[] {
    return this.write(() => {
      const now = Date.now();
      const stale = this.db.prepare("SELECT id, number, system_attrs FROM trials WHERE study_id = ? AND state = 'running' AND heartbeat < ?").all(studyId, now - timeoutMs) as {
        id: number;
        number: number;
        system_attrs: string;
      }[];
      const st = this.db.prepare(`UPDATE trials SET state = 'failed', "end" = ?, system_attrs = ? WHERE id = ? AND state = 'running'`);
      for (const s of stale) {
        const attrs = { ...JSON.parse(s.system_attrs), fail_reason: `no heartbeat for ${timeoutMs / 1000} s` };
        st.run(now, JSON.stringify(attrs), s.id);
      }
      return stale.map((s) => s.number);
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export class SqliteStorage extends SyncBackedStorage {
  constructor(path: string) {
    super(new SqliteBackend(path));
  }
}
