// Several worker processes on one study: four on SQLite and two on PostgreSQL run 40 trials between
// them while one worker is killed in the middle of a trial. No trial may be lost (40 complete) or run
// twice (each trial number started by one process), and the killed worker's trial ends failed by the
// heartbeat timeout while the others carry on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadStudy } from "../../../src/train/tune/index.js";
import { postgresBin, startPostgres } from "./postgres-server.js";

const workerScript = resolve(dirname(fileURLToPath(import.meta.url)), "worker-main.js");

interface LogLine {
  kind: string;
  pid: number;
  number: number;
  value: number;
}

function readLog(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [kind, pid, number, value] = l.split(" ");
      return { kind, pid: Number(pid), number: Number(number), value: Number(value) };
    });
}

async function runWorkers(storage: string, nWorkers: number, dir: string): Promise<{ log: LogLine[]; killed: { pid: number; number: number }; stderr: string[] }> {
  const log = join(dir, "trials.log");
  const stderr: string[] = Array.from({ length: nWorkers }, () => "");
  const spec = (i: number) => JSON.stringify({ storage, study: "shared", maxTrials: 40, log, sleepMs: 120, seed: 100 + i });
  const children: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  for (let i = 0; i < nWorkers; i++) {
    const c = spawn(process.execPath, [workerScript], { env: { ...process.env, TUNE_TEST_WORKER: spec(i) }, stdio: ["ignore", "ignore", "pipe"] });
    c.stderr?.on("data", (d) => (stderr[i] += String(d)));
    children.push(c);
    exits.push(new Promise((r) => c.once("exit", (code) => r(code))));
  }
  // once 8 trials are done, kill the worker that is in the middle of one
  let killed: { pid: number; number: number } | null = null;
  while (!killed) {
    await new Promise((r) => setTimeout(r, 20));
    const lines = readLog(log);
    if (lines.filter((l) => l.kind === "end").length < 8) continue;
    const ended = new Set(lines.filter((l) => l.kind === "end").map((l) => l.number));
    const inFlight = lines.find((l) => l.kind === "start" && !ended.has(l.number));
    if (!inFlight) continue;
    const child = children.find((c) => c.pid === inFlight.pid);
    if (!child) continue;
    child.kill("SIGKILL");
    killed = { pid: inFlight.pid, number: inFlight.number };
  }
  const codes = await Promise.all(exits);
  codes.forEach((code, i) => {
    if (children[i].pid !== killed?.pid) assert.equal(code, 0, `worker ${i} exited with ${code}: ${stderr[i]}`);
  });
  return { log: readLog(log), killed, stderr };
}

async function checkStudy(storage: string, dir: string, nWorkers: number): Promise<void> {
  const { log, killed, stderr } = await runWorkers(storage, nWorkers, dir);
  const study = await loadStudy({ name: "shared", storage });
  const trials = await study.getTrials();
  await study.close();
  const complete = trials.filter((t) => t.state === "complete");
  const failed = trials.filter((t) => t.state === "failed");
  assert.equal(complete.length, 40, "40 complete trials");
  assert.deepEqual(failed.map((t) => t.number), [killed.number], "only the killed worker's trial failed");
  assert.match(String(failed[0].systemAttrs.fail_reason), /no heartbeat/);
  assert.ok(trials.every((t) => t.state === "complete" || t.state === "failed"), "nothing left running");
  // each trial number started in exactly one process, and every complete trial's value is the one its process computed
  const starts = log.filter((l) => l.kind === "start");
  assert.equal(new Set(starts.map((l) => l.number)).size, starts.length, "no trial started twice");
  assert.equal(starts.length, 41);
  const ends = new Map(log.filter((l) => l.kind === "end").map((l) => [l.number, l]));
  for (const t of complete) assert.equal(t.values?.[0], ends.get(t.number)?.value, `trial ${t.number}'s stored value`);
  // the work was shared
  const byPid = new Map<number, number>();
  for (const s of starts) byPid.set(s.pid, (byPid.get(s.pid) ?? 0) + 1);
  assert.equal(byPid.size, nWorkers, "every worker ran trials");
  // and nobody saw a locked database or any other error
  for (const e of stderr) assert.doesNotMatch(e, /locked|Error/i);
}

test("four worker processes on one SQLite study: 40 trials, one worker killed mid-trial, none lost or run twice", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "tune-sqlite-"));
  try {
    await checkStudy(`sqlite:${join(dir, "study.db")}`, dir, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("two worker processes on one PostgreSQL study: 40 trials, one killed mid-trial, none lost or run twice", { timeout: 180_000, skip: postgresBin() ? false : "PostgreSQL is not installed (scripts/setup.sh installs it)" }, async () => {
  const server = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), "tune-pg-"));
  try {
    await checkStudy(server.url, dir, 2);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
