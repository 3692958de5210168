// The basins of one period, loaded, checked against the period's dates and normalized with the
// run's training statistics.
import { RunoffConfig, Period, basinFileFor, periodDates } from "./config.js";
import { loadBasin, readBasinFile } from "./data/basins.js";
import { Normalization, PreparedBasin, checkPeriod, prepareBasin } from "./data/samples.js";
import { StaticVectors } from "./statics.js";
import { benchmarkVariable, datasetSpec } from "./run-dir.js";

export interface PeriodData {
  period: Period;
  start: string;
  end: string;
  basins: PreparedBasin[];
}

export function preparePeriod(cfg: RunoffConfig, norm: Normalization, statics: StaticVectors, period: Period, source: string): PeriodData {
  const [start, end] = periodDates(cfg, period, source);
  const spec = datasetSpec(cfg);
  const ids = readBasinFile(basinFileFor(cfg, period));
  const bench = benchmarkVariable(cfg);
  const basins = ids.map((id) => {
    const d = loadBasin(spec, id);
    checkPeriod(d, start, end, `${period} period`);
    const s = statics.byBasin.get(id);
    if (!s) throw new Error(`${source}: basin ${id} has no static vector in the run (it was not among the basins when training started)`);
    return prepareBasin(d, norm, s, bench);
  });
  return { period, start, end, basins };
}
