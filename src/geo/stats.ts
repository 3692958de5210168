// Band statistics from the pixels (never from metadata), excluding nodata and NaN; population
// standard deviation; sums in double precision.
import { Band, isValid } from "./raster.js";
import { RunningStats } from "../util/running-stats.js";

export interface BandStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
}

export function bandStats(band: Band): BandStats {
  const { data, nodata } = band;
  const s = new RunningStats();
  for (let i = 0; i < data.length; i++) if (isValid(data[i], nodata)) s.add(data[i]);
  if (s.count === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN };
  return { count: s.count, min: s.min, max: s.max, mean: s.mean, std: s.std };
}
