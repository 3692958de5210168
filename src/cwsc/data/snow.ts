// A snow store in front of the monthly models, with the fixed parameters of the USGS monthly water
// balance model (McCabe & Markstrom 2007, below 1,000 m): the fraction of a month's precipitation
// falling as snow goes linearly from 1 at −10 °C to 0 at +3.3 °C, and the fraction of the pack that
// melts is the same ramp read the other way times 0.5, the most that melts in a month. The models get
// the liquid input rain + melt. Water is conserved: P = liquid + Δpack. Without a snow store the
// monthly models fit snowmelt-fed basins with spurious storage capacities (a winter of precipitation
// appears as runoff months later).
export const SNOW_ALL_BELOW = -10;
export const RAIN_ALL_ABOVE = 3.3;
export const MAX_MELT_FRACTION = 0.5;

/** Liquid water input per month from precipitation and mean air temperature; also returns the pack at the end of each month. */
export function snowRoutine(p: ArrayLike<number>, t: ArrayLike<number>, pack0 = 0): { liquid: Float64Array; pack: Float64Array } {
  const n = p.length;
  const liquid = new Float64Array(n);
  const pack = new Float64Array(n);
  let sp = pack0;
  const span = RAIN_ALL_ABOVE - SNOW_ALL_BELOW;
  for (let i = 0; i < n; i++) {
    const warm = Math.min(1, Math.max(0, (t[i] - SNOW_ALL_BELOW) / span));
    const snow = (1 - warm) * p[i];
    sp += snow;
    const melt = Math.min(MAX_MELT_FRACTION, warm * MAX_MELT_FRACTION) * sp;
    sp -= melt;
    liquid[i] = p[i] - snow + melt;
    pack[i] = sp;
  }
  return { liquid, pack };
}

import { MonthlyBasin, parseMonth } from "./basin.js";

/**
 * The water input of a basin to the models: precipitation through the snow store of each part of
 * the basin, weighted; the precipitation itself where there is no temperature.
 */
export function waterInput(b: MonthlyBasin): Float64Array {
  const temp = b.temperature;
  if (!temp) return b.p;
  const n = b.p.length;
  const first = parseMonth(b.start, b.source).month - 1;
  const out = new Float64Array(n);
  const total = temp.weights.reduce((a, w) => a + w, 0);
  const series = new Float64Array(n);
  temp.parts.forEach((part, k) => {
    for (let i = 0; i < n; i++) series[i] = temp.climatology ? part[(first + i) % 12] : part[i];
    const { liquid } = snowRoutine(b.p, series);
    const w = temp.weights[k] / total;
    for (let i = 0; i < n; i++) out[i] += w * liquid[i];
  });
  return out;
}
