// Many-to-one samples: seq_length days of dynamic inputs (plus the basin's static vector) → the
// target on the last day. Normalization statistics come from the training period only.
import { RunningStats } from "../../util/running-stats.js";
import { dayNumber } from "../../util/dates.js";
import { tensor, Tensor } from "../../torch/index.js";
import { BasinData, isoOfDay, lastDay, variable } from "./basin-data.js";

export interface Normalization {
  inputs: { name: string; mean: number; std: number }[];
  target: { name: string; mean: number; std: number };
  /** σ of the raw target per training basin over the training period (the NSE loss weights). */
  basinStd: Record<string, number>;
}

export interface PreparedBasin {
  basin: string;
  source: string;
  firstDay: number;
  /** Normalized inputs, time-major [T × F]. */
  x: Float32Array;
  /** Normalized target (NaN where missing). */
  y: Float32Array;
  /** Raw target and benchmark, for evaluation. */
  observed: Float64Array;
  benchmark: Float64Array | null;
  statics: Float32Array;
  std: number;
}

export interface Sample {
  basin: number;
  end: number;
}

export function checkPeriod(d: BasinData, start: string, end: string, what: string): void {
  const a = dayNumber(start);
  const b = dayNumber(end);
  if (a < d.firstDay || b > lastDay(d))
    throw new Error(`${d.source}: ${what} ${start} … ${end} is outside the data (${isoOfDay(d.firstDay)} … ${isoOfDay(lastDay(d))})`);
}

export function fitNormalization(data: BasinData[], inputs: string[], target: string, start: string, end: string): Normalization {
  const a = dayNumber(start);
  const b = dayNumber(end);
  const inStats = inputs.map(() => new RunningStats());
  const outStats = new RunningStats();
  const basinStd: Record<string, number> = {};
  for (const d of data) {
    const from = Math.max(a - d.firstDay, 0);
    const to = Math.min(b - d.firstDay, d.days - 1);
    inputs.forEach((name, k) => {
      const v = variable(d, name, "dynamic_inputs");
      for (let t = from; t <= to; t++) if (Number.isFinite(v[t])) inStats[k].add(v[t]);
    });
    const y = variable(d, target, "target_variables");
    const own = new RunningStats();
    for (let t = from; t <= to; t++) if (Number.isFinite(y[t])) own.add(y[t]);
    if (own.count === 0) throw new Error(`${d.source}: basin ${d.basin} has no observed '${target}' in the training period ${start} … ${end}`);
    for (let t = from; t <= to; t++) if (Number.isFinite(y[t])) outStats.add(y[t]);
    basinStd[d.basin] = own.std;
  }
  const ms = (s: RunningStats) => ({ mean: s.mean, std: s.std > 0 ? s.std : 1 });
  return { inputs: inputs.map((name, k) => ({ name, ...ms(inStats[k]) })), target: { name: target, ...ms(outStats) }, basinStd };
}

export function prepareBasin(d: BasinData, norm: Normalization, statics: Float32Array, benchmark?: string): PreparedBasin {
  const F = norm.inputs.length;
  const x = new Float32Array(d.days * F);
  norm.inputs.forEach(({ name, mean, std }, k) => {
    const v = variable(d, name, "dynamic_inputs");
    for (let t = 0; t < d.days; t++) x[t * F + k] = (v[t] - mean) / std;
  });
  const observed = variable(d, norm.target.name, "target_variables");
  const y = Float32Array.from(observed, (v) => (v - norm.target.mean) / norm.target.std);
  return {
    basin: d.basin,
    source: d.source,
    firstDay: d.firstDay,
    x,
    y,
    observed,
    benchmark: benchmark ? variable(d, benchmark, "benchmark_variable") : null,
    statics,
    std: norm.basinStd[d.basin] ?? 1,
  };
}

/** Samples whose last day lies in [start, end], with complete inputs and (if asked) an observed target. */
export function samplesOf(basins: PreparedBasin[], L: number, F: number, start: string, end: string, needTarget: boolean): Sample[] {
  const out: Sample[] = [];
  basins.forEach((p, bi) => {
    const T = p.y.length;
    // bad[t] = number of days ≤ t with an incomplete input row
    const bad = new Int32Array(T + 1);
    for (let t = 0; t < T; t++) {
      let ok = true;
      for (let f = 0; f < F; f++) if (!Number.isFinite(p.x[t * F + f])) ok = false;
      bad[t + 1] = bad[t] + (ok ? 0 : 1);
    }
    const from = Math.max(dayNumber(start) - p.firstDay, L - 1);
    const to = Math.min(dayNumber(end) - p.firstDay, T - 1);
    for (let t = from; t <= to; t++) {
      if (bad[t + 1] - bad[t + 1 - L] > 0) continue;
      if (needTarget && !Number.isFinite(p.y[t])) continue;
      out.push({ basin: bi, end: t });
    }
  });
  return out;
}

export interface Batch {
  x: Tensor;
  statics: Tensor | null;
  y: Tensor;
  std: Tensor;
}

export function batchOf(basins: PreparedBasin[], samples: Sample[], L: number, F: number, device = "cpu"): Batch {
  const B = samples.length;
  const S = basins[0].statics.length;
  const x = new Float32Array(B * L * F);
  const s = new Float32Array(B * S);
  const y = new Float32Array(B);
  const std = new Float32Array(B);
  samples.forEach(({ basin, end }, i) => {
    const p = basins[basin];
    x.set(p.x.subarray((end - L + 1) * F, (end + 1) * F), i * L * F);
    s.set(p.statics, i * S);
    y[i] = p.y[end];
    std[i] = p.std;
  });
  const on = { device };
  return { x: tensor(x, [B, L, F], on), statics: S > 0 ? tensor(s, [B, S], on) : null, y: tensor(y, [B, 1], on), std: tensor(std, [B, 1], on) };
}
