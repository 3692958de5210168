// Many-to-one samples from one basin's daily table: seq_length days of inputs → the last day's
// target. Normalization statistics come from the training period only.
import { NumericTable, column, readNumericCsv } from "../../util/csv.js";
import { dayNumber } from "../../util/dates.js";
import { RunningStats } from "../../util/running-stats.js";
import { QuickstartConfig } from "./config.js";

export interface Normalization {
  inputs: { name: string; mean: number; std: number }[];
  target: { name: string; mean: number; std: number };
}

export interface BasinSeries {
  table: NumericTable;
  dates: string[];
  inputs: Float64Array[];
  target: Float64Array;
}

export function loadBasin(cfg: QuickstartConfig, dataPath: string): BasinSeries {
  const table = readNumericCsv(dataPath);
  for (let i = 1; i < table.keys.length; i++) {
    if (dayNumber(table.keys[i]) !== dayNumber(table.keys[i - 1]) + 1)
      throw new Error(`${dataPath}:${i + 2}: date ${table.keys[i]} does not follow ${table.keys[i - 1]}; daily rows without gaps are expected`);
  }
  const first = table.keys[0];
  const last = table.keys[table.keys.length - 1];
  for (const [k, d] of [["train_start_date", cfg.train_start_date], ["test_end_date", cfg.test_end_date]] as const) {
    if (d < first || d > last) throw new Error(`${dataPath}: ${k} ${d} is outside the data (${first} … ${last})`);
  }
  const inputs = cfg.dynamic_inputs.map((name) => column(table, name));
  inputs.forEach((x, k) => {
    const bad = x.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${dataPath}:${bad + 2}: input '${cfg.dynamic_inputs[k]}' is missing on ${table.keys[bad]}; inputs must be complete`);
  });
  return { table, dates: table.keys, inputs, target: column(table, cfg.target) };
}

function meanStd(x: Float64Array, from: number, to: number): { mean: number; std: number } {
  const s = new RunningStats();
  for (let i = from; i <= to; i++) if (Number.isFinite(x[i])) s.add(x[i]);
  return { mean: s.mean, std: s.std > 0 ? s.std : 1 };
}

export function indexOfDate(series: BasinSeries, date: string): number {
  return dayNumber(date) - dayNumber(series.dates[0]);
}

export function fitNormalization(cfg: QuickstartConfig, s: BasinSeries): Normalization {
  const a = indexOfDate(s, cfg.train_start_date);
  const b = indexOfDate(s, cfg.train_end_date);
  return {
    inputs: cfg.dynamic_inputs.map((name, k) => ({ name, ...meanStd(s.inputs[k], a, b) })),
    target: { name: cfg.target, ...meanStd(s.target, a, b) },
  };
}

/** Normalized inputs, time-major [T][F] flattened, for the whole table. */
export function normalizedInputs(s: BasinSeries, norm: Normalization): Float32Array {
  const T = s.dates.length;
  const F = s.inputs.length;
  const out = new Float32Array(T * F);
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) out[t * F + f] = (s.inputs[f][t] - norm.inputs[f].mean) / norm.inputs[f].std;
  return out;
}

/** End indices of samples in [from, to] that have a full input window and an observed target. */
export function sampleEnds(s: BasinSeries, seqLength: number, from: number, to: number, needTarget: boolean): number[] {
  const ends: number[] = [];
  for (let t = Math.max(from, seqLength - 1); t <= to; t++) if (!needTarget || Number.isFinite(s.target[t])) ends.push(t);
  return ends;
}
