import { test } from "node:test";
import assert from "node:assert/strict";
import { roughness, screenedPoisson, sobolevGradient } from "../../src/design/smoothing.js";

const g = { width: 9, height: 7, cell: 2 };
const n = g.width * g.height;
const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.3 * Math.cos(i * 0.4));
const objective = (x: Float64Array, k: number) => 0.5 * x.reduce((s, xi, i) => s + (xi - v[i]) ** 2, 0) + 0.5 * k * roughness(x, g);

test("the screened Poisson solution is the minimiser: the objective's gradient vanishes there (finite differences)", () => {
  const k = 3;
  const x = screenedPoisson(v, g, k, 1e-12);
  const h = 1e-5;
  for (let i = 0; i < n; i++) {
    const up = Float64Array.from(x), down = Float64Array.from(x);
    up[i] += h;
    down[i] -= h;
    const gi = (objective(up, k) - objective(down, k)) / (2 * h);
    assert.ok(Math.abs(gi) < 1e-6, `∂/∂x${i} = ${gi}`);
  }
  assert.ok(objective(x, k) < objective(v, k));
});

test("smoothing keeps the mean and removes the roughness; the length is in metres", () => {
  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, q) => s + q, 0) / a.length;
  const x = sobolevGradient(v, g, 6); // 3 cells of 2 m: k = 9
  assert.ok(Math.abs(mean(x) - mean(v)) < 1e-9);
  assert.ok(roughness(x, g) < 0.05 * roughness(v, g));
  const same = screenedPoisson(v, g, 9, 1e-12);
  const viaLength = sobolevGradient(v, g, 6);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(same[i] - viaLength[i]) < 1e-6);
});

test("a very long smoothing flattens to the mean; none leaves the gradient as it is", () => {
  const flat = sobolevGradient(v, g, 1e5);
  const mean = v.reduce((s, q) => s + q, 0) / n;
  for (const q of flat) assert.ok(Math.abs(q - mean) < 1e-3);
  assert.deepEqual(Array.from(sobolevGradient(v, g, 0)), Array.from(v));
});
