// The three storages behave alike: numbering, parameters and values round-trip (NaN and infinities
// too), a finished trial cannot change, the trial budget and waiting trials are claimed in one
// transaction, stale trials fail; and the errors a user can meet read as one line.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createStudy, floatDistribution, MemoryStorage, openStorage, PostgresStorage, SqliteStorage, Storage, StorageError, TrialFinishedError } from "../../../src/train/tune/index.js";
import { postgresBin, startPostgres, PostgresServer } from "./postgres-server.js";

const dir = mkdtempSync(join(tmpdir(), "tune-storage-"));
let pg: PostgresServer | null = null;
before(async () => {
  if (postgresBin()) pg = await startPostgres();
});
after(() => {
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const kinds: [string, () => Storage][] = [
  ["memory", () => new MemoryStorage()],
  ["sqlite", () => new SqliteStorage(join(dir, `s${Math.random().toString(36).slice(2)}.db`))],
  ["postgresql", () => new PostgresStorage((pg as PostgresServer).url)],
];

for (const [kind, make] of kinds) {
  const skip = kind === "postgresql" && !postgresBin() ? "PostgreSQL is not installed" : false;

  test(`${kind}: trials are numbered, round-trip their data, and cannot change once finished`, { skip }, async () => {
    const s = make();
    try {
      const name = `roundtrip-${Math.random()}`;
      const study = await s.createStudy(name, ["minimize"]);
      await assert.rejects(s.createStudy(name, ["minimize"]), /already exists/);
      const a = (await s.createTrial(study.id)) as NonNullable<Awaited<ReturnType<Storage["createTrial"]>>>;
      const b = (await s.createTrial(study.id)) as typeof a;
      assert.deepEqual([a.number, b.number], [0, 1]);
      const d = floatDistribution("x", 0, 1);
      await s.setTrialParam(a.id, "x", 0.25, d);
      await s.setTrialIntermediate(a.id, 0, NaN);
      await s.setTrialIntermediate(a.id, 3, -Infinity);
      await s.setTrialUserAttr(a.id, "note", { k: [1, 2] });
      assert.equal(await s.finishTrial(a.id, "complete", [Infinity]), true);
      assert.equal(await s.finishTrial(a.id, "failed", null), false, "a finished trial stays finished");
      await assert.rejects(s.setTrialParam(a.id, "y", 0.5, d), TrialFinishedError);
      await assert.rejects(s.setTrialIntermediate(a.id, 4, 1), TrialFinishedError);
      const [ra] = await s.getAllTrials(study.id);
      assert.equal(ra.state, "complete");
      assert.deepEqual(ra.values, [Infinity]);
      assert.deepEqual(ra.params, { x: 0.25 });
      assert.deepEqual(ra.distributions.x, d);
      assert.ok(Number.isNaN(ra.intermediate.get(0)));
      assert.equal(ra.intermediate.get(3), -Infinity);
      assert.deepEqual(ra.userAttrs, { note: { k: [1, 2] } });
    } finally {
      await s.close();
    }
  });

  test(`${kind}: the trial budget counts waiting, running, complete and pruned trials, and waiting trials are claimed first`, { skip }, async () => {
    const s = make();
    try {
      const study = await s.createStudy(`budget-${Math.random()}`, ["maximize"]);
      const t0 = await s.createTrial(study.id, { maxTrials: 3 });
      await s.enqueueTrial(study.id, { x: 0.5 });
      const t2 = await s.createTrial(study.id, { maxTrials: 3 });
      assert.equal(t2?.number, 1, "the waiting trial is claimed before a new one is made");
      assert.deepEqual(t2?.systemAttrs.fixed_params, { x: 0.5 });
      await s.finishTrial((t0 as { id: number }).id, "failed", null);
      const t3 = await s.createTrial(study.id, { maxTrials: 3 });
      assert.equal(t3?.number, 2);
      const t4 = await s.createTrial(study.id, { maxTrials: 3 });
      assert.equal(t4?.number, 3, "a failed trial does not use up the budget");
      assert.equal(await s.createTrial(study.id, { maxTrials: 3 }), null);
    } finally {
      await s.close();
    }
  });

  if (kind !== "memory")
    test(`${kind}: running trials without heartbeats fail; fresh ones do not`, { skip }, async () => {
      const s = make();
      try {
        const study = await s.createStudy(`stale-${Math.random()}`, ["minimize"]);
        const old = await s.createTrial(study.id);
        await new Promise((r) => setTimeout(r, 400));
        const fresh = await s.createTrial(study.id);
        assert.deepEqual(await s.failStaleTrials(study.id, 300), [old?.number]);
        const trials = await s.getAllTrials(study.id);
        assert.equal(trials[0].state, "failed");
        assert.match(String(trials[0].systemAttrs.fail_reason), /no heartbeat/);
        assert.equal(trials[1].state, "running", `trial ${fresh?.number} is still fresh`);
      } finally {
        await s.close();
      }
    });
}

test("a trial whose objective blocks the thread for longer than the heartbeat timeout stays alive (the heartbeat thread beats)", { timeout: 60_000 }, async () => {
  const url = `sqlite:${join(dir, "busy.db")}`;
  const study = await createStudy({ name: "busy", storage: url, heartbeat: { intervalMs: 100, timeoutMs: 500 } });
  // another process fails stale trials every 50 ms while the objective blocks for 2 s
  const reaper = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { openStorage } from ${JSON.stringify(new URL("../../../src/train/tune/index.js", import.meta.url).href)};
       const s = openStorage(${JSON.stringify(url)}); const id = (await s.findStudy("busy")).id; const out = [];
       for (let i = 0; i < 60; i++) { out.push(...await s.failStaleTrials(id, 500)); await new Promise((r) => setTimeout(r, 50)); }
       console.log(JSON.stringify(out)); await s.close();`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let reaped = "";
  reaper.stdout.on("data", (d) => (reaped += String(d)));
  const exited = new Promise((r) => reaper.once("exit", r));
  const busy = new Int32Array(new SharedArrayBuffer(4));
  await new Promise((r) => setTimeout(r, 300));
  await study.optimize(
    (t) => {
      Atomics.wait(busy, 0, 0, 2000);
      return t.suggestFloat("x", 0, 1);
    },
    { nTrials: 1 },
  );
  await exited;
  assert.deepEqual(JSON.parse(reaped), [], "no trial was failed");
  assert.equal(study.trials[0].state, "complete");
  await study.close();
});

test("bad storages and studies give one clear line", async () => {
  assert.throws(() => openStorage("mysql://x"), /expected memory, sqlite:<path> or postgresql:/);
  assert.throws(() => openStorage(`sqlite:${join(dir, "no", "such", "folder", "s.db")}`), /folder .* does not exist/);
  const unreachable = openStorage("postgresql://someone:secret@127.0.0.1:1/db");
  await assert.rejects(unreachable.findStudy("x"), (e: Error) => e instanceof StorageError && /cannot connect/.test(e.message) && !e.message.includes("secret"));
  await unreachable.close();
  const url = `sqlite:${join(dir, "dir.db")}`;
  const s = await createStudy({ name: "nse", storage: url, direction: "maximize" });
  await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  await s.close();
  await assert.rejects(createStudy({ name: "nse", storage: url, direction: "minimize", loadIfExists: true }), /exists with direction maximize, not minimize/);
  const again = await createStudy({ name: "nse", storage: url, direction: "maximize", loadIfExists: true });
  assert.equal(again.trials.length, 2, "the existing trials are untouched");
  await again.close();
});
