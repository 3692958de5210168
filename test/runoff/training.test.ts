// A small regional run that must learn, resume exactly, evaluate and ensemble.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runoffSchema } from "../../src/runoff/config.js";
import { trainRunoff } from "../../src/runoff/train.js";
import { evaluateRun } from "../../src/runoff/evaluate.js";
import { ensembleRuns } from "../../src/runoff/ensemble.js";
import { validateConfig } from "../../src/util/config.js";
import { numberColumn, readTable } from "../../src/util/table.js";
import { loadSafetensors, Tensor } from "../../src/torch/index.js";
import { data } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "runoff-train-"));
writeFileSync(join(dir, "basins.txt"), "01022500\n01547700\n02064000\n03015500\n");
const cfg = (extra: Record<string, unknown> = {}) =>
  validateConfig("test.yml", {
    dataset: "camels_us",
    data_dir: data("camels_us_subset"),
    forcings: "daymet",
    train_basin_file: join(dir, "basins.txt"),
    train_start_date: "2000-07-01",
    train_end_date: "2002-09-30",
    validation_start_date: "2002-10-01",
    validation_end_date: "2002-12-31",
    dynamic_inputs: ["prcp(mm/day)", "srad(W/m2)", "tmax(C)", "tmin(C)", "vp(Pa)"],
    target_variables: ["QObs(mm/d)"],
    clip_targets_to_zero: ["QObs(mm/d)"],
    model: "ealstm",
    seq_length: 90,
    hidden_size: 32,
    output_dropout: 0,
    learning_rate: { 0: 0.01, 10: 0.003 },
    batch_size: 128,
    epochs: 14,
    clip_gradient_norm: 1,
    seed: 2,
    ...extra,
  }, runoffSchema);

test("an EA-LSTM learns the four basins: median training NSE above 0.5", () => {
  const run = join(dir, "learn");
  const r = trainRunoff(cfg(), run, false);
  assert.equal(r.history.length, 14);
  const report = evaluateRun(run, "train", []);
  assert.ok(report.medianNse > 0.5, `median training NSE ${report.medianNse}`);
  assert.ok(r.history[13].train_loss < r.history[0].train_loss / 2, "the NSE loss at least halves");
  for (const f of ["config.yml", "normalization.json", "statics.csv", "loss.csv", "model.safetensors", "loss_curve.png", "train/metrics.csv", "train/nse_cdf.png", "train/predictions/01022500.csv"])
    assert.ok(existsSync(join(run, f)), f);
});

test("resume after an interruption gives the same model as an uninterrupted run", () => {
  const whole = join(dir, "whole");
  const split = join(dir, "split");
  trainRunoff(cfg({ epochs: 3, validate_every: 1 }), whole, false);
  trainRunoff(cfg({ epochs: 2, validate_every: 1 }), split, false);
  assert.throws(() => trainRunoff(cfg({ epochs: 3, validate_every: 1 }), split, false), /already holds a run/);
  trainRunoff(cfg({ epochs: 3, validate_every: 1 }), split, true);
  assert.equal(readFileSync(join(split, "loss.csv"), "utf8"), readFileSync(join(whole, "loss.csv"), "utf8"));
  assert.deepEqual(readFileSync(join(split, "model.safetensors")), readFileSync(join(whole, "model.safetensors")));
});

test("an ensemble is the day-by-day mean of its members' predictions", () => {
  const a = join(dir, "seed_a");
  const b = join(dir, "seed_b");
  trainRunoff(cfg({ epochs: 1, seed: 11, test_start_date: "2002-10-01", test_end_date: "2002-12-31" }), a, false);
  trainRunoff(cfg({ epochs: 1, seed: 12, test_start_date: "2002-10-01", test_end_date: "2002-12-31" }), b, false);
  const out = join(dir, "ensemble");
  const report = ensembleRuns([a, b], out, "test", []);
  assert.equal(report.metrics.length, 4);
  const col = (run: string) => numberColumn(readTable(join(run, "test", "predictions", "02064000.csv")), "simulated");
  const [x, y, m] = [col(a), col(b), col(out)];
  assert.equal(m.length, 92);
  m.forEach((v, i) => assert.ok(Math.abs(v - (x[i] + y[i]) / 2) < 1e-4, `day ${i}: ${v} vs ${(x[i] + y[i]) / 2}`));
  assert.ok(x.some((v, i) => Math.abs(v - y[i]) > 1e-3), "two seeds differ");
});

test("early stopping ends when validation stops improving, and keeps the best validated epoch", () => {
  const run = join(dir, "early");
  const r = trainRunoff(cfg({ epochs: 8, validate_every: 1, early_stopping_patience: 2, learning_rate: 0.03 }), run, false);
  const nse = r.history.map((h) => h.validation_median_nse);
  const best = nse.indexOf(Math.max(...nse));
  // the rule: stop once two validations in a row have not beaten the best
  const stopAt = nse.findIndex((_, e) => e - nse.slice(0, e + 1).indexOf(Math.max(...nse.slice(0, e + 1))) >= 2);
  assert.equal(r.history.length, stopAt >= 0 ? stopAt + 1 : 8);
  assert.equal(r.bestEpoch, best + 1);
  const kept = loadSafetensors(join(run, "model.safetensors")).tensors;
  const ckpt = loadSafetensors(join(run, "checkpoints", `epoch_${String(best + 1).padStart(3, "0")}.safetensors`)).tensors;
  for (const [k, t] of kept) assert.deepEqual(Array.from(t.toFloat64Array()), Array.from((ckpt.get(`model.${k}`) as Tensor).toFloat64Array()), k);
});
