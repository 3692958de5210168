// The trial runner against a stand-in training process: every validated epoch reaches the trial as
// it is written, a pruned run is stopped through its stop file (or killed when it does not listen),
// and a failing run is reported with its last line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runTrialProcess } from "../../../src/cli/tune/runner.js";

const fake = resolve(dirname(fileURLToPath(import.meta.url)), "fake-run.js");

async function run(mode: "obey" | "ignore" | "fail", pruneAt: number | null, graceMs = 60_000) {
  const runDir = mkdtempSync(join(tmpdir(), "tune-runner-"));
  const seen: [number, number][] = [];
  const started = Date.now();
  try {
    const r = await runTrialProcess({
      args: [fake],
      env: { TUNE_FAKE_RUN: JSON.stringify({ runDir, epochs: 8, mode, values: [0, 0.1, 0, 0.3, 0, 0.5, 0, 0.7] }) },
      runDir,
      metricsFile: "loss.csv",
      stepColumn: "epoch",
      metric: "score",
      pollMs: 20,
      graceMs,
      onValue: async (step, value) => {
        seen.push([step, value]);
        return pruneAt !== null && step >= pruneAt;
      },
    });
    return { r, seen, ms: Date.now() - started };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

test("a run that goes to its end reports each validated epoch once, in order", async () => {
  const { r, seen } = await run("obey", null);
  assert.equal(r.outcome, "complete");
  assert.deepEqual(seen, [[2, 0.1], [4, 0.3], [6, 0.5], [8, 0.7]]);
});

test("a pruned run stops at its next epoch through the stop file", async () => {
  const { r, seen } = await run("obey", 4);
  assert.equal(r.outcome, "pruned");
  assert.equal(r.exitCode, 130);
  assert.deepEqual(seen, [[2, 0.1], [4, 0.3]], "nothing is reported after the decision");
  assert.ok(Math.max(...r.values.keys()) <= 6, `the run went on to epoch ${Math.max(...r.values.keys())}`);
});

test("a pruned run that ignores the stop file is killed after the grace period", async () => {
  const { r, ms } = await run("ignore", 2, 300);
  assert.equal(r.outcome, "pruned");
  assert.notEqual(r.exitCode, 0);
  assert.ok(ms < 8 * 150 + 2000, `took ${ms} ms`);
});

test("a failing run is reported with its last line", async () => {
  const { r } = await run("fail", null);
  assert.equal(r.outcome, "failed");
  assert.match(r.reason ?? "", /exit code 1: catchment: the data folder vanished/);
});
