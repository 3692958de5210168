// The command line end to end: a short real run, and bad input that must end in one clear line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const sampleDir = join(root, "examples", "data");
const basinFile = join(root, "examples", "runoff", "basin_13331500.txt");

/** A small config; `change` replaces or adds keys (one YAML line each). */
function config(change: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "qs-cfg-"));
  const path = join(dir, "qs.yml");
  const base = `dataset: generic
data_dir: ${sampleDir}
train_basin_file: ${basinFile}
test_basin_file: ${basinFile}
dynamic_inputs: [prcp_mm_day, tair_c, pet_mm_day]
target_variables: [obs_runoff_mm_day]
benchmark_variable: sacsma_runoff_mm_day
model: lstm
static_vector: none
train_start_date: 1985-10-01
train_end_date: 1987-09-30
test_start_date: 1987-10-01
test_end_date: 1988-09-30
seq_length: 30
hidden_size: 8
batch_size: 128
epochs: 2
seed: 1`;
  const lines = base.split("\n").filter((l) => !(l.split(":")[0] in change));
  writeFileSync(path, [...lines, ...Object.entries(change).map(([k, v]) => `${k}: ${v}`)].join("\n") + "\n");
  return path;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("quickstart writes a complete run folder and prints NSE of model and benchmark", () => {
  const out = join(mkdtempSync(join(tmpdir(), "qs-run-")), "run");
  const r = run("quickstart", "--config", config(), "--out", out, "--threads", "1");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^NSE model=-?\d+\.\d{3} benchmark=0\.\d{3}$/m);
  for (const f of ["config.yml", "normalization.json", "loss.csv", "model.safetensors", "test/metrics.csv", "test/predictions/13331500.csv", "loss_curve.png", "test/hydrographs/13331500.png", "checkpoints/epoch_002.safetensors", "run.json"])
    assert.ok(existsSync(join(out, f)), f);
  assert.equal(readFileSync(join(out, "loss.csv"), "utf8").trim().split("\n").length, 3);
  assert.equal(readFileSync(join(out, "test", "predictions", "13331500.csv"), "utf8").trim().split("\n").length, 367, "one row per test day (1988 is a leap year)");
  // the run record: version, commit, seeds, threads, device, times
  const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  assert.equal(record.sessions.length, 1);
  assert.equal(record.sessions[0].threads, 1);
  assert.equal(record.sessions[0].device, "cpu");
  assert.equal(record.sessions[0].status, "complete");
  assert.ok(Date.parse(record.sessions[0].finished) >= Date.parse(record.sessions[0].started));
  assert.deepEqual(record.seeds, { seed: 1, static_seed: 0 });
  assert.match(record.catchment_version, /^\d+\.\d+\.\d+/);
  assert.match(readFileSync(join(out, "config.yml"), "utf8"), /^seq_length: 30$/m);
  // same seed, same threads, same data: the same numbers
  const twin = join(mkdtempSync(join(tmpdir(), "qs-run-")), "run");
  assert.equal(run("quickstart", "--config", config(), "--out", twin, "--threads", "1").code, 0);
  assert.equal(readFileSync(join(twin, "loss.csv"), "utf8"), readFileSync(join(out, "loss.csv"), "utf8"));
  assert.ok(readFileSync(join(twin, "model.safetensors")).equals(readFileSync(join(out, "model.safetensors"))));
  const again = run("quickstart", "--config", config(), "--out", out);
  assert.equal(again.code, 1);
  assert.match(again.err, /already holds a run; pass --resume/);
});

test("bad input ends with one line naming the file and the problem, and a non-zero exit", () => {
  const cases: [string[], RegExp][] = [
    [["--config", config({ learning_rat: "0.1" })], /qs\.yml: unknown key 'learning_rat'/],
    [["--config", config({ hidden_size: "-3" })], /qs\.yml: key 'hidden_size': /],
    [["--config", config().replace("qs.yml", "none.yml")], /none\.yml: config file not found/],
    [["--config", config({ test_end_date: "2030-01-01" })], /13331500\.csv: test period 1987-10-01 … 2030-01-01 is outside the data \(1985-10-01 … 1995-09-30\)/],
    [["--config", config({ train_start_date: "31/02/1986" })], /key 'train_start_date': .*'31\/02\/1986' is not a calendar date/],
    [["--config", config(), "--threads", "0"], /--threads: expected a whole number ≥ 1, got '0'/],
  ];
  for (const [args, pattern] of cases) {
    const r = run("quickstart", ...args, "--out", join(mkdtempSync(join(tmpdir(), "qs-bad-")), "run"));
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.err, pattern);
    assert.equal(r.err.trim().split("\n").length, 1, `one line, got:\n${r.err}`);
  }
});
