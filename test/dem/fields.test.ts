import { test } from "node:test";
import assert from "node:assert/strict";
import { blockAverage, bilinearToFine, correlatedField, gaussianBlur, rng } from "../../src/dem/fields.js";

test("block averaging: whole blocks are their means; a shifted grid covers the raster; half-empty blocks are NaN", () => {
  const w = 6, h = 4;
  const a = Float32Array.from({ length: w * h }, (_, i) => i);
  const c = blockAverage(a, w, h, 2);
  assert.equal(c.width, 3);
  assert.equal(c.height, 2);
  assert.equal(c.data[0], (0 + 1 + 6 + 7) / 4);
  assert.equal(c.data[5], (16 + 17 + 22 + 23) / 4);
  const s = blockAverage(a, w, h, 2, 1, 1);
  assert.equal(s.width, 4);
  assert.equal(s.height, 3);
  assert.equal(s.offsetX, -1);
  assert.equal(s.data[0], 0, "the corner block holds only cell 0");
  const holes = Float32Array.from(a, (v, i) => (i === 0 || i === 1 || i === 6 ? NaN : v));
  assert.ok(Number.isNaN(blockAverage(holes, w, h, 2).data[0]), "3 of 4 missing");
});

test("bilinear interpolation of a block-averaged plane gives the plane back away from the edges", () => {
  const w = 60, h = 45, f = 6;
  const plane = Float32Array.from({ length: w * h }, (_, i) => 2 + 0.3 * (i % w) - 0.7 * Math.floor(i / w));
  for (const [ox, oy] of [[0, 0], [2, 5]]) {
    const c = blockAverage(plane, w, h, f, ox, oy);
    const back = bilinearToFine(c, w, h);
    let worst = 0;
    for (let r = 2 * f; r < h - 2 * f; r++) for (let k = 2 * f; k < w - 2 * f; k++) worst = Math.max(worst, Math.abs(back[r * w + k] - plane[r * w + k]));
    assert.ok(worst < 1e-4, `offset ${ox},${oy}: worst ${worst}`);
  }
});

test("correlated fields have unit variance and neighbours that correlate, more for a longer length", () => {
  const w = 120, h = 120;
  const lag1 = (f: Float32Array) => {
    let s = 0;
    for (let r = 0; r < h; r++) for (let k = 0; k + 1 < w; k++) s += f[r * w + k] * f[r * w + k + 1];
    return s / (h * (w - 1));
  };
  const short = correlatedField(w, h, 1, rng(3));
  const long = correlatedField(w, h, 6, rng(3));
  const v = long.reduce((a, x) => a + x * x, 0) / long.length;
  assert.ok(Math.abs(v - 1) < 1e-4);
  assert.ok(lag1(long) > 0.95 && lag1(short) < lag1(long) && lag1(short) > 0.5, `${lag1(short)} ${lag1(long)}`);
  // blur keeps a constant and ignores NaN
  const c = Float32Array.from({ length: 100 }, (_, i) => (i === 55 ? NaN : 3));
  assert.ok(gaussianBlur(c, 10, 10, 2).every((x) => Math.abs(x - 3) < 1e-6));
});
