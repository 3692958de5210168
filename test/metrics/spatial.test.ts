// The spatial and categorical metrics against hand-computed values and published definitions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { accuracy, bias, confusion, csi, d1, f1, far, iou, kappa, metric, METRIC_NAMES, nmad, pearson, pod, r2 } from "../../src/metrics/index.js";

const close = (a: number, b: number, what: string, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("d1 (Willmott et al. 1985) by hand, and its argument order", () => {
  const obs = [1, 2, 3, 4];
  const sim = [2, 2, 2, 6];
  // ō = 2.5; Σ|s−o| = 1+0+1+2 = 4; Σ(|s−ō|+|o−ō|) = (0.5+1.5)+(0.5+0.5)+(0.5+0.5)+(3.5+1.5) = 9
  close(d1(obs, sim), 1 - 4 / 9, "d1");
  // d1 is not symmetric: ō changes with the order. (sim as obs: mean 3; Σ|..| = (2+1)+(1+1)+(1+0)+(3+1) = 10)
  close(d1(sim, obs), 1 - 4 / 10, "d1 swapped");
  assert.equal(d1(obs, obs), 1);
  // an all-zero prediction of a mostly dry field: |0−ō| + |o−ō| summed
  const wet = [0, 0, 0, 1];
  close(d1(wet, [0, 0, 0, 0]), 1 - 1 / (4 * 0.25 + (0.25 * 3 + 0.75)), "d1 of zeros");
});

test("bias, R², Pearson r and NMAD by hand", () => {
  const obs = [1, 2, 3, 4];
  const sim = [1.5, 2.5, 2.5, 5.5];
  close(bias(obs, sim), (0.5 + 0.5 - 0.5 + 1.5) / 4, "bias");
  // SSres = 0.25+0.25+0.25+2.25 = 3, SStot = 5
  close(r2(obs, sim), 1 - 3 / 5, "R²");
  close(pearson(obs, obs.map((v) => 3 * v - 1)), 1, "r of a linear map");
  // errors 0.5, 0.5, −0.5, 1.5: median 0.5, |e − 0.5| = 0, 0, 1, 1 → median 0.5
  close(nmad(obs, sim), 1.4826 * 0.5, "NMAD");
});

test("confusion-matrix scores: a textbook example of Cohen's kappa", () => {
  // 20 positives agreed, 15 negatives agreed, 5 false positives, 10 false negatives (n = 50)
  const obs = [...Array(20).fill(1), ...Array(15).fill(0), ...Array(5).fill(0), ...Array(10).fill(1)];
  const sim = [...Array(20).fill(1), ...Array(15).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)];
  const c = confusion(obs, sim);
  assert.deepEqual(c, { tp: 20, fp: 5, fn: 10, tn: 15 });
  close(accuracy(c), 35 / 50, "accuracy");
  // p_e = (25·30 + 25·20)/2500 = 0.5 → κ = (0.7 − 0.5)/0.5 = 0.4
  close(kappa(c), 0.4, "kappa");
  close(pod(c), 20 / 30, "POD");
  close(far(c), 5 / 25, "FAR");
  close(csi(c), 20 / 35, "CSI");
  close(iou(c), csi(c), "IoU = CSI");
  close(f1(c), 40 / 55, "F1");
});

test("thresholds: depths above 0.1 m are flooded; NaN cells are left out", () => {
  const obs = [0, 0.05, 0.2, 0.3, NaN];
  const sim = [0.15, 0, 0.25, 0.05, 1];
  assert.deepEqual(confusion(obs, sim, 0.1), { tp: 1, fp: 1, fn: 1, tn: 1 });
  close(metric("csi").compute(obs, sim, 0.1), 1 / 3, "CSI at 0.1");
});

test("the registry names every metric once and refuses unknown names", () => {
  assert.equal(new Set(METRIC_NAMES).size, METRIC_NAMES.length);
  for (const n of ["d1", "rmse", "mae", "bias", "r2", "iou", "csi", "pod", "far", "f1", "accuracy", "kappa", "nse", "kge"]) assert.ok(METRIC_NAMES.includes(n), n);
  assert.equal(metric("RMSE").compute([0, 0], [3, 4]), Math.sqrt(12.5));
  assert.equal(metric("nse").better, "higher");
  assert.throws(() => metric("nsee"), /unknown metric 'nsee'; known metrics: nse, kge/);
});
