import { test } from "node:test";
import assert from "node:assert/strict";
import { smoothingProx, smoothnessOf } from "../../src/design/smoothing.js";

const g = { width: 9, height: 7, cell: 2 };
const n = g.width * g.height;
const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.3 * Math.cos(i * 0.4));
const objective = (x: Float64Array, t: number) => 0.5 * x.reduce((s, xi, i) => s + (xi - v[i]) ** 2, 0) + t * smoothnessOf(x, g);

test("the proximal step is the minimiser: the objective's gradient vanishes there (finite differences)", () => {
  const t = 40;
  const x = smoothingProx(v, g, t);
  const h = 1e-5;
  for (let i = 0; i < n; i++) {
    const up = Float64Array.from(x), down = Float64Array.from(x);
    up[i] += h;
    down[i] -= h;
    const gi = (objective(up, t) - objective(down, t)) / (2 * h);
    assert.ok(Math.abs(gi) < 1e-6, `∂/∂x${i} = ${gi}`);
  }
  assert.ok(objective(x, t) < objective(v, t));
});

test("the smoothed change keeps its mean (cut/fill balance) and loses its roughness", () => {
  const x = smoothingProx(v, g, 40);
  const mean = (a: Float64Array) => a.reduce((s, q) => s + q, 0) / a.length;
  assert.ok(Math.abs(mean(x) - mean(v)) < 1e-12);
  assert.ok(smoothnessOf(x, g) < 0.2 * smoothnessOf(v, g));
});

test("a very strong penalty flattens the change to its mean; none leaves it as it is", () => {
  const flat = smoothingProx(v, g, 1e9);
  const mean = v.reduce((s, q) => s + q, 0) / n;
  for (const q of flat) assert.ok(Math.abs(q - mean) < 1e-4);
  assert.deepEqual(Array.from(smoothingProx(v, g, 0)), Array.from(v));
});
