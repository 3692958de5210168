// `catchment tune` end to end on a tiny runoff model (the Minam River, an LSTM of a few units, a few
// epochs): trials run as child processes two at a time, the outputs are written and the last line is
// the summary; a second run of a finished study runs nothing more. Bad study files, storages and
// directions end in one line and leave existing trials alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../../../src/util/config.js";
import { runoffSchema } from "../../../src/runoff/config.js";
import { data } from "../../helpers/data.js";
import { repoRoot } from "./helpers.js";

const cli = join(repoRoot, "dist", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "tune-cli-"));
writeFileSync(join(dir, "minam.txt"), "13331500\n");
writeFileSync(
  join(dir, "base.yml"),
  [
    "dataset: camels_model_output",
    `data_dir: ${data("camels_us_longterm")}`,
    "train_basin_file: minam.txt",
    "validation_basin_file: minam.txt",
    "train_start_date: 1985-10-01",
    "train_end_date: 1986-09-30",
    "validation_start_date: 1986-10-01",
    "validation_end_date: 1987-09-30",
    "dynamic_inputs: [PRCP, TAIR, PET]",
    "target_variables: [OBS_RUN]",
    "model: lstm",
    "static_vector: none",
    "seq_length: 30",
    "hidden_size: 8",
    "batch_size: 128",
    "epochs: 3",
    "validate_every: 1",
    "learning_rate: 0.001",
  ].join("\n") + "\n",
);

function studyFile(name: string, change: Record<string, string> = {}, search?: string): string {
  const fields: Record<string, string> = {
    command: "runoff train",
    config: "base.yml",
    objective: "validation_median_nse",
    direction: "maximize",
    trials: "5",
    workers: "2",
    seed: "7",
    sampler: "{n_startup_trials: 3}",
    pruner: "{name: median, n_startup_trials: 2}",
    ...change,
  };
  const path = join(dir, `${name}.yml`);
  const body = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("\n");
  writeFileSync(path, `${body}\nsearch:\n${search ?? "  learning_rate: {float: [1.0e-4, 3.0e-2], log: true}\n  hidden_size: {int: [4, 12]}\n  batch_size: {categorical: [64, 128]}"}\n`);
  return path;
}

function tune(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, "tune", ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const summary = /^tune: best validation_median_nse=-?[\d.]+(e-?\d+)? at trial (\d+) of (\d+) \((\d+) pruned\)$/;

test("a runoff study runs its trials as run folders and ends with the summary line", { timeout: 600_000 }, () => {
  const out = join(dir, "study");
  const r = tune("--config", studyFile("study"), "--out", out);
  assert.equal(r.code, 0, r.err);
  const last = r.out.trim().split("\n").pop() as string;
  const m = summary.exec(last);
  assert.ok(m, `last line: ${last}`);
  assert.equal(m[3], "5");
  for (const f of ["trials.csv", "best_config.yml", "optimization_history.png", "intermediate_values.png", "param_importances.png", "study.db"]) assert.ok(existsSync(join(out, f)), f);
  const rows = readFileSync(join(out, "trials.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  assert.equal(rows.length, 5);
  assert.equal(rows.filter((c) => c[1] === "pruned").length, Number(m[4]), "pruned count in the summary and trials.csv");
  const best = rows.find((c) => c[0] === m[2]) as string[];
  assert.equal(best[1], "complete");
  // each trial is a normal run folder of its own
  const trialDirs = readdirSync(out).filter((d) => d.startsWith("trial_"));
  assert.equal(trialDirs.length, 5);
  for (const d of trialDirs) for (const f of ["trial_config.yml", "config.yml", "loss.csv", "run.log"]) assert.ok(existsSync(join(out, d, f)), `${d}/${f}`);
  // the best config is a runoff config with the best trial's parameters, and its value is the best epoch's NSE
  const cfg = loadConfig(join(out, "best_config.yml"), runoffSchema);
  assert.equal(cfg.hidden_size, Number(best[4]));
  assert.equal(cfg.learning_rate, Number(best[3]));
  const loss = readFileSync(join(out, `trial_${m[2].padStart(4, "0")}`, "loss.csv"), "utf8").trim().split("\n");
  const col = loss[0].split(",").indexOf("validation_median_nse");
  const nse = loss.slice(1).map((l) => Number(l.split(",")[col]));
  assert.equal(Number(best[2]), Math.max(...nse));
  // the study is done: running it again adds no trial and prints the same summary
  const again = tune("--config", studyFile("study"), "--out", out);
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out.trim().split("\n").pop(), last);
  assert.equal(readdirSync(out).filter((d) => d.startsWith("trial_")).length, 5);
});

function oneLine(r: { code: number | null; err: string }, pattern: RegExp) {
  assert.equal(r.code, 1, r.err);
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, r.err);
  assert.match(lines[0], /^catchment: /);
  assert.match(lines[0], pattern);
}

test("bad study files end in one line naming the file and the field, before anything is written", () => {
  const out = join(dir, "bad");
  const search = (s: string) => `  ${s}`;
  oneLine(tune("--config", studyFile("empty", {}, search("learning_rate: {float: [0.01, 0.01]}")), "--out", out), /empty\.yml: search\.learning_rate: the range \[0\.01, 0\.01\] is empty/);
  oneLine(tune("--config", studyFile("inverted", {}, search("hidden_size: {int: [12, 4]}")), "--out", out), /inverted\.yml: search\.hidden_size: the range \[12, 4\] is inverted/);
  oneLine(tune("--config", studyFile("nochoice", {}, search("batch_size: {categorical: []}")), "--out", out), /nochoice\.yml: search\.batch_size: a categorical needs a list of at least one choice/);
  oneLine(tune("--config", studyFile("unknown", {}, search("hiden_size: {int: [4, 12]}")), "--out", out), /unknown\.yml: search key 'hiden_size' is not a key of the runoff train config/);
  oneLine(tune("--config", studyFile("badtype", {}, search("hidden_size: {float: [4, 12]}")), "--out", out), /badtype\.yml: search\.hidden_size: the value 7\.05\d* is not valid for the runoff train config \(key 'hidden_size': /);
  oneLine(tune("--config", studyFile("metric", { objective: "validation_nse" }), "--out", out), /metric\.yml: objective metric 'validation_nse': a runoff train run with this config writes train_loss, lr, validation_median_nse to loss\.csv/);
  oneLine(tune("--config", studyFile("command", { command: "runoff predict" }), "--out", out), /command 'runoff predict': not a command catchment tune can run/);
  assert.equal(existsSync(out), false, "nothing was written");
});

test("an unreachable storage and a study of the same name with the other direction end in one line; the existing trials stay", { timeout: 120_000 }, () => {
  oneLine(tune("--config", studyFile("pg"), "--out", join(dir, "pg"), "--storage", "postgresql://tuner:secret@127.0.0.1:1/studies"), /postgresql:\/\/tuner:\*\*\*@127\.0\.0\.1:1\/studies: cannot connect/);
  const out = join(dir, "dir");
  const first = tune("--config", studyFile("dir", { trials: "2", workers: "1" }), "--out", out);
  assert.equal(first.code, 0, first.err);
  const before = readFileSync(join(out, "trials.csv"), "utf8");
  oneLine(tune("--config", studyFile("dir", { direction: "minimize", trials: "4" }), "--out", out), /study 'dir' in sqlite:.*study\.db exists with direction maximize, not minimize/);
  assert.equal(readFileSync(join(out, "trials.csv"), "utf8"), before);
  assert.equal(parse(readFileSync(join(out, "best_config.yml"), "utf8")).epochs, 3);
});
