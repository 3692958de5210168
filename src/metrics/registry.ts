// Every metric by name, with one argument order (obs, sim) and the direction that is better, so a
// config, an evaluation table or a tuning objective can name a metric instead of importing it.
import { Series } from "./pairs.js";
import { alphaNse, betaNse, fhv, flv, kge, nse, peakTiming } from "./hydrology.js";
import { bias, d1, mae, nmad, pearson, r2, rmse } from "./continuous.js";
import { accuracy, csi, confusion, f1, far, iou, kappa, pod, precision, recall, Confusion } from "./categorical.js";

export type MetricKind = "continuous" | "categorical";

export interface Metric {
  name: string;
  kind: MetricKind;
  /** which way is better; "zero" for signed errors whose ideal is 0 */
  better: "higher" | "lower" | "zero";
  description: string;
  /** obs and sim; categorical metrics count values above `threshold` (default 0.5) as positive */
  compute(obs: Series, sim: Series, threshold?: number): number;
}

const continuous = (name: string, better: Metric["better"], description: string, f: (o: Series, s: Series) => number): Metric => ({
  name,
  kind: "continuous",
  better,
  description,
  compute: (o, s) => f(o, s),
});

const categorical = (name: string, better: Metric["better"], description: string, f: (c: Confusion) => number): Metric => ({
  name,
  kind: "categorical",
  better,
  description,
  compute: (o, s, threshold = 0.5) => f(confusion(o, s, threshold)),
});

const all: Metric[] = [
  continuous("nse", "higher", "Nash-Sutcliffe efficiency", nse),
  continuous("kge", "higher", "Kling-Gupta efficiency (Gupta et al. 2009)", kge),
  continuous("alpha_nse", "zero", "ratio of standard deviations sim/obs (1 is ideal; reported as is)", alphaNse),
  continuous("beta_nse", "zero", "bias of the means in units of the observed standard deviation", betaNse),
  continuous("fhv", "zero", "high-flow bias of the flow duration curve (%)", (o, s) => fhv(o, s)),
  continuous("flv", "zero", "low-flow bias of the flow duration curve (%)", (o, s) => flv(o, s)),
  continuous("peak_timing", "lower", "mean peak timing error (time steps)", (o, s) => peakTiming(o, s)),
  continuous("rmse", "lower", "root mean squared error", rmse),
  continuous("mae", "lower", "mean absolute error", mae),
  continuous("bias", "zero", "mean error, simulated minus observed", bias),
  continuous("r2", "higher", "coefficient of determination 1 − SSres/SStot", r2),
  continuous("pearson", "higher", "Pearson correlation", pearson),
  continuous("d1", "higher", "Willmott et al. (1985) modified index of agreement", d1),
  continuous("nmad", "lower", "normalised median absolute deviation of the errors", nmad),
  categorical("iou", "higher", "intersection over union of the positive sets", iou),
  categorical("csi", "higher", "critical success index tp/(tp+fp+fn)", csi),
  categorical("pod", "higher", "probability of detection tp/(tp+fn)", pod),
  categorical("far", "lower", "false alarm ratio fp/(tp+fp)", far),
  categorical("precision", "higher", "tp/(tp+fp)", precision),
  categorical("recall", "higher", "tp/(tp+fn)", recall),
  categorical("f1", "higher", "F1 score 2tp/(2tp+fp+fn)", f1),
  categorical("accuracy", "higher", "overall accuracy (tp+tn)/n", accuracy),
  categorical("kappa", "higher", "Cohen's kappa", kappa),
];

export const METRICS: ReadonlyMap<string, Metric> = new Map(all.map((m) => [m.name, m]));
export const METRIC_NAMES = all.map((m) => m.name);

export function metric(name: string): Metric {
  const m = METRICS.get(name.toLowerCase());
  if (!m) throw new Error(`unknown metric '${name}'; known metrics: ${METRIC_NAMES.join(", ")}`);
  return m;
}
