// The three monthly models: GR2M against the original spreadsheet step by step, the water balance
// closed every month for all of them, and the vectorised runner against one-by-one runs and
// metrics.kge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gr2m } from "../../src/cwsc/models/gr2m.js";
import { fuCurve } from "../../src/cwsc/models/dwbm.js";
import { MODELS, MODEL_NAMES } from "../../src/cwsc/models/registry.js";
import { forcingSet, simulate } from "../../src/cwsc/models/simulate.js";
import { WaterBalanceModel } from "../../src/cwsc/models/model.js";
import { kge } from "../../src/metrics/index.js";
import { seededRandom } from "../../src/util/random.js";
import { data } from "../helpers/data.js";

test("GR2M reproduces every column of the Cemagref spreadsheet (GR2M.xls, Mouelhi et al. 2006) to 1e-9", () => {
  const lines = readFileSync(data("monthly_au20_pygme", "GR2M_xls_trace.csv"), "utf8").trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(",").map((v, i) => (i === 0 || v === "" ? NaN : Number(v))));
  const col = (name: string) => Float64Array.from(rows, (r) => r[head.indexOf(name)]);
  assert.equal(rows.length, 516);
  // the sheet's parameters and initial states (README of monthly_au20_pygme)
  const X1 = 433.815689616221;
  const X2 = 0.493759365748591;
  const forcing = forcingSet([{ name: "xls", p: col("P_mm"), pet: col("ETP_mm") }]);
  const sim = simulate(gr2m, forcing, Int32Array.of(0), [Float64Array.of(X1), Float64Array.of(X2)], {
    warmUp: 0,
    diagnostics: true,
    initialStates: [Float64Array.of(203.158495599495), Float64Array.of(0.899565481654146)],
  });
  const ours: Record<string, Float64Array> = { S: sim.states![0][0], R: sim.states![1][0], Qsim_mm: sim.q![0] };
  gr2m.diagnostics.forEach((d, k) => (ours[d] = sim.diagnostics![k][0]));
  for (const name of ["S1", "P1", "S2", "S", "P2", "P3", "R1", "F", "R2", "R", "Qsim_mm"]) {
    const expected = col(name);
    for (let t = 0; t < expected.length; t++)
      assert.ok(Math.abs(ours[name][t] - expected[t]) <= 1e-9, `${name} at step ${t + 1}: ours ${ours[name][t]}, spreadsheet ${expected[t]}`);
  }
});

function randomForcing(months: number, basins: number, seed: number) {
  const rand = seededRandom(seed);
  return Array.from({ length: basins }, (_, b) => {
    const p = new Float64Array(months);
    const pet = new Float64Array(months);
    const q = new Float64Array(months);
    for (let t = 0; t < months; t++) {
      // dry months, zero PET and storms all occur
      p[t] = rand() < 0.15 ? 0 : rand() < 0.05 ? 400 + 600 * rand() : 150 * rand() ** 2;
      pet[t] = rand() < 0.05 ? 0 : 200 * rand();
      q[t] = rand() < 0.1 ? NaN : 40 * rand();
    }
    return { name: `b${b}`, p, pet, q };
  });
}

/** Random parameter sets inside the bounds, with every corner of the box among them. */
function parameterSets(model: WaterBalanceModel, n: number, seed: number): Float64Array[] {
  const rand = seededRandom(seed);
  const k = model.parameters.length;
  return model.parameters.map((spec, i) =>
    Float64Array.from({ length: n }, (_, j) => {
      if (j < 2 ** k) return (j >> i) & 1 ? spec.upper : spec.lower;
      return spec.lower + (spec.upper - spec.lower) * rand();
    }),
  );
}

for (const name of MODEL_NAMES) {
  test(`${name} closes the water balance every month to 1e-9 mm (P + exchange = E + Q + ΔS)`, () => {
    const model = MODELS[name];
    const basins = randomForcing(240, 5, 7);
    const forcing = forcingSet(basins);
    const n = 80;
    const basinOf = Int32Array.from({ length: n }, (_, j) => j % basins.length);
    const params = parameterSets(model, n, 11);
    const sim = simulate(model, forcing, basinOf, params, { warmUp: 0, diagnostics: true });
    const init = model.states.map(() => new Float64Array(n));
    model.initialStates(n, params, init);
    const e = sim.diagnostics![model.diagnostics.indexOf(model.balance.evaporation)];
    const x = model.balance.exchange ? sim.diagnostics![model.diagnostics.indexOf(model.balance.exchange)] : null;
    let worst = 0;
    let exchanged = 0;
    for (let j = 0; j < n; j++) {
      const b = basins[basinOf[j]];
      let before = init.reduce((s, st) => s + st[j], 0);
      for (let t = 0; t < b.p.length; t++) {
        const after = sim.states!.reduce((s, st) => s + st[j][t], 0);
        const f = x ? x[j][t] : 0;
        exchanged += Math.abs(f);
        const residual = b.p[t] + f - e[j][t] - sim.q![j][t] - (after - before);
        worst = Math.max(worst, Math.abs(residual));
        assert.ok(sim.q![j][t] >= 0 && e[j][t] >= 0 && e[j][t] <= b.pet[t] + 1e-9, `${name}: fluxes out of range at column ${j}, month ${t}: q ${sim.q![j][t]} e ${e[j][t]} pet ${b.pet[t]} params ${params.map((a) => a[j])}`);
        for (const st of sim.states!) assert.ok(st[j][t] >= -1e-12, `${name}: negative store at column ${j}, month ${t}`);
        before = after;
      }
    }
    assert.ok(worst <= 1e-9, `${name}: largest monthly balance residual ${worst} mm`);
    if (x) assert.ok(exchanged > 1, "GR2M's groundwater exchange is exercised");
  });
}

test("storage never exceeds the capacity parameter in DWBM and GR2M", () => {
  const basins = randomForcing(120, 3, 3);
  const forcing = forcingSet(basins);
  for (const model of [MODELS.dwbm, MODELS.gr2m]) {
    const n = 40;
    const params = parameterSets(model, n, 5);
    const sim = simulate(model, forcing, Int32Array.from({ length: n }, (_, j) => j % 3), params, { warmUp: 0, diagnostics: true });
    const cap = params[model.parameters.findIndex((p) => p.name === model.capacity)];
    for (let j = 0; j < n; j++) for (const v of sim.states![0][j]) assert.ok(v <= cap[j] * (1 + 1e-12), `${model.name}: S ${v} above ${cap[j]}`);
  }
});

test("Fu's curve: limits, monotone, bounded by min(1, φ)", () => {
  assert.ok(Math.abs(fuCurve(1, 0.5) - (2 - Math.SQRT2)) < 1e-15, "k = 2 at φ = 1 gives 2 − √2");
  assert.ok(Math.abs(fuCurve(3, 0.999) - 1) < 1e-6, "α → 1: supply-limited");
  assert.ok(Math.abs(fuCurve(0.3, 0.999) - 0.3) < 1e-6, "α → 1: demand-limited");
  assert.ok(fuCurve(2, 0.01) < 0.02, "α → 0: almost nothing retained");
  assert.equal(fuCurve(0, 0.5), 0);
  let prev = 0;
  for (let phi = 0.01; phi < 1e6; phi *= 1.3) {
    const f = fuCurve(phi, 0.9);
    assert.ok(f >= prev - 1e-15 && f <= Math.min(1, phi), `φ = ${phi}`);
    prev = f;
  }
});

test("vectorised runs over basins of different lengths equal one-by-one runs, and their KGE equals metrics.kge", () => {
  const long = randomForcing(300, 2, 1);
  const short = randomForcing(90, 2, 2);
  const basins = [short[0], long[0], short[1], long[1]];
  const forcing = forcingSet(basins);
  for (const model of Object.values(MODELS)) {
    const n = 12;
    const basinOf = Int32Array.from({ length: n }, (_, j) => j % 4);
    const params = parameterSets(model, n + 16, 9).map((a) => a.slice(16));
    const all = simulate(model, forcing, basinOf, params, { warmUp: 24, kge: true, series: true });
    for (let j = 0; j < n; j++) {
      const alone = forcingSet([basins[basinOf[j]]]);
      const one = simulate(model, alone, Int32Array.of(0), params.map((a) => Float64Array.of(a[j])), { warmUp: 24, kge: true, series: true });
      assert.deepEqual(Array.from(all.q![j]), Array.from(one.q![0]), `${model.name} column ${j}`);
      const obs = Array.from(basins[basinOf[j]].q!).slice(24);
      const expected = kge(obs, Array.from(one.q![0]).slice(24));
      assert.ok(Math.abs(all.kge![j] - expected) < 1e-9, `${model.name} column ${j}: KGE ${all.kge![j]} vs ${expected}`);
    }
  }
});

test("abcd and DWBM follow the published equations (Thomas 1981 eqs. as written; Zhang et al. 2008 eqs. 1–12)", () => {
  const months = [
    [80, 40],
    [0, 120],
    [250, 20],
    [15, 0],
    [60, 90],
  ];
  // abcd with the quadratic as Thomas wrote it
  const [a, b, c, d] = [0.97, 350, 0.3, 0.08];
  let S = 0.5 * b;
  let G = 10;
  const qa: number[] = [];
  for (const [P, PET] of months) {
    const W = P + S;
    const u = (W + b) / (2 * a);
    const Y = u - Math.sqrt(u * u - (W * b) / a);
    S = Y * Math.exp(-PET / b);
    G = (G + c * (W - Y)) / (1 + d);
    qa.push((1 - c) * (W - Y) + d * G);
  }
  // DWBM with Fu's curve as written, F(φ) = 1 + φ − (1 + φ^(1/(1−α)))^(1−α)
  const F = (phi: number, alpha: number) => 1 + phi - (1 + phi ** (1 / (1 - alpha))) ** (1 - alpha);
  const [a1, a2, smax, dd] = [0.7, 0.55, 300, 0.2];
  let Sd = 0.5 * smax;
  let Gd = 10;
  const qd: number[] = [];
  for (const [P, PET] of months) {
    const X = P > 0 ? P * F((PET + smax - Sd) / P, a1) : 0;
    const W = X + Sd;
    const Y = W * F((PET + smax) / W, a2);
    const E = W * F(PET / W, a2);
    const Qb = dd * Gd;
    Gd = (1 - dd) * Gd + (W - Y);
    Sd = Y - E;
    qd.push(P - X + Qb);
  }
  const forcing = forcingSet([{ name: "x", p: months.map((m) => m[0]), pet: months.map((m) => m[1]) }]);
  const simA = simulate(MODELS.abcd, forcing, Int32Array.of(0), [a, b, c, d].map((v) => Float64Array.of(v)), { warmUp: 0, series: true });
  const simD = simulate(MODELS.dwbm, forcing, Int32Array.of(0), [a1, a2, smax, dd].map((v) => Float64Array.of(v)), { warmUp: 0, series: true });
  months.forEach((_, t) => {
    assert.ok(Math.abs(simA.q![0][t] - qa[t]) < 1e-9, `abcd month ${t}: ${simA.q![0][t]} vs ${qa[t]}`);
    assert.ok(Math.abs(simD.q![0][t] - qd[t]) < 1e-9, `DWBM month ${t}: ${simD.q![0][t]} vs ${qd[t]}`);
  });
});
