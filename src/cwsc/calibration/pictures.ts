// Pictures of a calibration: the distribution of KGE over basins per model, and hydrographs of
// chosen basins (observed against each model with the joint parameters).
import { join } from "node:path";
import { writeLineChart, Series } from "../../viz/chart.js";
import { MonthlyBasin, monthsOf } from "../data/basin.js";
import { WaterBalanceModel } from "../models/model.js";
import { ForcingSet, simulate } from "../models/simulate.js";
import { Objective } from "./objective.js";
import type { BasinCalibration, StageResult } from "./calibrate.js";

export function writeKgeCdf(path: string, basins: BasinCalibration[], models: string[], joint: boolean): void {
  const cdf = (label: string, values: number[]): Series => {
    const v = values.filter(Number.isFinite).map((k) => Math.max(k, -1)).sort((a, b) => a - b);
    return { label, x: v, y: v.map((_, i) => (i + 1) / v.length) };
  };
  const series = models.map((m) => cdf(`${m} alone`, basins.map((b) => b.single[m].kge)));
  if (joint) series.push({ ...cdf("joint (mean of the three, shared capacity)", basins.map((b) => b.joint?.mean ?? NaN)), color: "#000000", width: 2.4 });
  writeLineChart(path, series, { title: `KGE over ${basins.length} basins (values below −1 drawn at −1)`, xLabel: "KGE", yLabel: "fraction of basins ≤ KGE" });
}

export function writeHydrographs(
  dir: string,
  basins: MonthlyBasin[],
  chosen: string[],
  models: WaterBalanceModel[],
  forcing: ForcingSet,
  results: BasinCalibration[],
  stages: Record<string, StageResult>,
  joint: Objective | null,
  warmUp: number,
): void {
  for (const id of chosen) {
    const i = basins.findIndex((b) => b.id === id);
    const b = basins[i];
    const months = monthsOf(b);
    const series: Series[] = [{ label: "observed", y: b.q, color: "#000000", width: 2 }];
    models.forEach((m, mi) => {
      const params = joint ? joint.modelParameters(mi, stages.joint.params[i].map((v) => Float64Array.of(v))) : stages[m.name].params[i].map((v) => Float64Array.of(v));
      const q = simulate(m, forcing, Int32Array.of(i), params, { warmUp, series: true }).q?.[0] as Float64Array;
      const kge = joint ? results[i].joint?.kge[m.name] : results[i].single[m.name].kge;
      series.push({ label: `${m.title} (KGE ${kge?.toFixed(2)})`, y: q.map((v, t) => (t < warmUp ? NaN : v)) });
    });
    const r = results[i];
    const title = `${id}: ${joint ? `joint calibration, capacity ${r.capacity.toFixed(0)} mm, mean KGE ${r.labelKge.toFixed(2)}` : "single-model calibrations"} (warm-up not shown)`;
    writeLineChart(join(dir, `${id.replace(/[^A-Za-z0-9_.-]+/g, "_")}.png`), series, {
      title,
      xLabel: "month",
      yLabel: "runoff (mm/month)",
      width: 1400,
      xTickFormat: (t) => months[Math.round(t)] ?? "",
    });
  }
}
