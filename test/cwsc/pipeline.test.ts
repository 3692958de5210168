// train → evaluate → predict with gridded labels (every labelled cell its own group, the seed's
// way): a capacity that is a smooth function of the inputs must be learnt, the map written on the
// lattice and compared with FAO maximum soil moisture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRaster } from "../../src/geo/io.js";
import { LATTICE_CELLS } from "../../src/cwsc/data/lattice.js";
import { writeSyntheticCapacityLabels } from "./synthetic.js";
import { data } from "../helpers/data.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "cwsc-pipe-"));
const bioclimPath = data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif");
const run = (...args: string[]) => spawnSync("node", [cli, "--threads", "2", "cwsc", ...args], { encoding: "utf8" });

test("gridded labels: train both splits, evaluate, predict the global map", () => {
  // capacity = exp(5 + 0.6·log-precipitation anomaly − 0.03·temperature) on 600 random land cells
  const { land, labels } = writeSyntheticCapacityLabels(join(dir, "labels.tif"), bioclimPath, 600, 2);
  writeFileSync(
    join(dir, "train.yml"),
    `labels:\n  raster: labels.tif\ninputs:\n  bioclim: ${bioclimPath}\n  channels: [bio1, bio12, bio15]\npatch_size: 5\nnetwork: { blocks: 1, width: 8 }\nepochs: 25\nbatch_size: 32\ncells_per_group: 1\nlearning_rate: 0.003\naugment: false\nblock_degrees: 45\n`,
  );
  const trained = run("train", "--config", join(dir, "train.yml"), "--run-dir", join(dir, "run"));
  assert.equal(trained.status, 0, trained.stderr);
  const evaluated = run("evaluate", "--run-dir", join(dir, "run"));
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const last = evaluated.stdout.trim().split("\n").pop() as string;
  const m = /^cwsc: r2_random=(-?\d\.\d{3}) r2_blocked=(-?\d\.\d{3}|nan) median_kge=(nan|-?\d\.\d{3}) basins=(\d+) masked=0$/.exec(last);
  assert.ok(m, `last line: ${last}`);
  assert.ok(Number(m[1]) > 0.6, `test R² of a learnable function on the random split: ${m[1]}`);
  assert.equal(Number(m[4]), new Set(Array.from(labels).map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0)).size);
  // the capacity is exactly log-linear in two inputs, so the ridge baseline must find it
  const evaluation = readFileSync(join(dir, "run", "evaluation.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  const ridge = evaluation.find((r) => r[0] === "random" && r[1] === "test (ridge baseline)");
  assert.ok(ridge && Number(ridge[3]) > 0.999, `ridge baseline: ${ridge}`);
  for (const f of ["random/model.safetensors", "random/model.json", "random/loss_curve.png", "random/scatter.png", "blocked/predictions.csv", "metrics.csv", "evaluation.csv"])
    assert.ok(existsSync(join(dir, "run", f)), f);

  writeFileSync(join(dir, "predict.yml"), `inputs:\n  bioclim: ${bioclimPath}\ncompare_with: ${data("xanthos_half_degree_grids")}\n`);
  const predicted = run("predict", "--config", join(dir, "predict.yml"), "--model", join(dir, "run", "random"), "--out", join(dir, "map", "cwsc.tif"));
  assert.equal(predicted.status, 0, predicted.stderr);
  const map = readRaster(join(dir, "map", "cwsc.tif"));
  assert.equal(map.width, 720);
  assert.equal(map.height, 360);
  assert.deepEqual(map.geotransform, [-180, 0.5, 0, 90, 0, -0.5]);
  const isLand = new Set(land);
  for (let c = 0; c < LATTICE_CELLS; c++) {
    const v = map.bands[0].data[c];
    assert.ok(isLand.has(c) ? v > 0 && Number.isFinite(v) : v === -9999, `cell ${c}: ${v}`);
  }
  const cmp = JSON.parse(readFileSync(join(dir, "map", "cwsc_comparison.json"), "utf8"));
  assert.ok(cmp.cells > 60000 && Math.abs(cmp.pearson) <= 1);
  assert.ok(existsSync(join(dir, "map", "cwsc.png")) && existsSync(join(dir, "map", "cwsc_vs_fao_soil_moisture.png")));
});
