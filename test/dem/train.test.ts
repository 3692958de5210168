import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demTrainSchema } from "../../src/dem/config.js";
import { trainDem } from "../../src/dem/train.js";
import { loadDemModel } from "../../src/dem/model.js";
import { validateConfig } from "../../src/util/config.js";
import { readRaster } from "../../src/geo/index.js";
import { hills, writeTerrain } from "./terrain.js";

test("train: block split without shared cells, nodata never trained on, checkpoints, resume, a model folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-train-"));
  const w = 192, h = 128;
  const z = hills(w, h, 5);
  for (let i = 0; i < 400; i++) z[i] = -9999; // nodata strip at the top
  const dem = writeTerrain(dir, "fine.tif", w, h, 5, z);
  const cfg = validateConfig("test", { fine_dems: [{ path: dem }], gdems: ["alos", "srtm"], base: 4, depth: 3, patch_size: 32, stride: 16, block_size: 64, batch_size: 8, epochs: 2, seed: 2 }, demTrainSchema);
  const runDir = join(dir, "run");
  const r = trainDem(cfg, runDir);
  assert.equal(r.history.length, 2);
  assert.ok(r.history.every((h) => Number.isFinite(h.train_loss) && Number.isFinite(h.validation_rmse_m)));
  const split = JSON.parse(readFileSync(join(runDir, "split.json"), "utf8"))[0];
  const cells = (ws: { x: number; y: number; size: number }[]) => {
    const s = new Set<number>();
    for (const v of ws) for (let y = v.y; y < v.y + v.size; y++) for (let x = v.x; x < v.x + v.size; x++) s.add(y * w + x);
    return s;
  };
  const [tr, va, te] = [cells(split.train), cells(split.validation), cells(split.test)];
  for (const c of te) assert.ok(!tr.has(c) && !va.has(c), "a test cell is also a training or validation cell");
  for (const c of va) assert.ok(!tr.has(c));
  assert.ok(tr.size > 0 && te.size > 0);
  const mask = readRaster(join(runDir, "test_area_0.tif")).bands[0].data;
  assert.equal(Array.from(mask).reduce((a: number, v: number) => a + v, 0), te.size);
  const m = loadDemModel(r.modelDir);
  assert.deepEqual(m.info.net.inputs, ["gdem_alos", "gdem_srtm"]);
  assert.ok(m.info.normalization.elevation_scale > 0 && m.info.synthetic_training_inputs);
  // resume to 3 epochs continues from the checkpoint of epoch 2
  const more = trainDem({ ...cfg, epochs: 3 }, runDir, true);
  assert.equal(more.history.length, 3);
  assert.deepEqual(more.history.slice(0, 2).map((x) => x.train_loss), r.history.map((x) => x.train_loss));
  assert.throws(() => trainDem(cfg, runDir, false), /already holds a run; pass --resume/);
  assert.throws(() => trainDem({ ...cfg, patch_size: 64, block_size: 64 }, runDir, true), /key 'patch_size' differs/);
  assert.ok(existsSync(join(runDir, "loss_curve.png")));
});

test("train config: errors name the key", () => {
  assert.throws(() => validateConfig("d.yml", { fine_dems: [{ path: "x" }], patch_size: 30 }, demTrainSchema), /d\.yml: key 'patch_size': must be a multiple of 8/);
  assert.throws(() => validateConfig("d.yml", { fine_dems: [{ path: "x" }], layers: ["osm_roads"] }, demTrainSchema), /key 'fine_dems.0.roads'/);
  assert.throws(() => validateConfig("d.yml", { fine_dems: [{ path: "x" }], gdem: ["srtm"] }, demTrainSchema), /unknown key 'gdem'/);
  void hills;
});
