import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeWindows, fitDemNormalization, realize, windowOffset, Scene } from "../../src/dem/data.js";
import { rng } from "../../src/dem/fields.js";
import { demLoss } from "../../src/dem/train.js";
import { tensor, tidy } from "../../src/torch/index.js";
import { hills } from "./terrain.js";

test("windows are encoded relative to their own offset; targets with nodata are masked; augmentation only permutes cells", () => {
  const w = 64, h = 48;
  const z = hills(w, h, 5);
  z[3] = NaN;
  const scene = realize({ dem: z, width: w, height: h, cell: 5 }, { seed: 4, gdems: ["alos", "srtm"], jitter: 0.3, reliefScale: [1, 1], canopyCover: [0, 0] });
  assert.deepEqual(scene.names, ["gdem_alos", "gdem_srtm"]);
  const win = [{ x: 0, y: 0, size: 32 }, { x: 32, y: 16, size: 32 }];
  const norm = fitDemNormalization(scene, win);
  assert.ok(norm.elevation_scale > 0.1);
  const e = encodeWindows(scene, win, norm);
  const S = 32 * 32;
  for (let n = 0; n < 2; n++) {
    let s = 0, k = 0;
    for (let c = 0; c < 2; c++) for (let j = 0; j < S; j++) {
      const v = e.x[(n * 2 + c) * S + j];
      if (v !== 0) { s += v; k++; }
    }
    assert.ok(Math.abs(s / k) < 1e-4, `window ${n}: mean of its normalized global DEMs is 0, got ${s / k}`);
    assert.ok(Math.abs(e.offsets[n] - windowOffset(scene, win[n])) < 1e-9);
  }
  assert.equal(e.mask[3], 0, "the nodata target cell is masked");
  assert.equal(e.mask.reduce((a, v) => a + v, 0), 2 * S - 1);
  const aug = encodeWindows(scene, win, norm, rng(9));
  const sorted = (a: Float32Array) => Array.from(a).sort((p, q) => p - q);
  assert.deepEqual(sorted(aug.y), sorted(e.y));
  assert.deepEqual(sorted(aug.x), sorted(e.x));
});

test("loss: masked MSE and the slope term by hand", () => {
  tidy(() => {
    const p = tensor(Float32Array.from([0, 1, 3, 0]), [1, 1, 2, 2]);
    const y = tensor(Float32Array.from([0, 0, 0, 9]), [1, 1, 2, 2]);
    const m = tensor(Float32Array.from([1, 1, 1, 0]), [1, 1, 2, 2]);
    assert.ok(Math.abs(demLoss(p, y, m, "mse", 0).item() - 10 / 3) < 1e-6);
    assert.ok(Math.abs(demLoss(p, y, m, "l1", 0).item() - 4 / 3) < 1e-6);
    // x-differences with both cells valid: row 0 only (1 − 0 vs 0): |1|; y-differences: column 0 only (3 − 0 vs 0): |3|
    assert.ok(Math.abs(demLoss(p, y, m, "l1", 2).item() - (4 / 3 + 2 * (1 + 3))) < 1e-6);
  });
});

test("a scene whose inputs come from a stack trains the same way (names in model order)", () => {
  const s: Scene = { width: 2, height: 1, inputs: [Float32Array.from([1, 3]), Float32Array.from([0, 1])], names: ["gdem_srtm", "osm_roads"], elevationChannels: 1, target: Float32Array.from([2, 2]) };
  const norm = fitDemNormalization(s, [{ x: 0, y: 0, size: 1 }, { x: 1, y: 0, size: 1 }]);
  assert.deepEqual(norm.layers.map((l) => [l.name, l.mean, l.std]), [["osm_roads", 0.5, 0.5]]);
});
