import { test } from "node:test";
import assert from "node:assert/strict";
import { blockSplit, filterWindows, fitNormalization, slidingWindows, stitch, windowsToArray, Raster, readRaster } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

test("sliding windows cover every cell, with the last row and column snapped to the edge", () => {
  const w = slidingWindows(100, 70, 32, 24);
  const covered = new Uint8Array(100 * 70);
  for (const p of w) for (let r = p.y; r < p.y + 32; r++) for (let c = p.x; c < p.x + 32; c++) covered[r * 100 + c] = 1;
  assert.ok(covered.every((v) => v === 1));
  assert.deepEqual([...new Set(w.map((p) => p.x))], [0, 24, 48, 68]);
  assert.throws(() => slidingWindows(10, 10, 16), /patch size 16 is larger than the 10×10 raster/);
});

test("stitching overlapping patches of an identity model gives back the input", () => {
  const r = readRaster(data("merewether_urban_flood", "topography1_epsg32756.tif"));
  const windows = slidingWindows(r.width, r.height, 64, 40);
  const norm = fitNormalization(r, windows);
  const { data: arr, shape } = windowsToArray(r, windows, norm, NaN);
  assert.deepEqual(shape, [windows.length, 1, 64, 64]);
  const [back] = stitch(arr, windows, 1, r.width, r.height);
  const src = r.bands[0].data;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === -9999) continue;
    const v = back[i] * norm[0].std + norm[0].mean;
    assert.ok(Math.abs(v - src[i]) <= 1e-4 * Math.abs(src[i]), `cell ${i}: ${v} vs ${src[i]}`);
  }
});

test("stitching keeps channels apart: windows of two channels (x and 10 − 2x of each cell's index) come back per channel", () => {
  const W = 70, H = 50;
  const windows = slidingWindows(W, H, 32, 20);
  const n = 32 * 32;
  const preds = new Float32Array(windows.length * 2 * n);
  windows.forEach((w, k) => {
    for (let r = 0; r < 32; r++)
      for (let c = 0; c < 32; c++) {
        const cell = (w.y + r) * W + w.x + c;
        preds[(k * 2 + 0) * n + r * 32 + c] = cell / 100;
        preds[(k * 2 + 1) * n + r * 32 + c] = 10 - (2 * cell) / 100;
      }
  });
  const [a, b] = stitch(preds, windows, 2, W, H);
  for (let i = 0; i < W * H; i++) {
    assert.ok(Math.abs(a[i] - i / 100) < 1e-4, `channel 0, cell ${i}: ${a[i]}`);
    assert.ok(Math.abs(b[i] - (10 - (2 * i) / 100)) < 1e-4, `channel 1, cell ${i}: ${b[i]}`);
  }
});

test("blended stitching hides seams: two patch sets that disagree by a constant meet in a ramp, not a step", () => {
  const windows = slidingWindows(96, 32, 32, 16);
  const preds = new Float32Array(windows.length * 32 * 32);
  windows.forEach((w, n) => preds.fill(w.x < 32 ? 0 : 1, n * 1024, (n + 1) * 1024));
  const [out] = stitch(preds, windows, 1, 96, 32);
  const row = Array.from(out.subarray(16 * 96, 17 * 96));
  const maxJump = Math.max(...row.slice(1).map((v, i) => Math.abs(v - row[i])));
  assert.ok(maxJump < 0.25, `largest step between neighbours ${maxJump}`);
  assert.equal(row[0], 0);
  assert.equal(row[95], 1);
});

test("filters drop windows with too much nodata or without buildings; block splits never share a cell", () => {
  const r: Raster = {
    width: 64,
    height: 64,
    geotransform: [0, 1, 0, 64, 0, -1],
    crs: null,
    bands: [{ name: "z", type: "Float32", nodata: -9999, data: new Float32Array(64 * 64).map((_, i) => (i % 64 < 16 ? -9999 : i)) }],
  };
  const windows = slidingWindows(64, 64, 16, 8);
  assert.equal(filterWindows(r, windows, {}).length, windows.filter((w) => w.x >= 16).length);
  const buildings = new Uint8Array(64 * 64);
  buildings[40 * 64 + 40] = 1;
  assert.equal(filterWindows(r, windows, { maxNodataFraction: 1, mustContain: buildings }).length, 4);

  const split = blockSplit(windows, 64, 64, 16, [0.5, 0.25, 0.25], 7);
  const owner = new Map<number, string>();
  for (const kind of ["train", "validation", "test"] as const)
    for (const w of split[kind])
      for (let y = w.y; y < w.y + 16; y++)
        for (let x = w.x; x < w.x + 16; x++) {
          const prev = owner.get(y * 64 + x);
          assert.ok(prev === undefined || prev === kind, `cell ${x},${y} in ${prev} and ${kind}`);
          owner.set(y * 64 + x, kind);
        }
  assert.equal(split.train.length + split.validation.length + split.test.length + split.dropped.length, windows.length);
  assert.ok(split.train.length > 0 && split.test.length > 0);
});
