// The input encoding: invariant to the patch's absolute elevation, and so is the prediction.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodePatch } from "../../src/surrogate/encoding.js";
import { createSurrogate } from "../../src/surrogate/models/registry.js";
import { hazardRating, hazardRatingMap, hazardRatingTensor } from "../../src/surrogate/hazard.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { manualSeed, noGrad, tensor } from "../../src/torch/index.js";

test("terrain channel = 0.01·(z − mean z); building channel 0/1; nodata is a wall", () => {
  const ground = [10, 12, NaN, 14];
  const buildings = [0, 6, 0, 0];
  const e = encodePatch(ground, buildings);
  const mean = 12;
  assert.deepEqual(Array.from(e.subarray(0, 4)), [0.01 * (10 - mean), 0, 0, 0.01 * (14 - mean)].map(Math.fround));
  assert.deepEqual(Array.from(e.subarray(4)), [0, 1, 1, 0]);
});

test("raising the whole patch by 250 m changes neither the input nor the surrogate's answer", () => {
  const p = generateUrbanPatch(11, 32, 32);
  const a = encodePatch(p.ground, p.buildings);
  const b = encodePatch(Float32Array.from(p.ground, (v) => v + 250), p.buildings);
  const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  assert.ok(worst < 2e-6, `largest change ${worst}`);
  manualSeed(1);
  const net = createSurrogate({ model: "unet", base: 4, depth: 3, norm: "group" }).freeze();
  const out = (x: Float32Array) => noGrad(() => net.forward(tensor(x, [1, 2, 32, 32])).toArray());
  const ya = out(a), yb = out(b);
  assert.ok(ya.every((v, i) => Math.abs(v - yb[i]) < 1e-5));
  assert.ok(ya.every((v) => v > 0), "softplus outputs are positive");
});

test("HR = d(v + 0.5) for numbers, maps and tensors alike", () => {
  assert.equal(hazardRating(0.4, 1.5), 0.8);
  assert.deepEqual(Array.from(hazardRatingMap([0.4, 0], [1.5, 3])), [0.8, 0].map(Math.fround));
  const t = tensor(Float32Array.from([0.4, 0.2, 1.5, 2.5]), [1, 2, 1, 2]);
  const hr = hazardRatingTensor(t).toArray();
  assert.ok(Math.abs(hr[0] - 0.8) < 1e-6 && Math.abs(hr[1] - 0.6) < 1e-6);
});
