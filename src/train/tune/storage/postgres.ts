// Studies in PostgreSQL, for workers on several machines. A new trial is claimed in a transaction that
// first locks the study's row, so two workers never get the same trial number or the same waiting
// trial, and never overshoot a trial budget. Times of heartbeats are the server's clock, so machines
// whose clocks disagree still agree on which trial is stale.
import pg from "pg";
import type { Distribution, ParamValue } from "../distributions.js";
import { Direction, FrozenTrial, TrialState, isFinished } from "../frozen-trial.js";
import { COUNTED_STATES, NewTrialOptions, Storage, StorageError, StudyExistsError, StudyRecord, TrialFinishedError, decodeValues, encodeValues } from "./storage.js";

const SCHEMA_LOCK = 7_240_513;
const NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS catchment_tune_studies (
  id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, directions TEXT NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS catchment_tune_trials (
  id SERIAL PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES catchment_tune_studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL, state TEXT NOT NULL, "values" TEXT, start DOUBLE PRECISION, "end" DOUBLE PRECISION,
  heartbeat DOUBLE PRECISION, user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}',
  UNIQUE (study_id, number));
CREATE INDEX IF NOT EXISTS catchment_tune_trials_by_state ON catchment_tune_trials (study_id, state);
CREATE TABLE IF NOT EXISTS catchment_tune_params (
  trial_id INTEGER NOT NULL REFERENCES catchment_tune_trials(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL, distribution TEXT NOT NULL, seq SERIAL, PRIMARY KEY (trial_id, name));
CREATE TABLE IF NOT EXISTS catchment_tune_intermediate (
  trial_id INTEGER NOT NULL REFERENCES catchment_tune_trials(id) ON DELETE CASCADE, step INTEGER NOT NULL,
  value DOUBLE PRECISION NOT NULL, PRIMARY KEY (trial_id, step));
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

/** The URL with its password replaced by ***. */
export function maskUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

type Client = pg.PoolClient;

export class PostgresStorage implements Storage {
  readonly label: string;
  readonly url: string;
  private readonly pool: pg.Pool;
  private readonly finished = new Map<number, FrozenTrial>();
  private ready: Promise<void> | null = null;

  constructor(url: string) {
    this.url = url;
    this.label = maskUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15_000, application_name: "catchment tune" });
    // an idle client that loses its server must not crash the process; the next query reports it
    this.pool.on("error", () => {});
  }

  /** Connects and creates the tables if needed; every operation waits for it. */
  private init(): Promise<void> {
    this.ready ??= this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK]);
      await c.query(SCHEMA);
    }, false);
    return this.ready;
  }

  private async tx<T>(f: (c: Client) => Promise<T>, init = true): Promise<T> {
    if (init) await this.init();
    let c: Client;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw new StorageError(`${this.label}: cannot connect (${(e as Error).message || (e as { code?: string }).code || "no answer"})`);
    }
    try {
      await c.query("BEGIN");
      const out = await f(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      if (e instanceof StorageError) throw e;
      throw new StorageError(`${this.label}: ${(e as Error).message}`);
    } finally {
      c.release();
    }
  }

  async createStudy(name: string, directions: Direction[]): Promise<StudyRecord> {
    return this.tx(async (c) => {
      const r = await c.query("INSERT INTO catchment_tune_studies (name, directions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id", [name, JSON.stringify(directions)]);
      if (r.rowCount === 0) throw new StudyExistsError(`study '${name}' already exists in ${this.label}`);
      return { id: r.rows[0].id as number, name, directions: [...directions], userAttrs: {}, systemAttrs: {} };
    });
  }

  async findStudy(name: string): Promise<StudyRecord | null> {
    return this.tx(async (c) => {
      const r = await c.query("SELECT * FROM catchment_tune_studies WHERE name = $1", [name]);
      if (r.rowCount === 0) return null;
      const row = r.rows[0];
      return { id: row.id, name: row.name, directions: JSON.parse(row.directions), userAttrs: JSON.parse(row.user_attrs), systemAttrs: JSON.parse(row.system_attrs) };
    });
  }

  async studyNames(): Promise<string[]> {
    return this.tx(async (c) => (await c.query("SELECT name FROM catchment_tune_studies ORDER BY id")).rows.map((r) => r.name as string));
  }

  async deleteStudy(name: string): Promise<void> {
    await this.tx(async (c) => c.query("DELETE FROM catchment_tune_studies WHERE name = $1", [name]));
  }

  async setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    await this.setJson("catchment_tune_studies", "user_attrs", studyId, key, value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void> {
    await this.setJson("catchment_tune_studies", "system_attrs", studyId, key, value);
  }

  private async setJson(table: string, column: string, id: number, key: string, value: unknown, checkOpen = false): Promise<void> {
    await this.tx(async (c) => {
      const r = await c.query(`SELECT ${column} AS attrs${checkOpen ? ", state, number" : ""} FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
      if (r.rowCount === 0) throw new StorageError(`${this.label}: no row ${id} in ${table}`);
      const row = r.rows[0];
      if (checkOpen && ["complete", "pruned", "failed"].includes(row.state)) throw new TrialFinishedError(row.number, row.state);
      const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
      attrs[key] = value;
      await c.query(`UPDATE ${table} SET ${column} = $1 WHERE id = $2`, [JSON.stringify(attrs), id]);
    });
  }

  async createTrial(studyId: number, o: NewTrialOptions = {}): Promise<FrozenTrial | null> {
    const id = await this.tx(async (c) => {
      const study = await c.query("SELECT id FROM catchment_tune_studies WHERE id = $1 FOR UPDATE", [studyId]);
      if (study.rowCount === 0) throw new StorageError(`${this.label}: no study with id ${studyId}`);
      const waiting = await c.query("SELECT id FROM catchment_tune_trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1", [studyId]);
      if (waiting.rowCount) {
        await c.query(`UPDATE catchment_tune_trials SET state = 'running', start = ${NOW_MS}, heartbeat = ${NOW_MS} WHERE id = $1`, [waiting.rows[0].id]);
        return waiting.rows[0].id as number;
      }
      if (o.maxTrials !== undefined) {
        const n = await c.query("SELECT COUNT(*)::int AS n FROM catchment_tune_trials WHERE study_id = $1 AND state = ANY($2)", [studyId, [...COUNTED_STATES]]);
        if (n.rows[0].n >= o.maxTrials) return null;
      }
      return this.insertTrial(c, studyId, "running", {});
    });
    return id === null ? null : this.getTrial(id);
  }

  private async insertTrial(c: Client, studyId: number, state: TrialState, systemAttrs: Record<string, unknown>): Promise<number> {
    const next = await c.query("SELECT COALESCE(MAX(number) + 1, 0)::int AS next FROM catchment_tune_trials WHERE study_id = $1", [studyId]);
    const time = state === "running" ? NOW_MS : "NULL";
    const r = await c.query(
      `INSERT INTO catchment_tune_trials (study_id, number, state, start, heartbeat, system_attrs) VALUES ($1, $2, $3, ${time}, ${time}, $4) RETURNING id`,
      [studyId, next.rows[0].next, state, JSON.stringify(systemAttrs)],
    );
    return r.rows[0].id as number;
  }

  async enqueueTrial(studyId: number, fixedParams: Record<string, ParamValue>, userAttrs: Record<string, unknown> = {}): Promise<FrozenTrial> {
    const id = await this.tx(async (c) => {
      const study = await c.query("SELECT id FROM catchment_tune_studies WHERE id = $1 FOR UPDATE", [studyId]);
      if (study.rowCount === 0) throw new StorageError(`${this.label}: no study with id ${studyId}`);
      const id = await this.insertTrial(c, studyId, "waiting", { fixed_params: fixedParams });
      await c.query("UPDATE catchment_tune_trials SET user_attrs = $1 WHERE id = $2", [JSON.stringify(userAttrs), id]);
      return id;
    });
    return this.getTrial(id);
  }

  private async assertOpen(c: Client, trialId: number): Promise<void> {
    const r = await c.query("SELECT number, state FROM catchment_tune_trials WHERE id = $1 FOR UPDATE", [trialId]);
    if (r.rowCount === 0) throw new StorageError(`${this.label}: no trial with id ${trialId}`);
    const { number, state } = r.rows[0];
    if (["complete", "pruned", "failed"].includes(state)) throw new TrialFinishedError(number, state);
  }

  async setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void> {
    await this.tx(async (c) => {
      await this.assertOpen(c, trialId);
      await c.query(
        "INSERT INTO catchment_tune_params (trial_id, name, value, distribution) VALUES ($1, $2, $3, $4) ON CONFLICT (trial_id, name) DO UPDATE SET value = EXCLUDED.value, distribution = EXCLUDED.distribution",
        [trialId, name, internal, JSON.stringify(distribution)],
      );
    });
  }

  async setTrialIntermediate(trialId: number, step: number, value: number): Promise<void> {
    await this.tx(async (c) => {
      await this.assertOpen(c, trialId);
      await c.query(
        "INSERT INTO catchment_tune_intermediate (trial_id, step, value) VALUES ($1, $2, $3::double precision) ON CONFLICT (trial_id, step) DO UPDATE SET value = EXCLUDED.value",
        [trialId, step, String(value)],
      );
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    await this.setJson("catchment_tune_trials", "user_attrs", trialId, key, value, true);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void> {
    await this.setJson("catchment_tune_trials", "system_attrs", trialId, key, value, true);
  }

  async finishTrial(trialId: number, state: Exclude<TrialState, "running" | "waiting">, values: number[] | null): Promise<boolean> {
    return this.tx(async (c) => {
      const r = await c.query(`UPDATE catchment_tune_trials SET state = $1, "values" = $2, "end" = ${NOW_MS} WHERE id = $3 AND state = 'running'`, [state, encodeValues(values), trialId]);
      return r.rowCount === 1;
    });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const cached = this.finished.get(trialId);
    if (cached) return cached;
    return this.tx(async (c) => {
      const r = await c.query("SELECT * FROM catchment_tune_trials WHERE id = $1", [trialId]);
      if (r.rowCount === 0) throw new StorageError(`${this.label}: no trial with id ${trialId}`);
      return (await this.fromRows(c, r.rows as TrialRow[]))[0];
    });
  }

  async getAllTrials(studyId: number): Promise<FrozenTrial[]> {
    return this.tx(async (c) => {
      await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      const r = await c.query("SELECT * FROM catchment_tune_trials WHERE study_id = $1 ORDER BY number", [studyId]);
      const rows = r.rows as TrialRow[];
      const fresh = await this.fromRows(c, rows.filter((row) => !this.finished.has(row.id)));
      const byId = new Map(fresh.map((t) => [t.id, t]));
      return rows.map((row) => this.finished.get(row.id) ?? (byId.get(row.id) as FrozenTrial));
    });
  }

  private async fromRows(c: Client, rows: TrialRow[]): Promise<FrozenTrial[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const params = await c.query("SELECT trial_id, name, value, distribution FROM catchment_tune_params WHERE trial_id = ANY($1) ORDER BY seq", [ids]);
    const inter = await c.query("SELECT trial_id, step, value FROM catchment_tune_intermediate WHERE trial_id = ANY($1) ORDER BY step", [ids]);
    const out = rows.map((row): FrozenTrial => ({
      id: row.id,
      number: row.number,
      state: row.state,
      values: decodeValues(row.values),
      params: {},
      distributions: {},
      intermediate: new Map(),
      userAttrs: JSON.parse(row.user_attrs),
      systemAttrs: JSON.parse(row.system_attrs),
      start: row.start,
      end: row.end,
    }));
    const byId = new Map(out.map((t) => [t.id, t]));
    for (const p of params.rows) {
      const t = byId.get(p.trial_id) as FrozenTrial;
      t.params[p.name] = p.value;
      t.distributions[p.name] = JSON.parse(p.distribution);
    }
    for (const v of inter.rows) (byId.get(v.trial_id) as FrozenTrial).intermediate.set(v.step, v.value);
    for (const t of out) if (isFinished(t)) this.finished.set(t.id, t);
    return out;
  }

  async heartbeat(trialIds: readonly number[]): Promise<void> {
    if (trialIds.length === 0) return;
    await this.tx(async (c) => c.query(`UPDATE catchment_tune_trials SET heartbeat = ${NOW_MS} WHERE id = ANY($1) AND state = 'running'`, [[...trialIds]]));
  }

  async failStaleTrials(studyId: number, timeoutMs: number): Promise<number[]> {
    return this.tx(async (c) => {
      const r = await c.query(
        `UPDATE catchment_tune_trials SET state = 'failed', "end" = ${NOW_MS},
           system_attrs = jsonb_set(system_attrs::jsonb, '{fail_reason}', to_jsonb($3::text))::text
         WHERE study_id = $1 AND state = 'running' AND heartbeat < ${NOW_MS} - $2 RETURNING number`,
        [studyId, timeoutMs, `no heartbeat for ${timeoutMs / 1000} s`],
      );
      return r.rows.map((x) => x.number as number);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
