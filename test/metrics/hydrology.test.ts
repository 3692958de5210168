import { test } from "node:test";
import assert from "node:assert/strict";
import { kge, mae, nse, rmse } from "../../src/metrics/index.js";

test("NSE (obs, sim): 1 for a perfect simulation, 0 for the observed mean, a hand-computed value otherwise", () => {
  const obs = [1, 2, 3, 4];
  assert.equal(nse(obs, obs), 1);
  assert.equal(nse(obs, [2.5, 2.5, 2.5, 2.5]), 0);
  // Σ(s−o)² = 0.25·4 = 1, Σ(o−ō)² = 5 ⇒ 0.8
  assert.ok(Math.abs(nse(obs, [1.5, 2.5, 3.5, 4.5]) - 0.8) < 1e-12);
});

test("KGE: 1 for a perfect simulation; a pure bias of +10 % gives 1 − 0.1", () => {
  const obs = [1, 3, 2, 5, 4];
  assert.ok(Math.abs(kge(obs, obs) - 1) < 1e-12);
  // s = o + 0.1·mean(o): r = 1, α = 1, β = 1.1
  const m = 3;
  assert.ok(Math.abs(kge(obs, obs.map((o) => o + 0.1 * m)) - 0.9) < 1e-12);
});

test("NaN pairs are skipped; too few pairs and length mismatch are errors", () => {
  assert.equal(rmse([1, 5, 5], [1, NaN, 3]), Math.sqrt(2));
  assert.equal(mae([2, NaN, 5], [1, 2, 3]), 1.5);
  assert.throws(() => nse([1], [1, 2]), /NSE: observed has 1 values, simulated 2/);
  assert.throws(() => nse([1, NaN], [NaN, 2]), /fewer than two valid/);
  assert.throws(() => nse([3, 3], [1, 2]), /observed series is constant/);
});
