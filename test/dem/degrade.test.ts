import { test } from "node:test";
import assert from "node:assert/strict";
import { GDEM_NAMES, degradeScene, gdemProfiles, mixSeed } from "../../src/dem/degrade.js";
import { hills } from "./terrain.js";

const w = 180, h = 180, cell = 5;
const profiles = GDEM_NAMES.map((g) => gdemProfiles[g]);

test("degradation: seeded, one own seed per product, whole metres on 30 m and 90 m grids", () => {
  const z = hills(w, h, cell);
  const a = degradeScene(z, w, h, profiles, { seed: 11, cell, canopyCover: 0.1 });
  const b = degradeScene(z, w, h, profiles, { seed: 11, cell, canopyCover: 0.1 });
  const c = degradeScene(z, w, h, profiles, { seed: 12, cell, canopyCover: 0.1 });
  a.forEach((v, k) => assert.deepEqual(v.fine, b[k].fine, `${v.name} repeats with the same seed`));
  assert.notDeepEqual(a[0].fine, c[0].fine);
  assert.deepEqual(a.map((v) => v.coarse.factor), [6, 6, 6, 18]);
  for (const v of a) assert.ok(v.coarse.data.every((x) => Number.isNaN(x) || Number.isInteger(x)), `${v.name} in whole metres`);
  assert.notEqual(mixSeed(11, 1), mixSeed(11, 2));
  assert.notDeepEqual(a[0].fine, a[1].fine);
});

test("degradation error magnitudes follow the cited ranking (ASTER worst, ALOS best of the 30 m products) on a flat plane", () => {
  // on a plane, block averaging loses nothing: what remains is the error model itself
  const flat = new Float32Array(w * h).fill(100);
  const sd: Record<string, number> = {};
  for (const g of GDEM_NAMES) {
    let s = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const [v] = degradeScene(flat, w, h, [gdemProfiles[g]], { seed, cell });
      s += v.fine.reduce((a, x) => a + (x - 100) ** 2, 0) / v.fine.length;
    }
    sd[g] = Math.sqrt(s / 6);
  }
  assert.ok(sd.aster > sd.nasadem && sd.nasadem > sd.alos, JSON.stringify(sd));
  assert.ok(sd.alos > 1 && sd.aster < 12, JSON.stringify(sd));
});

test("canopy and buildings are partly in the surface, more for optical than for radar products", () => {
  const flat = new Float32Array(w * h).fill(100);
  const buildings = Float32Array.from(flat, (_, i) => (Math.floor(i / w) % 40 < 20 && i % w < 90 ? 10 : 0));
  const raise = (g: "alos" | "srtm") => {
    const p = { ...gdemProfiles[g], biasMean: 0, biasStd: 0, noiseStd: 0, whiteStd: 0, voidFraction: 0, stripeAmplitude: 0 };
    const [v] = degradeScene(flat, w, h, [p], { seed: 5, cell, buildings, canopyCover: 0.2, canopyHeight: [10, 10] });
    return v.fine.reduce((a, x) => a + x - 100, 0) / v.fine.length;
  };
  // buildings cover a quarter of the area at 10 m: 2.5 m of mean height; canopy 20 % at 10 m: 2 m
  const alos = raise("alos");
  const srtm = raise("srtm");
  assert.ok(Math.abs(alos - (0.6 * 2.5 + 0.8 * 2)) < 0.6, `alos ${alos}`);
  assert.ok(Math.abs(srtm - (0.5 * 2.5 + 0.5 * 2)) < 0.6, `srtm ${srtm}`);
  assert.ok(alos > srtm);
});
