// The projection onto the design constraints against independent references: the mean shift of a
// hyperplane, Duchi et al. (2008)'s projection onto an L1 ball, and Dykstra's alternating projections
// onto the intersection of all of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkConstraints, DesignConstraints, project } from "../../src/design/constraints.js";
import { Rng } from "../../src/util/random.js";

const c = (o: Partial<DesignConstraints> & { n: number }): DesignConstraints => ({ free: o.free ?? new Uint8Array(o.n).fill(1), maxChange: o.maxChange ?? Infinity, budget: o.budget ?? Infinity, balance: o.balance ?? false, cellArea: o.cellArea ?? 1 });
const random = (n: number, seed: number) => {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r.normal());
};
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

/** Euclidean projection onto {x : Σ|x_i| ≤ z} (Duchi, Shalev-Shwartz, Singer & Chandra 2008). */
function l1Ball(v: Float64Array, z: number): Float64Array {
  if (v.reduce((s, x) => s + Math.abs(x), 0) <= z) return Float64Array.from(v);
  const u = Array.from(v, Math.abs).sort((a, b) => b - a);
  let cum = 0, theta = 0;
  for (let j = 0; j < u.length; j++) {
    cum += u[j];
    const t = (cum - z) / (j + 1);
    if (u[j] - t > 0) theta = t;
  }
  return Float64Array.from(v, (x) => Math.sign(x) * Math.max(Math.abs(x) - theta, 0));
}

test("balance alone: subtract the mean of the free cells; protected cells stay 0", () => {
  const v = random(40, 1);
  const free = Uint8Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 0 : 1));
  const p = project(v, c({ n: 40, free, balance: true }));
  let s = 0, k = 0;
  v.forEach((x, i) => free[i] && ((s += x), k++));
  close(p, Float64Array.from(v, (x, i) => (free[i] ? x - s / k : 0)), 1e-9, "balanced");
});

test("a budget alone is the projection onto an L1 ball (Duchi et al. 2008)", () => {
  const v = random(60, 2);
  const budget = 25; // m³ on cells of 4 m²: Σ|Δ| ≤ 6.25 m
  const p = project(v, c({ n: 60, budget, cellArea: 4 }));
  close(p, l1Ball(v, budget / 4), 1e-9, "L1 ball");
  assert.ok(checkConstraints(p, c({ n: 60, budget, cellArea: 4 })).all_hold);
});

test("all constraints at once: the nearest feasible point, as Dykstra's alternating projections find it", () => {
  const n = 50;
  const v = random(n, 3);
  const free = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 1));
  const cons = c({ n, free, maxChange: 1.2, budget: 30, balance: true, cellArea: 1 });
  const p = project(v, cons);
  const r = checkConstraints(p, cons);
  assert.ok(r.all_hold, JSON.stringify(r));
  assert.ok(Math.abs(r.net_m3) < 1e-9 && r.earthwork_m3 <= 30 + 1e-9 && r.max_abs_change_m <= 1.2 + 1e-12 && r.protected_cells_changed === 0);
  // Dykstra onto (box ∩ free), the hyperplane Σx = 0 and the L1 ball
  const projections: ((x: Float64Array) => Float64Array)[] = [
    (x) => Float64Array.from(x, (y, i) => (free[i] ? Math.max(-1.2, Math.min(1.2, y)) : 0)),
    (x) => {
      let s = 0;
      for (const y of x) s += y;
      return Float64Array.from(x, (y) => y - s / n);
    },
    (x) => l1Ball(x, 30),
  ];
  let x: Float64Array = Float64Array.from(v);
  const inc = projections.map(() => new Float64Array(n));
  for (let it = 0; it < 20000; it++)
    projections.forEach((P, k) => {
      const y = P(Float64Array.from(x, (xi, i) => xi + inc[k][i]));
      inc[k] = Float64Array.from(x, (xi, i) => xi + inc[k][i] - y[i]);
      x = y;
    });
  close(p, x, 1e-6, "against Dykstra");
});

test("the report proves each constraint and catches a violation", () => {
  const cons = c({ n: 4, free: Uint8Array.from([1, 1, 0, 1]), maxChange: 0.5, budget: 2, balance: true, cellArea: 2 });
  const ok = checkConstraints(Float64Array.from([0.5, -0.25, 0, -0.25]), cons);
  assert.deepEqual([ok.cut_m3, ok.fill_m3, ok.net_m3, ok.earthwork_m3, ok.all_hold], [1, 1, 0, 2, true]);
  assert.equal(checkConstraints(Float64Array.from([0.5, -0.25, 0.1, -0.25]), cons).protected_cells_changed, 1);
  assert.equal(checkConstraints(Float64Array.from([0.6, -0.3, 0, -0.3]), cons).all_hold, false);
});
