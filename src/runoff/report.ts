// What an evaluation writes for a period: metrics.csv (one row per basin), predictions/<basin>.csv,
// hydrographs/<basin>.png for chosen basins and nse_cdf.png. Shared by single runs and ensembles.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { alphaNse, betaNse, fhv, flv, kge, median, nse, peakTiming } from "../metrics/index.js";
import { writeLineChart } from "../viz/chart.js";
import { isoOfDay } from "./data/basin-data.js";
import { BasinSeries } from "./predict.js";

export interface BasinMetrics {
  basin: string;
  NSE: number;
  KGE: number;
  "Alpha-NSE": number;
  "Beta-NSE": number;
  FHV: number;
  FLV: number;
  "Peak-Timing": number;
  benchmark_NSE: number;
}

const METRIC_KEYS = ["NSE", "KGE", "Alpha-NSE", "Beta-NSE", "FHV", "FLV", "Peak-Timing", "benchmark_NSE"] as const;

function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return NaN;
  }
}

export function basinMetrics(s: BasinSeries): BasinMetrics {
  const obs = s.observed;
  const sim = s.simulated;
  // every metric on the days where both exist, like neuralhydrology's masking
  const both = Array.from(obs, (o, i) => Number.isFinite(o) && Number.isFinite(sim[i]));
  const o = obs.filter((_, i) => both[i]);
  const m = sim.filter((_, i) => both[i]);
  return {
    basin: s.basin,
    NSE: safe(() => nse(o, m)),
    KGE: safe(() => kge(o, m)),
    "Alpha-NSE": safe(() => alphaNse(o, m)),
    "Beta-NSE": safe(() => betaNse(o, m)),
    FHV: safe(() => fhv(o, m)),
    FLV: safe(() => flv(o, m)),
    "Peak-Timing": safe(() => peakTiming(obs.map((v) => (Number.isFinite(v) ? v : -Infinity)), sim)),
    benchmark_NSE: s.benchmark ? safe(() => nse(obs, s.benchmark as Float64Array)) : NaN,
  };
}

export { median };

export interface PeriodReport {
  dir: string;
  metrics: BasinMetrics[];
  medianNse: number;
  medianBenchmarkNse: number;
}

const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : "");

export function writePeriodReport(dir: string, period: string, series: BasinSeries[], label: string, plotBasins: string[]): PeriodReport {
  const unknown = plotBasins.find((b) => !series.some((x) => x.basin === b));
  if (unknown) throw new Error(`plot_basins: basin ${unknown} is not among the ${period} basins (${series.map((x) => x.basin).join(", ")})`);
  mkdirSync(join(dir, "predictions"), { recursive: true });
  const metrics = series.map(basinMetrics);
  const hasBenchmark = series.some((s) => s.benchmark);
  const keys = METRIC_KEYS.filter((k) => hasBenchmark || k !== "benchmark_NSE");
  writeFileAtomic(join(dir, "metrics.csv"), toCsv(["basin", ...keys], metrics.map((m) => [m.basin, ...keys.map((k) => fmt(m[k]))])));
  for (const s of series) {
    const head = ["date", "observed", "simulated", ...(s.benchmark ? ["benchmark"] : [])];
    const rows = s.days.map((d, i) => [isoOfDay(d), fmt(s.observed[i]), fmt(s.simulated[i]), ...(s.benchmark ? [fmt(s.benchmark[i])] : [])]);
    writeFileAtomic(join(dir, "predictions", `${s.basin}.csv`), toCsv(head, rows));
  }
  for (const b of plotBasins) {
    const s = series.find((x) => x.basin === b) as BasinSeries;
    const m = metrics.find((x) => x.basin === b) as BasinMetrics;
    mkdirSync(join(dir, "hydrographs"), { recursive: true });
    writeLineChart(
      join(dir, "hydrographs", `${b}.png`),
      [
        { label: "observed", x: s.days, y: s.observed, color: "#111111", width: 1.3 },
        { label: `${label} (NSE ${fmt(m.NSE, 3)})`, x: s.days, y: s.simulated, color: "#1f77b4" },
        ...(s.benchmark ? [{ label: `benchmark (NSE ${fmt(m.benchmark_NSE, 3)})`, x: s.days, y: s.benchmark, color: "#d62728", width: 1 }] : []),
      ],
      { title: `Basin ${b}, ${period} period ${isoOfDay(s.days[0])} … ${isoOfDay(s.days[s.days.length - 1])}`, xLabel: "date", yLabel: "runoff (mm/day)", width: 1400, xTickFormat: (d) => isoOfDay(d).slice(0, 7) },
    );
  }
  const cdf = (values: number[]) => {
    const v = values.filter(Number.isFinite).map((x) => Math.max(x, -1)).sort((a, b) => a - b);
    return { x: v.flatMap((x) => [x, x]), y: v.flatMap((_, i) => [i / v.length, (i + 1) / v.length]) };
  };
  writeLineChart(
    join(dir, "nse_cdf.png"),
    [
      { label: `${label} (median ${fmt(median(metrics.map((m) => m.NSE)), 3)})`, ...cdf(metrics.map((m) => m.NSE)), color: "#1f77b4" },
      ...(hasBenchmark ? [{ label: `benchmark (median ${fmt(median(metrics.map((m) => m.benchmark_NSE)), 3)})`, ...cdf(metrics.map((m) => m.benchmark_NSE)), color: "#d62728" }] : []),
    ],
    { title: `CDF of NSE over ${series.length} basin${series.length > 1 ? "s" : ""}, ${period} period (values below −1 drawn at −1)`, xLabel: "NSE", yLabel: "fraction of basins", xRange: [0, 1] },
  );
  return { dir, metrics, medianNse: median(metrics.map((m) => m.NSE)), medianBenchmarkNse: median(metrics.map((m) => m.benchmark_NSE)) };
}
