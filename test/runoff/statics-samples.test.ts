import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStatics, gaussianVector, parseStaticsCsv, staticsCsv } from "../../src/runoff/statics.js";
import { runoffSchema } from "../../src/runoff/config.js";
import { learningRateSchedule } from "../../src/runoff/train.js";
import { keep, optim, tensor } from "../../src/torch/index.js";
import { fitNormalization, prepareBasin, samplesOf, checkPeriod } from "../../src/runoff/data/samples.js";
import { BasinData, onDayGrid } from "../../src/runoff/data/basin-data.js";
import { dayNumber } from "../../src/util/dates.js";
import { validateConfig } from "../../src/util/config.js";
import { data } from "../helpers/data.js";

const base = {
  dataset: "camels_us",
  data_dir: data("camels_us_subset"),
  train_basin_file: "x.txt",
  train_start_date: "2000-10-01",
  train_end_date: "2001-09-30",
  dynamic_inputs: ["prcp"],
  target_variables: ["QObs(mm/d)"],
};
const cfgOf = (extra: Record<string, unknown>) => validateConfig("test.yml", { ...base, ...extra }, runoffSchema);
const spec = { dataset: "camels_us" as const, dataDir: data("camels_us_subset"), forcings: ["daymet"] };
const four = ["01022500", "01547700", "02064000", "03015500"];

test("physical statics: the 27 Kratzert attributes standardized over the training basins", () => {
  const s = buildStatics(cfgOf({}), spec, four, [...four, "13331500"]);
  assert.equal(s.names.length, 27);
  assert.equal(s.names[0], "p_mean");
  for (let j = 0; j < 27; j++) {
    const col = four.map((b) => (s.byBasin.get(b) as Float32Array)[j]);
    const mean = col.reduce((a, b) => a + b, 0) / 4;
    assert.ok(Math.abs(mean) < 1e-6, `${s.names[j]} mean ${mean}`);
  }
  // a basin outside the training set is scaled with the training statistics, not its own
  assert.ok((s.byBasin.get("13331500") as Float32Array).some((v) => Math.abs(v) > 1.5));
});

test("Gaussian vectors: per basin and seed, independent of the other basins, N(0, 1)", () => {
  const a = gaussianVector("01022500", 512, 7);
  assert.deepEqual(gaussianVector("01022500", 512, 7), a);
  assert.notDeepEqual(gaussianVector("01022500", 512, 8), a);
  const g1 = buildStatics(cfgOf({ static_vector: "gaussian", static_dim: 16, static_seed: 3 }), spec, four, four);
  const g2 = buildStatics(cfgOf({ static_vector: "gaussian", static_dim: 16, static_seed: 3 }), spec, ["01022500"], ["01022500"]);
  assert.deepEqual(g1.byBasin.get("01022500"), g2.byBasin.get("01022500"));
  const big = gaussianVector("x", 20000, 1);
  const m = big.reduce((s, v) => s + v, 0) / big.length;
  const v = big.reduce((s, x) => s + (x - m) ** 2, 0) / big.length;
  assert.ok(Math.abs(m) < 0.03 && Math.abs(v - 1) < 0.04, `mean ${m} var ${v}`);
});

test("one-hot and mixed vectors; the stored CSV reads back", () => {
  const o = buildStatics(cfgOf({ static_vector: "one_hot" }), spec, four, four);
  assert.deepEqual(Array.from(o.byBasin.get("02064000") as Float32Array), [0, 0, 1, 0]);
  assert.throws(() => buildStatics(cfgOf({ static_vector: "one_hot" }), spec, four, [...four, "13331500"]), /13331500 is not a training basin/);
  const mixed = buildStatics(cfgOf({ static_vector: "mixed", static_dim: 40, static_seed: 1 }), spec, four, four);
  assert.equal(mixed.names.length, 40);
  const phys = buildStatics(cfgOf({}), spec, four, four);
  assert.deepEqual(Array.from((mixed.byBasin.get("01022500") as Float32Array).slice(0, 27)), Array.from(phys.byBasin.get("01022500") as Float32Array));
  const back = parseStaticsCsv(staticsCsv(mixed), "statics.csv");
  assert.deepEqual(back.names, mixed.names);
  const a = back.byBasin.get("03015500") as Float32Array;
  const b = mixed.byBasin.get("03015500") as Float32Array;
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-6));
});

test("config: neuralhydrology keys, unknown keys named, option pairs checked", () => {
  assert.throws(() => cfgOf({ hidden_sizee: 3 }), /unknown key 'hidden_sizee'/);
  assert.throws(() => cfgOf({ static_vector: "gaussian" }), /static_dim/);
  assert.throws(() => cfgOf({ static_vector: "mixed", static_dim: 20 }), /must exceed 27/);
  assert.throws(() => cfgOf({ model: "lstm" }), /static_vector: none/);
  assert.throws(() => cfgOf({ train_end_date: "1999-01-01" }), /before train_start_date/);
  const c = cfgOf({ learning_rate: { 0: 1e-3, 10: 5e-4, 25: 1e-4 }, train_start_date: "01/10/2000" });
  assert.equal(c.train_start_date, "2000-10-01");
  // the rate each epoch 1…30 runs at, from the schedule the trainer steps after every epoch
  const opt = new optim.SGD([keep(tensor([0]).requiresGrad_())], { lr: 1 });
  const schedule = learningRateSchedule(c, opt);
  const rates = [opt.lr, ...Array.from({ length: 29 }, () => schedule.step())];
  assert.deepEqual([1, 9, 10, 24, 25, 30].map((e) => rates[e - 1]), [1e-3, 1e-3, 5e-4, 5e-4, 1e-4, 1e-4]);
});

function synthetic(): BasinData {
  // 100 days: x = day index, y = 2·x, with a missing target on day 60 and a missing input on day 80
  const days = Array.from({ length: 100 }, (_, i) => dayNumber("2001-01-01") + i);
  const x = Float64Array.from(days, (_, i) => (i === 80 ? NaN : i));
  const y = Float64Array.from(days, (_, i) => (i === 60 ? NaN : 2 * i));
  return onDayGrid("b1", "b1.csv", days, new Map([["x", x], ["y", y]]));
}

test("normalization uses the training period only; samples skip missing targets and incomplete windows", () => {
  const d = synthetic();
  const norm = fitNormalization([d], ["x"], "y", "2001-01-01", "2001-01-10");
  assert.equal(norm.inputs[0].mean, 4.5);
  assert.ok(Math.abs(norm.inputs[0].std - Math.sqrt(8.25)) < 1e-12);
  assert.ok(Math.abs(norm.basinStd.b1 - 2 * Math.sqrt(8.25)) < 1e-12);
  const p = prepareBasin(d, norm, new Float32Array(0));
  const all = samplesOf([p], 10, 1, "2001-01-01", "2001-04-10", true).map((s) => s.end);
  assert.equal(all[0], 9, "the first sample needs 10 days of inputs");
  assert.ok(!all.includes(60), "no sample with a missing target");
  for (let t = 80; t <= 89; t++) assert.ok(!all.includes(t), `window ending ${t} holds the missing input`);
  assert.ok(all.includes(90) && all.includes(79));
  assert.equal(all.length, 91 - 1 - 10);
  assert.throws(() => checkPeriod(d, "2001-01-01", "2001-12-31", "test period"), /b1.csv: test period 2001-01-01 … 2001-12-31 is outside the data \(2001-01-01 … 2001-04-10\)/);
});
