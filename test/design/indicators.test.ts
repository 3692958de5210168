// Seed 002's indicators by hand on a small AOI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { designIndicators } from "../../src/design/indicators.js";

test("mean HR, size differences and IoU of the high-HR areas inside the AOI", () => {
  const aoi = [1, 1, 1, 1, 0, 0];
  const before = [0.8, 0.3, 0.05, 0.6, 2, 0];
  const after = [0.4, 0.2, 0.0, 0.7, 2, 0.2];
  const r = designIndicators(before, after, aoi);
  assert.ok(Math.abs(r.mean_hr_before - 0.4375) < 1e-12);
  assert.ok(Math.abs(r.mean_hr_after - 0.325) < 1e-12);
  assert.ok(Math.abs(r.mean_hr_rel_diff - (0.325 - 0.4375) / 0.4375) < 1e-12);
  // HR > 0.1 before: cells 0, 1, 3; after: 0, 1, 3 → size 0, IoU 1
  assert.equal(r.size_diff_hr01, 0);
  assert.equal(r.iou_hr01, 1);
  // HR > 0.5 before: 0, 3; after: 3 → size −1, relative −0.5, IoU 1/2
  assert.equal(r.size_diff_hr05, -1);
  assert.equal(r.rel_size_diff_hr05, -0.5);
  assert.equal(r.iou_hr05, 0.5);
  assert.equal(r.mean_hr_outside_before, 1);
  assert.equal(r.mean_hr_outside_after, 1.1);
});
