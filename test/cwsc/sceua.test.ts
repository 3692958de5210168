// SCE-UA on Duan et al. (1992)'s test functions, many problems in lock-step, each independent of
// the others and reproducible from its seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pickSubcomplex, sceua } from "../../src/cwsc/calibration/sceua.js";
import { seededRandom } from "../../src/util/random.js";

const goldsteinPrice = (x: number, y: number) =>
  (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)) *
  (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y));

test("SCE-UA finds the global minimum 3 of the Goldstein–Price function at (0, −1) (Duan et al. 1992, function 1)", () => {
  const r = sceua(10, [-2, -2], [2, 2], (_, [x, y]) => x.map((v, j) => goldsteinPrice(v, y[j])), { complexes: 2, maxEvaluations: 5000, seed: 1 });
  for (let i = 0; i < 10; i++) {
    assert.ok(Math.abs(r.bestLoss[i] - 3) < 1e-3, `problem ${i}: ${r.bestLoss[i]} at (${r.best[0][i]}, ${r.best[1][i]})`);
    assert.ok(Math.abs(r.best[0][i]) < 0.01 && Math.abs(r.best[1][i] + 1) < 0.01);
    assert.ok(r.evaluations[i] <= 5000);
  }
});

test("problems in lock-step each reach their own optimum (shifted 6-d Rosenbrock valleys) within the budget", () => {
  const k = 6;
  const problems = 8;
  const rand = seededRandom(4);
  const centre = Array.from({ length: problems }, () => Float64Array.from({ length: k }, () => 2 * rand() - 1));
  const f = (who: Int32Array, x: Float64Array[]) =>
    Float64Array.from(who, (i, j) => {
      let v = 0;
      for (let d = 0; d < k - 1; d++) {
        const a = x[d][j] - centre[i][d] + 1;
        const b = x[d + 1][j] - centre[i][d + 1] + 1;
        v += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
      }
      return v;
    });
  const r = sceua(problems, new Array(k).fill(-5), new Array(k).fill(5), f, { complexes: 4, maxEvaluations: 60000, seed: 3, improvement: 1e-6, kstop: 20 });
  for (let i = 0; i < problems; i++) {
    assert.ok(r.bestLoss[i] < 1e-3, `problem ${i}: loss ${r.bestLoss[i]} after ${r.evaluations[i]} evaluations (${r.reason[i]})`);
    for (let d = 0; d < k; d++) assert.ok(Math.abs(r.best[d][i] - centre[i][d]) < 0.05, `problem ${i}, parameter ${d}`);
  }
});

test("a problem's result does not depend on the others run with it, and the seed reproduces it", () => {
  const sphere = (c: number) => (x: number) => (x - c) ** 2;
  const fns = [sphere(0.3), sphere(-0.7), sphere(0.1)];
  const obj = (map: number[]) => (who: Int32Array, [x, y]: Float64Array[]) => Float64Array.from(who, (i, j) => fns[map[i]](x[j]) + goldsteinPrice(y[j], x[j]) * 1e-3);
  const together = sceua(3, [-2, -2], [2, 2], obj([0, 1, 2]), { complexes: 3, maxEvaluations: 800, seed: 9 });
  const alone = sceua(1, [-2, -2], [2, 2], obj([0]), { complexes: 3, maxEvaluations: 800, seed: 9 });
  const again = sceua(3, [-2, -2], [2, 2], obj([0, 1, 2]), { complexes: 3, maxEvaluations: 800, seed: 9 });
  const other = sceua(1, [-2, -2], [2, 2], obj([0]), { complexes: 3, maxEvaluations: 800, seed: 10 });
  assert.equal(alone.bestLoss[0], together.bestLoss[0]);
  assert.deepEqual(Array.from(again.bestLoss), Array.from(together.bestLoss));
  assert.notEqual(other.best[0][0], alone.best[0][0]);
});

test("the sub-complex draws favour better ranks with Duan's trapezoidal probabilities", () => {
  const rand = seededRandom(5);
  const m = 9;
  const counts = new Array(m).fill(0);
  const draws = 40000;
  for (let d = 0; d < draws; d++) counts[pickSubcomplex(rand, m, 1)[0]]++;
  for (let r = 0; r < m; r++) {
    const expected = (2 * (m - r)) / (m * (m + 1));
    assert.ok(Math.abs(counts[r] / draws - expected) < 0.01, `rank ${r + 1}: ${counts[r] / draws} vs ${expected}`);
  }
});

test("inverted or empty bounds are refused", () => {
  assert.throws(() => sceua(1, [0, 5], [1, 2], () => new Float64Array(0), { complexes: 2, maxEvaluations: 10, seed: 1 }), /parameter 2: lower 5 must be below upper 2/);
});
