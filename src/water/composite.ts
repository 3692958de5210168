// Clear-sky median composites of a time series: per pixel and band, the median over the dates whose
// QA says clear (land or water, no cloud, shadow, snow, cirrus or fill) and whose value is valid.
import { Band, isValid } from "../geo/raster.js";
import { QaFlags } from "./qa.js";

export interface CompositeResult {
  bands: Band[];
  /** Number of clear dates with a valid value of the first band, per pixel. */
  count: Uint16Array;
}

export function isClear(flags: QaFlags, i: number): boolean {
  return flags.clear[i] === 1 && !flags.fill[i] && !flags.cloud[i] && !flags.shadow[i] && !flags.snow[i] && !flags.cirrus[i];
}

function median(values: Float64Array, n: number): number {
  const v = values.subarray(0, n).sort();
  const h = n >> 1;
  return n % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * series[b][t]: band b on date t (all the same size); qa[t]: the decoded QA of date t.
 * Pixels without a clear date are NaN.
 */
export function clearSkyMedian(names: string[], series: Band[][], qa: QaFlags[]): CompositeResult {
  if (series.length !== names.length) throw new Error(`composite: ${names.length} band names for ${series.length} band series`);
  const dates = qa.length;
  for (const [b, s] of series.entries())
    if (s.length !== dates) throw new Error(`composite: band '${names[b]}' has ${s.length} dates, the QA series ${dates}`);
  const n = qa[0]?.fill.length ?? 0;
  const count = new Uint16Array(n);
  const buffer = new Float64Array(dates);
  const bands: Band[] = names.map((name, b) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let t = 0; t < dates; t++) {
        const band = series[b][t];
        const v = band.data[i];
        if (isClear(qa[t], i) && isValid(v, band.nodata)) buffer[k++] = v;
      }
      out[i] = k ? median(buffer, k) : NaN;
      if (b === 0) count[i] = k;
    }
    return { name, type: "Float32", nodata: NaN, data: out };
  });
  return { bands, count };
}
