// α-NSE, β-NSE, FHV, FLV and peak timing against neuralhydrology's formulas evaluated with numpy
// and scipy.signal.find_peaks on the Minam River SAC-SMA simulation, water years 1996–2000: the
// expected values are test/fixtures/flow_signatures.json, written by scripts/fixtures/flow_signatures.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alphaNse, betaNse, fhv, flv, findPeaks, peakTiming } from "../../src/metrics/index.js";
import { readModelOutput } from "../../src/runoff/data/model-output.js";
import { dayNumber } from "../../src/util/dates.js";
import { data } from "../helpers/data.js";
import { readFileSync } from "node:fs";
import { fixturePath } from "../helpers/fixtures.js";

const expected = JSON.parse(readFileSync(fixturePath("flow_signatures.json"), "utf8")) as Record<string, number> & { peaks: number[] };

function minam(): { obs: Float64Array; sim: Float64Array } {
  const d = readModelOutput(data("camels_us_longterm", "13331500_05_model_output.txt"), "13331500");
  const a = dayNumber("1995-10-01") - d.firstDay;
  const b = dayNumber("2000-09-30") - d.firstDay;
  return { obs: (d.variables.get("OBS_RUN") as Float64Array).slice(a, b + 1), sim: (d.variables.get("MOD_RUN") as Float64Array).slice(a, b + 1) };
}

test("flow signatures match neuralhydrology's numpy formulas", () => {
  const { obs, sim } = minam();
  assert.equal(obs.length, expected.n);
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  close(alphaNse(obs, sim), expected.alpha_nse, "alpha-NSE");
  close(betaNse(obs, sim), expected.beta_nse, "beta-NSE");
  close(fhv(obs, sim), expected.fhv, "FHV");
  close(flv(obs, sim), expected.flv, "FLV");
  close(peakTiming(obs, sim), expected.peak_timing, "peak timing");
});

test("findPeaks follows scipy.signal.find_peaks: flat tops, distance, prominence", () => {
  const x = [0, 1, 3, 3, 3, 2, 5, 1, 0, 4, 4, 1, 2, 1.5, 7, 0];
  assert.deepEqual(findPeaks(x, 1, 0), [3, 6, 9, 12, 14]);
  assert.deepEqual(findPeaks(x, 3, 0), [3, 6, 9, 14]);
  assert.deepEqual(findPeaks(x, 1, 2), [6, 9, 14]);
  assert.deepEqual(findPeaks(x, 4, 1.5), [6, 14]);
  const { obs } = minam();
  let sd = 0;
  const m = obs.reduce((a, b) => a + b, 0) / obs.length;
  for (const v of obs) sd += (v - m) ** 2;
  assert.deepEqual(findPeaks(obs, 100, Math.sqrt(sd / obs.length)), expected.peaks);
});

test("a perfect simulation has no bias and no timing error", () => {
  const { obs } = minam();
  assert.equal(alphaNse(obs, obs), 1);
  assert.equal(betaNse(obs, obs), 0);
  assert.equal(fhv(obs, obs), 0);
  assert.ok(Math.abs(flv(obs, obs)) < 1e-12);
  assert.equal(peakTiming(obs, obs), 0);
  // shifting the simulation by two days gives a timing error of two days at every peak
  const shifted = Float64Array.from(obs, (_, i) => obs[Math.max(i - 2, 0)]);
  assert.equal(peakTiming(obs, shifted), 2);
});
