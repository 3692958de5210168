// velocity_depth_threshold: speeds, and the speed term of the hazard rating, count only where the
// depth exceeds it. Depths are untouched; below the wet threshold it changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulate, SimulationInput } from "../../src/flood/engine.js";

const W = 60, H = 40, n = W * H;
// a rough slope with a few bumps under a short storm: sheet flow of a few millimetres to centimetres
const slope: SimulationInput = {
  width: W,
  height: H,
  dx: 2,
  z: Float64Array.from({ length: n }, (_, i) => 0.02 * (W - (i % W)) + 0.05 * Math.sin(i / 7) * Math.cos(Math.floor(i / W) / 5)),
  blocked: new Uint8Array(n),
  manning: new Float64Array(n).fill(0.05),
  rain: { t: Float64Array.of(0, 900), rate: Float64Array.of(60 / 3.6e6, 0) },
  boundary: "free",
  duration: 1200,
  threads: 1,
  gauges: Int32Array.of(10 * W + 5, 20 * W + 30, 30 * W + 55),
  gaugeInterval: 30,
};

test("speeds count only above the threshold; below it the hazard is d·0.5 + DF; depths stay the same to the bit", () => {
  const thr = 0.02;
  const before = simulate(slope);
  const after = simulate({ ...slope, velocityDepthThreshold: thr });
  assert.deepEqual(after.maxDepth, before.maxDepth);
  assert.deepEqual(after.depth, before.depth);
  assert.deepEqual(after.gaugeDepths, before.gaugeDepths);
  let shallowMoving = 0, deep = 0, deepSame = 0;
  for (let i = 0; i < n; i++) {
    const d = after.maxDepth[i];
    if (!(d > 0.01)) continue;
    if (d <= thr) {
      if (before.maxVelocity[i] > 0) shallowMoving++;
      assert.equal(after.maxVelocity[i], 0, `cell ${i}: max depth ${d} m ≤ ${thr} m but a speed of ${after.maxVelocity[i]} m/s`);
      // FD2320 with the speed term gone: d·(0 + 0.5) + DF, DF = 0.5 for d ≤ 0.25 m, in single precision
      assert.equal(after.maxHazard[i], Math.fround(Math.fround(d * 0.5) + 0.5), `hazard at cell ${i}`);
    } else {
      deep++;
      assert.ok(after.maxVelocity[i] <= before.maxVelocity[i], `cell ${i}: speed grew`);
      if (after.maxVelocity[i] === before.maxVelocity[i]) deepSame++;
      assert.ok(after.maxVelocity[i] > 0);
    }
  }
  assert.ok(shallowMoving > 50, `${shallowMoving} shallow cells had a speed before`);
  assert.ok(deep > 50 && deepSame > 0, `${deep} deeper cells, ${deepSame} with the same maximum`);
});

test("a threshold at or below the wet threshold is the current rule, field for field", () => {
  const unset = simulate(slope);
  for (const t of [0.005, 0.01]) {
    const r = simulate({ ...slope, velocityDepthThreshold: t });
    assert.deepEqual(r.maxVelocity, unset.maxVelocity, `threshold ${t}`);
    assert.deepEqual(r.maxHazard, unset.maxHazard, `threshold ${t}`);
  }
});
