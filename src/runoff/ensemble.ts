// `catchment runoff ensemble`: the mean of several runs' predictions per basin and day (Kratzert
// et al. 2019 average 8 seeds, Li et al. 2022 five), with the ensemble's own metrics.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { numberColumn, readTable, textColumn } from "../util/table.js";
import { dayNumber } from "../util/dates.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { Period } from "./config.js";
import { evaluateRun } from "./evaluate.js";
import { BasinSeries } from "./predict.js";
import { PeriodReport, writePeriodReport } from "./report.js";
import { readRunFiles } from "./run-dir.js";

function readPredictions(path: string, basin: string): BasinSeries {
  const t = readTable(path, { delimiter: "," });
  return {
    basin,
    days: textColumn(t, "date").map((k) => dayNumber(k)),
    observed: numberColumn(t, "observed"),
    simulated: numberColumn(t, "simulated"),
    benchmark: t.columns.includes("benchmark") ? numberColumn(t, "benchmark") : null,
  };
}

export function ensembleRuns(runDirs: string[], out: string, period: Period, plotBasins?: string[], device = "cpu"): PeriodReport {
  if (runDirs.length < 2) throw new Error(`--runs: an ensemble needs at least two run folders, got ${runDirs.length}`);
  const members = runDirs.map((dir) => {
    const preds = join(dir, period, "predictions");
    if (!existsSync(preds)) evaluateRun(dir, period, undefined, device);
    const files = readdirSync(preds).filter((f) => f.endsWith(".csv")).sort();
    return { dir, series: files.map((f) => readPredictions(join(preds, f), f.slice(0, -4))) };
  });
  const first = members[0];
  const series = first.series.map((s0) => {
    const sum = new Float64Array(s0.days.length);
    const count = new Int32Array(s0.days.length);
    for (const m of members) {
      const s = m.series.find((x) => x.basin === s0.basin);
      if (!s) throw new Error(`${join(m.dir, period, "predictions")}: no predictions for basin ${s0.basin}, which ${first.dir} has`);
      if (s.days.length !== s0.days.length || s.days[0] !== s0.days[0])
        throw new Error(`${join(m.dir, period, "predictions", `${s0.basin}.csv`)}: covers other days than ${first.dir}; members must share the period`);
      s.simulated.forEach((v, i) => {
        if (Number.isFinite(v)) {
          sum[i] += v;
          count[i]++;
        }
      });
    }
    return { ...s0, simulated: Float64Array.from(sum, (v, i) => (count[i] === members.length ? v / count[i] : NaN)) };
  });
  for (const m of members.slice(1)) {
    const extra = m.series.find((s) => !first.series.some((x) => x.basin === s.basin));
    if (extra) throw new Error(`${join(m.dir, period, "predictions")}: basin ${extra.basin} is not in ${first.dir}`);
  }
  const { cfg } = readRunFiles(first.dir);
  const report = writePeriodReport(join(out, period), period, series, `ensemble of ${members.length}`, plotBasins ?? cfg.plot_basins ?? series.slice(0, 4).map((s) => s.basin));
  writeFileAtomic(join(out, "ensemble.json"), JSON.stringify({ period, members: runDirs }, null, 2) + "\n");
  return report;
}
