// surrogate train, evaluate and predict end to end on a tiny dataset, and their refusals of bad input.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRaster, writeRaster } from "../../src/geo/index.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { loadSafetensors } from "../../src/torch/index.js";
import { data } from "../helpers/data.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "surrogate-cli-"));
const dataset = join(dir, "ds");
const runDir = join(dir, "run");

before(() => {
  writeFileSync(join(dir, "d.yml"), "scenario: { patch_size: 32, duration_s: 300 }\nseed: 3\nprocedural:\n  - count: 10\nsplit: { validation: 0.2, test: 0.2 }\nworkers: 2\n");
  const r = run("surrogate", "dataset", "--config", join(dir, "d.yml"), "--out", dataset);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /10 patches planned \(train 6, validation 2, test 2\)/);
  writeFileSync(join(dir, "t.yml"), `dataset: ${dataset}\nbase: 4\ndepth: 3\nepochs: 2\nbatch_size: 3\n`);
});

test("train writes a run folder and a model; resume continues it; evaluate prints the summary line", () => {
  let r = run("surrogate", "train", "--config", join(dir, "t.yml"), "--run-dir", runDir, "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  for (const f of ["config.yml", "run.json", "loss.csv", "loss_curve.png", "model/model.json", "model/weights.safetensors"]) assert.ok(existsSync(join(runDir, f)), f);
  const meta = JSON.parse(readFileSync(join(runDir, "model", "model.json"), "utf8"));
  assert.equal(meta.scenario.patch_size, 32);
  assert.equal(meta.domain.patches, 6);
  assert.ok(meta.domain.building_fraction[0] > 0 && meta.domain.building_fraction[1] < 1);
  r = run("surrogate", "train", "--config", join(dir, "t.yml"), "--run-dir", runDir, "--threads", "1");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already holds a run; pass --resume/);
  r = run("surrogate", "train", "--config", join(dir, "t.yml"), "--run-dir", runDir, "--threads", "1", "--resume", "--epochs", "3");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(runDir, "loss.csv"), "utf8").trim().split("\n").length, 4);
  r = run("surrogate", "evaluate", "--run-dir", runDir, "--split", "test", "--maps", "1");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^surrogate test: depth_d1=\d\.\d{4} depth_rmse=\d+\.\d{4} depth_csi0\.1=(\d\.\d{4}|nan) velocity_d1=\d\.\d{4} velocity_rmse=\d+\.\d{4} baseline_depth_d1=\d\.\d{4}$/m);
  const summary = JSON.parse(readFileSync(join(runDir, "test", "summary.json"), "utf8"));
  assert.equal(summary.patches, 2);
  assert.equal(readFileSync(join(runDir, "test", "metrics.csv"), "utf8").trim().split("\n").length, 3);
});

/** The largest |difference| between two weight files of the same network. */
function maxWeightDifference(pathA: string, pathB: string): number {
  const b = loadSafetensors(pathB).tensors;
  let max = 0;
  for (const [name, t] of loadSafetensors(pathA).tensors) {
    const x = t.data() as Float32Array, y = b.get(name)!.data() as Float32Array;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  }
  return max;
}

test("train --init starts from a trained model's weights and refuses one of another architecture", () => {
  const model = join(runDir, "model");
  // a learning rate so small that Adam's steps (≤ lr) vanish: the run's weights are its start
  writeFileSync(join(dir, "ft.yml"), `dataset: ${dataset}\nbase: 4\ndepth: 3\nepochs: 1\nbatch_size: 3\nlearning_rate: 1.0e-12\ninit: ${model}\n`);
  const ftDir = join(dir, "ft");
  let r = run("surrogate", "train", "--config", join(dir, "ft.yml"), "--run-dir", ftDir, "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  const start = join(model, "weights.safetensors");
  const maxDiff = maxWeightDifference(start, join(ftDir, "model", "weights.safetensors"));
  assert.ok(maxDiff < 1e-6, `weights moved by ${maxDiff}`);
  assert.equal(JSON.parse(readFileSync(join(ftDir, "model", "model.json"), "utf8")).trained.init, model);
  // without init the same run starts from random weights, far from the trained ones
  writeFileSync(join(dir, "scratch.yml"), `dataset: ${dataset}\nbase: 4\ndepth: 3\nepochs: 1\nbatch_size: 3\nlearning_rate: 1.0e-12\nseed: 9\n`);
  r = run("surrogate", "train", "--config", join(dir, "scratch.yml"), "--run-dir", join(dir, "scratch"), "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  const far = maxWeightDifference(start, join(dir, "scratch", "model", "weights.safetensors"));
  assert.ok(far > 1e-3, `a run from scratch ends at the trained weights (${far})`);
  writeFileSync(join(dir, "ft-bad.yml"), `dataset: ${dataset}\nbase: 8\ndepth: 3\nepochs: 1\ninit: ${model}\n`);
  r = run("surrogate", "train", "--config", join(dir, "ft-bad.yml"), "--run-dir", join(dir, "ft-bad"), "--threads", "1");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^catchment: init: .*model\.json has arch \{.*"base":4.*\}, but this run needs \{.*"base":8.*\}$/m);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.ok(!existsSync(join(dir, "ft-bad", "model")), "a refused run writes no model");
});

test("predict on a raster of several tiles, and its refusals", () => {
  const model = join(runDir, "model");
  // a 2 m DEM of 80 × 48 cells (tiles of 32 with overlap) with buildings as heights
  const p = generateUrbanPatch(4, 80, 48);
  const dem = join(dir, "dem.tif"), bld = join(dir, "bld.tif");
  const grid = { width: 80, height: 48, geotransform: [500000, 2, 0, 6000096, 0, -2] as [number, number, number, number, number, number], crs: { wkt: "", epsg: 32756 } };
  writeRaster(dem, { ...grid, bands: [{ name: "z", type: "Float32", nodata: null, data: p.ground }] });
  writeRaster(bld, { ...grid, bands: [{ name: "h", type: "Float32", nodata: null, data: p.buildings }] });
  const out = join(dir, "pred");
  let r = run("surrogate", "predict", "--model", model, "--dem", dem, "--buildings", bld, "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /for the scenario: 2 m cells, 60 min alternate-block storm \(IDF 1800,12,0\.85: 47\.5 mm, peak 162 mm\/h\), 0\.1 h simulated/);
  const depth = readRaster(join(out, "max_depth.tif"));
  assert.equal(depth.width, 80);
  assert.deepEqual(depth.geotransform, grid.geotransform);
  const hr = readRaster(join(out, "max_hazard.tif")).bands[0].data;
  const v = readRaster(join(out, "max_velocity.tif")).bands[0].data;
  for (let i = 0; i < hr.length; i += 97) assert.ok(Math.abs(hr[i] - depth.bands[0].data[i] * (v[i] + 0.5)) < 1e-5, "HR = d(v + 0.5)");
  assert.ok(existsSync(join(out, "max_depth.png")));
  // refusals: one line, exit 1, the existing --out untouched
  const stamp = readFileSync(join(out, "max_depth.tif"));
  const m1 = join(dir, "m1m.tif");
  writeRaster(m1, { ...grid, geotransform: [500000, 1, 0, 6000048, 0, -1], bands: [{ name: "z", type: "Float32", nodata: null, data: p.ground }] });
  mkdirSync(join(dir, "notamodel"), { recursive: true });
  const cases: [string[], RegExp][] = [
    [["--dem", data("dem_terra_luxembourg", "elev_luxembourg_30arcsec.tif")], /geographic CRS/],
    [["--dem", data("dem_pysheds_texas_kentucky", "roi_dem_30m_kentucky.tif")], /(foot|feet)/i],
    [["--dem", m1], /cells of 1 m, but the model .* was trained for 2 m cells/],
    [["--dem", dem, "--model", join(dir, "notamodel")], /notamodel: not a surrogate model \(no model\.json\)/],
    [["--dem", join(dir, "missing.tif")], /missing\.tif: file not found/],
  ];
  for (const [args, pattern] of cases) {
    r = run("surrogate", "predict", "--model", model, ...args, "--out", out);
    assert.equal(r.status, 1, args.join(" "));
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(readFileSync(join(out, "max_depth.tif")).equals(stamp), "a failed run leaves --out as it was");
  // footprints in another CRS are reprojected (Merewether's houses in UTM 56S on a grid in UTM 56S → cover nothing here)
  r = run("surrogate", "predict", "--model", model, "--dem", dem, "--buildings", data("merewether_urban_flood", "houses_epsg32756.geojson"), "--out", join(dir, "pred2"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(dir, "pred2", "predict.json"), "utf8"), /covers no cell of the DEM/);
});
