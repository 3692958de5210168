// `catchment runoff` end to end on the Minam River model_output file: a short real run whose
// evaluation ends in the NSE line, and bad input that ends in one clear line.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { data } from "../helpers/data.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "runoff-cli-"));
writeFileSync(join(dir, "minam.txt"), "13331500\n");
writeFileSync(join(dir, "missing.txt"), "13331500\n99999999\n");

function config(change: Record<string, string> = {}): string {
  const path = join(dir, `cfg-${Math.random().toString(36).slice(2)}.yml`);
  const base: Record<string, string> = {
    dataset: "camels_model_output",
    data_dir: data("camels_us_longterm"),
    train_basin_file: "minam.txt",
    test_basin_file: "minam.txt",
    train_start_date: "1985-10-01",
    train_end_date: "1987-09-30",
    test_start_date: "1987-10-01",
    test_end_date: "1988-09-30",
    dynamic_inputs: "[PRCP, TAIR, PET]",
    target_variables: "[OBS_RUN]",
    model: "lstm",
    static_vector: "none",
    seq_length: "30",
    hidden_size: "8",
    batch_size: "128",
    epochs: "1",
    ...change,
  };
  writeFileSync(path, Object.entries(base).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n");
  return path;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// one trained run, made before the tests that read it (none depends on another test having run)
const runDir = join(dir, "run");
before(() => {
  const t = run("--threads", "1", "runoff", "train", "--config", config(), "--run-dir", runDir);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /run folder: /);
});

test("runoff evaluate: the last line compares the model with the SAC-SMA benchmark", () => {
  const e = run("runoff", "evaluate", "--run-dir", runDir, "--period", "test");
  assert.equal(e.code, 0, e.err);
  const last = e.out.trim().split("\n").pop() as string;
  assert.match(last, /^NSE model=-?\d+\.\d{3} benchmark=0\.\d{3}$/);
  assert.ok(existsSync(join(runDir, "test", "hydrographs", "13331500.png")));
});

test("--seeds trains one run per seed and scores their ensemble on the test period", () => {
  const runDir = join(dir, "seeds");
  const t = run("--threads", "1", "runoff", "train", "--config", config(), "--run-dir", runDir, "--seeds", "1,2");
  assert.equal(t.code, 0, t.err);
  assert.ok(existsSync(join(runDir, "seed_1", "model.safetensors")) && existsSync(join(runDir, "seed_2", "model.safetensors")));
  assert.ok(existsSync(join(runDir, "ensemble", "test", "metrics.csv")));
  assert.match(t.out.trim().split("\n").pop() as string, /^NSE model=-?\d+\.\d{3} benchmark=0\.\d{3}$/);
});

test("without --run-dir the run goes to the run tree", () => {
  const t = run("--threads", "1", "runoff", "train", "--config", config({ seed: "4" }));
  assert.equal(t.code, 0, t.err);
  assert.ok(existsSync(join(dir, "runs", "minam", "lstm", "none", "seed_4", "model.safetensors")));
});

for (const [what, change, message] of [
  ["an unknown key", { hiden_size: "8" }, /unknown key 'hiden_size'/],
  ["a missing basin file", { train_basin_file: "nope.txt" }, /nope\.txt: basin file not found/],
  ["a basin without data", { train_basin_file: "missing.txt" }, /no CAMELS model_output file for basin 99999999/],
  ["dates outside the data", { train_start_date: "1970-10-01" }, /training period 1970-10-01 … 1987-09-30 is outside the data \(1980-10-01 … 2010-12-31\)/],
  ["an unknown input", { dynamic_inputs: "[PRCP, RAIN]" }, /no variable 'RAIN' \(dynamic_inputs\)/],
  ["a model that needs statics without them", { model: "ealstm" }, /static_vector 'none' needs model 'lstm'/],
] as const) {
  test(`runoff train with ${what} fails in one line`, () => {
    const r = run("runoff", "train", "--config", config(change as Record<string, string>), "--run-dir", join(dir, `bad-${what.length}`));
    assert.equal(r.code, 1);
    assert.match(r.err, message);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
  });
}

test("evaluate with an unknown --plot-basins basin says which basins there are", () => {
  const r = run("runoff", "evaluate", "--run-dir", runDir, "--plot-basins", "01022500");
  assert.equal(r.code, 1);
  assert.match(r.err, /plot_basins: basin 01022500 is not among the test basins \(13331500\)/);
});

test("evaluate on a folder that is not a run says so", () => {
  const r = run("runoff", "evaluate", "--run-dir", dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /config\.yml: not found; is .* a runoff run folder\?/);
});
