// Goodness-of-fit of simulated against observed series, as f(obs, sim) like neuralhydrology. Pairs
// where either value is not finite are left out; every function needs at least two valid pairs.
import { mean, std, Series, validPairs } from "./pairs.js";

/** Nash–Sutcliffe efficiency: 1 − Σ(s−o)² / Σ(o−ō)². */
export function nse(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "NSE");
  const m = mean(o);
  let num = 0;
  let den = 0;
  for (let i = 0; i < o.length; i++) {
    num += (s[i] - o[i]) ** 2;
    den += (o[i] - m) ** 2;
  }
  if (den === 0) throw new RangeError("NSE: observed series is constant");
  return 1 - num / den;
}

/** Kling–Gupta efficiency (Gupta et al. 2009): 1 − √((r−1)² + (α−1)² + (β−1)²), α = σs/σo, β = μs/μo. */
export function kge(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "KGE");
  const ms = mean(s);
  const mo = mean(o);
  const ss = std(s);
  const so = std(o);
  let cov = 0;
  for (let i = 0; i < o.length; i++) cov += (s[i] - ms) * (o[i] - mo);
  const r = cov / o.length / (ss * so);
  return 1 - Math.sqrt((r - 1) ** 2 + (ss / so - 1) ** 2 + (ms / mo - 1) ** 2);
}

/** α-NSE (neuralhydrology): σ_sim / σ_obs. */
export function alphaNse(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "alpha-NSE");
  return std(s) / std(o);
}

/** β-NSE (neuralhydrology): (μ_sim − μ_obs) / σ_obs. */
export function betaNse(obs: Series, sim: Series): number {
  const [o, s] = validPairs(obs, sim, "beta-NSE");
  return (mean(s) - mean(o)) / std(o);
}

const descending = (xs: number[]) => [...xs].sort((a, b) => b - a);

/** Bias of the high-flow segment of the flow duration curve (Yilmaz et al. 2008), top h of flows, in %. */
export function fhv(obs: Series, sim: Series, h = 0.02): number {
  const [o, s] = validPairs(obs, sim, "FHV");
  const n = Math.round(h * o.length);
  const os = descending(o).slice(0, n);
  const ss = descending(s).slice(0, n);
  return (100 * ss.reduce((a, v, i) => a + v - os[i], 0)) / os.reduce((a, v) => a + v, 0);
}

/** Bias of the low-flow segment (lowest l of flows) in log space (Yilmaz et al. 2008), in %, as neuralhydrology computes it. */
export function flv(obs: Series, sim: Series, l = 0.3): number {
  const [o, s] = validPairs(obs, sim, "FLV");
  const from = Math.round((1 - l) * o.length);
  const os = descending(o.map((v) => (v === 0 ? 1e-6 : v))).slice(from).map(Math.log);
  const ss = descending(s.map((v) => (v <= 0 ? 1e-6 : v))).slice(from).map(Math.log);
  const minO = Math.min(...os);
  const minS = Math.min(...ss);
  const qsl = ss.reduce((a, v) => a + v - minS, 0);
  const qol = os.reduce((a, v) => a + v - minO, 0);
  return (-100 * (qsl - qol)) / (qol + 1e-6);
}

/**
 * Peaks as scipy.signal.find_peaks(x, distance, prominence) finds them: local maxima (the middle of
 * a flat top), then the distance rule keeping higher peaks first, then the prominence rule.
 */
export function findPeaks(x: ArrayLike<number>, distance: number, minProminence: number): number[] {
  let peaks: number[] = [];
  for (let i = 1; i < x.length - 1; i++) {
    if (!(x[i - 1] < x[i])) continue;
    let ahead = i + 1;
    while (ahead < x.length - 1 && x[ahead] === x[i]) ahead++;
    if (x[ahead] < x[i]) {
      peaks.push(Math.floor((i + ahead - 1) / 2));
      i = ahead - 1;
    }
  }
  if (distance > 1) {
    const keep = new Array(peaks.length).fill(true);
    const byHeight = peaks.map((_, k) => k).sort((a, b) => x[peaks[a]] - x[peaks[b]] || a - b);
    for (let r = byHeight.length - 1; r >= 0; r--) {
      const j = byHeight[r];
      if (!keep[j]) continue;
      for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < distance; k--) keep[k] = false;
      for (let k = j + 1; k < peaks.length && peaks[k] - peaks[j] < distance; k++) keep[k] = false;
    }
    peaks = peaks.filter((_, k) => keep[k]);
  }
  return peaks.filter((p) => prominence(x, p) >= minProminence);
}

function prominence(x: ArrayLike<number>, p: number): number {
  let leftMin = x[p];
  for (let i = p - 1; i >= 0 && x[i] <= x[p]; i--) leftMin = Math.min(leftMin, x[i]);
  let rightMin = x[p];
  for (let i = p + 1; i < x.length && x[i] <= x[p]; i++) rightMin = Math.min(rightMin, x[i]);
  return x[p] - Math.max(leftMin, rightMin);
}

/**
 * Mean peak timing error in time steps (neuralhydrology's mean_peak_timing): for each observed peak
 * (find_peaks with distance 100 and prominence σ_obs), the offset of the simulated maximum within
 * ± window steps. NaN when no peak qualifies. Observed NaNs are not allowed here.
 */
export function peakTiming(obs: Series, sim: Series, window = 3): number {
  if (sim.length !== obs.length) throw new RangeError(`peak timing: observed has ${obs.length} values, simulated ${sim.length}`);
  const o = Array.from(obs);
  const valid = o.filter(Number.isFinite);
  if (valid.length < 2) throw new RangeError("peak timing: fewer than two observed values");
  const peaks = findPeaks(o.map((v) => (Number.isFinite(v) ? v : -Infinity)), 100, std(valid));
  const errors: number[] = [];
  for (const i of peaks) {
    if (i - window < 0 || i + window >= o.length) continue;
    let ok = true;
    for (let k = i - window; k <= i + window; k++) if (!Number.isFinite(sim[k])) ok = false;
    if (!ok) continue;
    let at = i;
    if (!(sim[i] > sim[i - 1] && sim[i] > sim[i + 1])) {
      for (let k = i - window; k <= i + window; k++) if (sim[k] > sim[at]) at = k;
      // the first maximum in the window, as numpy's argmax
      for (let k = i - window; k <= i + window; k++) if (sim[k] === sim[at]) { at = k; break; }
    }
    errors.push(Math.abs(i - at));
  }
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : NaN;
}
