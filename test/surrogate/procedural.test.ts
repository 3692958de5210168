// The procedural urban patches and the artificial bumps: reproducible from a seed, and what they
// claim to draw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateGround, generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { bumpField, defaultBumps } from "../../src/surrogate/bumps.js";

test("a seed gives the same patch every time; another seed another patch", () => {
  const a = generateUrbanPatch(7), b = generateUrbanPatch(7), c = generateUrbanPatch(8);
  assert.deepEqual(a.ground, b.ground);
  assert.deepEqual(a.buildings, b.buildings);
  assert.notDeepEqual(a.ground, c.ground);
  assert.deepEqual(generateGround(3), generateGround(3));
});

test("patches are urban: buildings on 3–70 % of the cells, finite ground, heights of storeys", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const p = generateUrbanPatch(seed);
    assert.ok(p.params.buildingFraction > 0.03 && p.params.buildingFraction < 0.7, `seed ${seed}: ${p.params.buildingFraction}`);
    assert.ok(p.ground.every(Number.isFinite), `seed ${seed}: finite ground`);
    for (const h of p.buildings) assert.ok(h === 0 || (h >= 2.5 && h <= 60), `seed ${seed}: building height ${h}`);
  }
});

test("streets lie below the kerb: street cells are lower than the ground beside them by about the kerb height", () => {
  let checked = 0;
  for (let seed = 1; seed <= 40 && checked < 5; seed++) {
    const p = generateUrbanPatch(seed);
    const L = p.params.layout;
    if (L.streets !== "grid" || L.kerbM < 0.1) continue;
    // ground without the street lowering: regenerate the same seed's terrain from the same draws
    const W = p.width;
    let diff = 0, n = 0;
    for (let i = W + 1; i < p.ground.length - W - 1; i++) {
      const lowered = p.ground[i] < p.ground[i - 1] - 0.5 * L.kerbM || p.ground[i] < p.ground[i + 1] - 0.5 * L.kerbM;
      if (lowered) {
        diff++;
      }
      n++;
    }
    assert.ok(diff > 0.005 * n, `seed ${seed}: kerb steps found on ${diff} of ${n} cells`);
    checked++;
  }
  assert.ok(checked >= 3, "several grid patches with a kerb were checked");
});

test("bumps: a few smooth waves whose largest |value| is the drawn amplitude; reproducible", () => {
  for (let seed = 1; seed <= 10; seed++) {
    const b = bumpField(64, 64, 2, defaultBumps, seed);
    const peak = Math.max(...Array.from(b, Math.abs));
    assert.ok(peak >= defaultBumps.amplitude_m[0] - 1e-6 && peak <= defaultBumps.amplitude_m[1] + 1e-6, `peak ${peak}`);
    // smooth: neighbouring cells differ by far less than the amplitude (wavelengths ≥ 20 m on 2 m cells)
    let step = 0;
    for (let i = 0; i < b.length - 1; i++) if ((i + 1) % 64) step = Math.max(step, Math.abs(b[i + 1] - b[i]));
    assert.ok(step < 0.7 * peak, `largest step ${step} vs peak ${peak}`);
    assert.deepEqual(b, bumpField(64, 64, 2, defaultBumps, seed));
  }
});
