import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeWindows, fitDemNormalization, realize, windowOffset, Scene } from "../../src/dem/data.js";
import { rng } from "../../src/dem/fields.js";
import { combineNormalizations, demLoss } from "../../src/dem/train.js";
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

test("optional layers: one given-flag channel per layer, a layer not given or dropped is 0 with flag 0; a model without flags refuses a missing layer", () => {
  const road = Float32Array.from([1, 0, 0, 1]);
  const s: Scene = { width: 2, height: 2, inputs: [Float32Array.from([1, 2, 3, 4]), road, null], names: ["gdem_srtm", "osm_roads", "osm_buildings"], elevationChannels: 1, target: null };
  const norm = { elevation_scale: 1, layers: [{ name: "osm_roads", mean: 0.5, std: 0.5 }, { name: "osm_buildings", mean: 0, std: 1 }] };
  const w = [{ x: 0, y: 0, size: 2 }];
  const e = encodeWindows(s, w, norm, { layerFlags: true });
  assert.deepEqual(e.shape, [1, 5, 2, 2]);
  const ch = (k: number) => Array.from(e.x.slice(k * 4, k * 4 + 4));
  assert.deepEqual(ch(0), [-1.5, -0.5, 0.5, 1.5]);
  assert.deepEqual(ch(1), [1, -1, -1, 1]);
  assert.deepEqual(ch(2), [0, 0, 0, 0]);
  assert.deepEqual(ch(3), [1, 1, 1, 1], "roads given");
  assert.deepEqual(ch(4), [0, 0, 0, 0], "buildings not given");
  const dropped = encodeWindows(s, w, norm, { layerFlags: true, augment: rng(1), layerDropout: 1 });
  assert.deepEqual(Array.from(dropped.x.slice(4, 20)), new Array(16).fill(0), "every layer dropped: values and flags 0");
  assert.throws(() => encodeWindows(s, w, norm), /input 'osm_buildings' is not given/);
});

test("normalizations of several scenes combine by pooled moments (a 0/1 layer's std is that of all its cells)", () => {
  const a: Scene = { width: 4, height: 1, inputs: [Float32Array.from([0, 1, 2, 3]), Float32Array.from([1, 1, 0, 0])], names: ["gdem_srtm", "osm_roads"], elevationChannels: 1, target: Float32Array.from([0, 1, 2, 3]) };
  const b: Scene = { ...a, inputs: [a.inputs[0], Float32Array.from([0, 0, 0, 0])] };
  const c: Scene = { ...a, inputs: [a.inputs[0], null] };
  const w = [{ x: 0, y: 0, size: 1 }, { x: 1, y: 0, size: 1 }, { x: 2, y: 0, size: 1 }, { x: 3, y: 0, size: 1 }];
  const n = combineNormalizations([a, b, c].map((s) => ({ norm: fitDemNormalization(s, w), weight: 1 })));
  // the 8 cells of a and b: two ones, six zeros: mean 0.25, std sqrt(0.25 · 0.75)
  assert.ok(Math.abs(n.layers[0].mean - 0.25) < 1e-12);
  assert.ok(Math.abs(n.layers[0].std - Math.sqrt(0.1875)) < 1e-12);
});
