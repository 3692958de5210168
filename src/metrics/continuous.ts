// Error and agreement measures for continuous fields (rasters, series), all as f(obs, sim).
import { mean, median, Series, validPairs } from "./pairs.js";

export function rmse(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "RMSE", 1);
  return Math.sqrt(s.reduce((a, v, i) => a + (v - o[i]) ** 2, 0) / o.length);
}

export function mae(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "MAE", 1);
  return s.reduce((a, v, i) => a + Math.abs(v - o[i]), 0) / o.length;
}

/** Mean error, simulated minus observed. */
export function bias(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "bias", 1);
  return s.reduce((a, v, i) => a + v - o[i], 0) / o.length;
}

/** Coefficient of determination 1 − Σ(s−o)² / Σ(o−ō)² (scikit-learn's r2_score), not the squared correlation. */
export function r2(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "R²");
  const m = mean(o);
  let num = 0;
  let den = 0;
  for (let i = 0; i < o.length; i++) {
    num += (s[i] - o[i]) ** 2;
    den += (o[i] - m) ** 2;
  }
  if (den === 0) throw new RangeError("R²: observed values are constant");
  return 1 - num / den;
}

/** Pearson's correlation coefficient. */
export function pearson(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "Pearson r");
  const mo = mean(o);
  const ms = mean(s);
  let c = 0, vo = 0, vs = 0;
  for (let i = 0; i < o.length; i++) {
    c += (o[i] - mo) * (s[i] - ms);
    vo += (o[i] - mo) ** 2;
    vs += (s[i] - ms) ** 2;
  }
  if (vo === 0 || vs === 0) throw new RangeError("Pearson r: a series is constant");
  return c / Math.sqrt(vo * vs);
}

/**
 * Willmott et al. (1985)'s modified index of agreement d1 = 1 − Σ|s−o| / Σ(|s−ō| + |o−ō|), in [0, 1].
 * 1 when the two agree everywhere (also where both are constant).
 */
export function d1(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "d1", 1);
  const m = mean(o);
  let num = 0;
  let den = 0;
  for (let i = 0; i < o.length; i++) {
    num += Math.abs(s[i] - o[i]);
    den += Math.abs(s[i] - m) + Math.abs(o[i] - m);
  }
  return den === 0 ? 1 : 1 - num / den;
}

/** Normalised median absolute deviation of the errors, 1.4826 · median(|e − median(e)|) (Höhle & Höhle 2009, for DEMs). */
export function nmad(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "NMAD", 1);
  const e = s.map((v, i) => v - o[i]);
  const m = median(e);
  return 1.4826 * median(e.map((v) => Math.abs(v - m)));
}
