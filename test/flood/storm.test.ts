import { test } from "node:test";
import assert from "node:assert/strict";
import { alternateBlock, idfIntensity } from "../../src/flood/storm.js";

test("alternate block: depths add up to the IDF depth for the whole duration, peak in the middle, decreasing outwards", () => {
  const idf = { a: 1000, b: 10, c: 0.8 };
  const blocks = alternateBlock(idf, 60, 10);
  assert.equal(blocks.length, 6);
  const total = blocks.reduce((s, b) => s + (b.intensity_mm_h * 10) / 60, 0);
  assert.ok(Math.abs(total - idfIntensity(idf, 60)) < 1e-9, `${total} mm vs ${idfIntensity(idf, 60)} mm`);
  const peak = blocks.findIndex((b) => b.intensity_mm_h === Math.max(...blocks.map((x) => x.intensity_mm_h)));
  assert.equal(peak, 2);
  // first block depth = i(10)·10/60: the largest, at the centre
  assert.ok(Math.abs(blocks[2].intensity_mm_h - idfIntensity(idf, 10)) < 1e-9);
  assert.ok(blocks[3].intensity_mm_h > blocks[1].intensity_mm_h && blocks[1].intensity_mm_h > blocks[4].intensity_mm_h && blocks[4].intensity_mm_h > blocks[0].intensity_mm_h);
  assert.deepEqual(blocks.map((b) => b.start_s), [0, 600, 1200, 1800, 2400, 3000]);
  assert.throws(() => alternateBlock(idf, 60, 7), /whole number of steps/);
});

test("IDF tables interpolate log-linearly", () => {
  const t = { durations_min: [10, 100], intensities_mm_h: [100, 10] };
  assert.ok(Math.abs(idfIntensity(t, Math.sqrt(1000)) - Math.sqrt(1000)) < 1e-9);
});
