// Green-Ampt infiltration, rain as rate rasters, and their place in the mass balance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulate } from "../../src/flood/engine.js";

const flat = (W: number, H: number) => ({ width: W, height: H, z: new Float64Array(W * H), blocked: new Uint8Array(W * H), manning: new Float64Array(W * H).fill(0.03) });

/** Cumulative Green-Ampt infiltration under ponding: Ks·t = F − ψΔθ·ln(1 + F/ψΔθ), solved by bisection. */
function greenAmptF(ks: number, pd: number, t: number): number {
  let lo = 0, hi = ks * t + 2 * Math.sqrt(pd * ks * t) + 1;
  for (let i = 0; i < 200; i++) {
    const F = (lo + hi) / 2;
    if (F - pd * Math.log(1 + F / pd) < ks * t) lo = F;
    else hi = F;
  }
  return (lo + hi) / 2;
}

test("Green-Ampt under ponding follows the analytic cumulative infiltration", () => {
  // a sandy loam (Rawls et al. 1983): Ks 10.9 mm/h, ψ 110 mm, Δθ 0.3
  const ks = 10.9 / 3.6e6, pd = 0.11 * 0.3, T = 6 * 3600, h0 = 1;
  const W = 10, H = 10, n = W * H;
  const r = simulate({ ...flat(W, H), dx: 5, h0: new Float64Array(n).fill(h0), duration: T, greenAmpt: { ks, psiDeltaTheta: pd }, threads: 1 });
  const F = greenAmptF(ks, pd, T);
  const infiltrated = h0 - r.depth[55];
  assert.ok(Math.abs(infiltrated - F) < 1e-3 * F, `infiltrated ${infiltrated} m, Green-Ampt ${F} m`);
  // more than Ks·t: the suction term matters early on
  assert.ok(F > 1.15 * ks * T);
  assert.ok(Math.abs(r.massBalance.losses_m3 - infiltrated * n * 25) < 1e-6 * r.massBalance.losses_m3);
  assert.ok(Math.abs(r.massBalance.error_percent) < 1e-9);
});

test("Green-Ampt with light rain: everything infiltrates while the rate is below the capacity", () => {
  const ks = 20 / 3.6e6, pd = 0.05, W = 8, H = 8;
  // 5 mm/h < Ks: no water may pond
  const rain = { t: Float64Array.from([0, 3600]), rate: Float64Array.from([5 / 3.6e6, 0]) };
  const r = simulate({ ...flat(W, H), dx: 2, rain, duration: 3600, greenAmpt: { ks, psiDeltaTheta: pd }, threads: 1 });
  assert.ok(Math.max(...r.depth) < 1e-12, `ponded ${Math.max(...r.depth)} m`);
  assert.ok(Math.abs(r.massBalance.losses_m3 - r.massBalance.rain_m3) < 1e-9 * r.massBalance.rain_m3);
});

test("rain as rate rasters: the volume is Σ rate·area·time per raster, and it falls where the raster says", () => {
  const W = 20, H = 10, n = W * H, dx = 3;
  const left = Float64Array.from({ length: n }, (_, i) => (i % W < W / 2 ? 36 / 3.6e6 : 0)); // 36 mm/h on the west half
  const all = new Float64Array(n).fill(12 / 3.6e6);
  const loads: number[] = [];
  const r = simulate({
    ...flat(W, H),
    z: Float64Array.from({ length: n }, (_, i) => (i % W === W / 2 ? 10 : 0)), // a ridge splits the domain into a west and an east basin
    dx,
    duration: 900,
    rainFields: { t: [0, 300, 600], load: (k) => (loads.push(k), k === 0 ? left : k === 1 ? all : null) },
    threads: 2,
  });
  assert.deepEqual(loads, [0, 1, 2]);
  const expected = (36 / 3.6e6) * 300 * (n / 2) * dx * dx + (12 / 3.6e6) * 300 * n * dx * dx;
  assert.ok(Math.abs(r.massBalance.rain_m3 - expected) < 1e-9 * expected, `rain ${r.massBalance.rain_m3} m³, expected ${expected}`);
  assert.ok(Math.abs(r.massBalance.error_percent) < 1e-9);
  // per row, in mm × cells: the west basin (10 cells) got 3 + 1 mm, the east basin (9 cells) 1 mm,
  // and the ridge's 1 mm ran off to either side
  const row = (from: number, to: number) => {
    let s = 0;
    for (let c = from; c < to; c++) s += r.depth[5 * W + c] * 1000;
    return s;
  };
  const west = row(0, 10);
  const east = row(11, 20);
  assert.ok(west > 40 - 1e-6 && west < 41 + 1e-6, `west basin ${west} mm·cells`);
  assert.ok(east > 9 - 1e-6 && east < 10 + 1e-6, `east basin ${east} mm·cells`);
});
