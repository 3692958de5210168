// Two-class agreement (flooded or not, water or not) from a confusion matrix, all as f(obs, sim).
// A value counts as positive when it is above `threshold` (or true); non-finite pairs are left out.
import { Series } from "./pairs.js";

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function confusion(obs: Series, sim: Series, threshold = 0.5): Confusion {
  if (sim.length !== obs.length) throw new RangeError(`confusion: observed has ${obs.length} values, simulated ${sim.length}`);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i];
    const s = sim[i];
    if (!Number.isFinite(o) || !Number.isFinite(s)) continue;
    const po = o > threshold;
    const ps = s > threshold;
    if (po && ps) c.tp++;
    else if (ps) c.fp++;
    else if (po) c.fn++;
    else c.tn++;
  }
  return c;
}

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

/** Probability of detection (hit rate, recall): tp / (tp + fn). */
export const pod = (c: Confusion) => ratio(c.tp, c.tp + c.fn);
/** False alarm ratio: fp / (tp + fp). */
export const far = (c: Confusion) => ratio(c.fp, c.tp + c.fp);
/** Critical success index (threat score): tp / (tp + fp + fn); for two masks the same as their IoU. */
export const csi = (c: Confusion) => ratio(c.tp, c.tp + c.fp + c.fn);
/** Intersection over union of the positive sets. */
export const iou = csi;
export const precision = (c: Confusion) => ratio(c.tp, c.tp + c.fp);
export const recall = pod;
export const f1 = (c: Confusion) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
export const accuracy = (c: Confusion) => ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn);

/** Cohen's kappa: (p_o − p_e) / (1 − p_e). */
export function kappa(c: Confusion): number {
  const n = c.tp + c.fp + c.fn + c.tn;
  if (n === 0) return NaN;
  const po = (c.tp + c.tn) / n;
  const pe = ((c.tp + c.fp) * (c.tp + c.fn) + (c.fn + c.tn) * (c.fp + c.tn)) / (n * n);
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}
