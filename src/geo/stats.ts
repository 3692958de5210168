// Band statistics from the pixels (never from metadata), excluding nodata and NaN; population
// standard deviation; sums in double precision.
import { Band, isValid } from "./raster.js";

export interface BandStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
}

export function bandStats(band: Band): BandStats {
  const { data, nodata } = band;
  let count = 0, min = Infinity, max = -Infinity, mean = 0, m2 = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!isValid(v, nodata)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - mean;
    mean += d / count;
    m2 += d * (v - mean);
  }
  if (count === 0) return { count, min: NaN, max: NaN, mean: NaN, std: NaN };
  return { count, min, max, mean, std: Math.sqrt(m2 / count) };
}
