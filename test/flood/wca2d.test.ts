// The second solver, the weighted cellular automaton of Guidolin et al. (2016): physical checks and
// agreement with the local-inertial solver where both must give the same water.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulate } from "../../src/flood/engine.js";

test("WCA2D: a lake at rest with wet and dry cells does not move", () => {
  const W = 50, H = 40, n = W * H;
  const z = Float64Array.from({ length: n }, (_, i) => 2 * Math.sin((i % W) / 5) * Math.cos(Math.floor(i / W) / 7) + 0.01 * (i % W));
  const h0 = z.map((v) => Math.max(0.5 - v, 0));
  const r = simulate({ width: W, height: H, dx: 2, z, blocked: new Uint8Array(n), manning: new Float64Array(n).fill(0.03), h0, duration: 1000, maxDt: 1, threads: 2, solver: "wca2d" });
  assert.ok(r.timeSteps >= 1000);
  assert.equal(Math.max(...r.maxVelocity), 0);
  r.depth.forEach((v, i) => assert.equal(v, h0[i]));
});

const W = 80, H = 60, n = W * H;
const rainCase = (z: Float64Array) => ({
  width: W, height: H, dx: 2, z, blocked: new Uint8Array(n), manning: new Float64Array(n).fill(0.03),
  rain: { t: Float64Array.from([0, 1800]), rate: Float64Array.from([50 / 3.6e6, 0]) }, threads: 2,
});
const rmse = (a: Float64Array, b: Float64Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

test("WCA2D: rain on a closed domain is conserved and ponds where the local-inertial solver ponds it", () => {
  const z = Float64Array.from({ length: n }, (_, i) => 0.02 * (i % W) + 0.5 * Math.sin(Math.floor(i / W) / 6));
  for (const [duration, tolerance] of [[1800, 0.005], [3600, 0.002]]) {
    const wca = simulate({ ...rainCase(z), duration, solver: "wca2d" });
    const inertial = simulate({ ...rainCase(z), duration });
    assert.ok(Math.abs(wca.massBalance.storage_m3 - wca.massBalance.rain_m3) < 1e-6 * wca.massBalance.rain_m3);
    assert.ok(Math.abs(wca.massBalance.error_percent) < 1e-6);
    const e = rmse(wca.depth, inertial.depth);
    assert.ok(e < tolerance, `t = ${duration} s: depth RMSE between the solvers ${e} m`);
  }
});

test("WCA2D: a mirror-symmetric domain gives a mirror-symmetric result; an open edge drains", () => {
  const z = Float64Array.from({ length: n }, (_, i) => Math.abs((i % W) - (W - 1) / 2) * 0.01 + 0.3 * Math.cos(Math.floor(i / W) / 5));
  const r = simulate({ ...rainCase(z), duration: 2400, solver: "wca2d" });
  let worst = 0;
  for (let row = 0; row < H; row++) for (let c = 0; c < W / 2; c++) worst = Math.max(worst, Math.abs(r.depth[row * W + c] - r.depth[row * W + W - 1 - c]));
  assert.ok(worst < 1e-9, `asymmetry ${worst} m`);
  // a plane tilted east with a free edge: most rain leaves, about as much as the local-inertial solver lets out
  const plane = Float64Array.from({ length: n }, (_, i) => 0.01 * (W - 1 - (i % W)));
  const open = simulate({ ...rainCase(plane), duration: 2400, solver: "wca2d", boundary: "free" });
  const inertial = simulate({ ...rainCase(plane), duration: 2400, boundary: "free" });
  const out = open.massBalance.outflow_m3;
  assert.ok(out > 0.7 * open.massBalance.rain_m3 && Math.abs(out - inertial.massBalance.outflow_m3) < 0.1 * inertial.massBalance.outflow_m3, `outflow ${out} m³, local inertial ${inertial.massBalance.outflow_m3} m³`);
  assert.ok(Math.abs(open.massBalance.error_percent) < 1e-6);
  assert.throws(() => simulate({ ...rainCase(z), duration: 10, solver: "wca2d", boundary: "fixed", boundaryLevel: 1 }), /wca2d solver supports closed and free boundaries/);
});
