// Design storms by the alternate-block method (Chow, Maidment & Mays 1988, §14.4): block depths from
// an IDF relation, the largest in the middle, the others alternately right and left of it.

export type Idf = { a: number; b: number; c: number } | { durations_min: number[]; intensities_mm_h: number[] };

/** Intensity (mm/h) for a duration (min): i = a / (t + b)^c, or log-log interpolation in a table. */
export function idfIntensity(idf: Idf, minutes: number): number {
  if ("a" in idf) return idf.a / (minutes + idf.b) ** idf.c;
  const d = idf.durations_min;
  const i = idf.intensities_mm_h;
  if (minutes <= d[0]) return i[0];
  if (minutes >= d[d.length - 1]) return i[i.length - 1];
  const k = d.findIndex((x) => x >= minutes);
  const f = (Math.log(minutes) - Math.log(d[k - 1])) / (Math.log(d[k]) - Math.log(d[k - 1]));
  return Math.exp(Math.log(i[k - 1]) + f * (Math.log(i[k]) - Math.log(i[k - 1])));
}

export interface Block {
  start_s: number;
  intensity_mm_h: number;
}

export function alternateBlock(idf: Idf, durationMin: number, stepMin: number): Block[] {
  const n = Math.round(durationMin / stepMin);
  if (!(n >= 1) || Math.abs(n * stepMin - durationMin) > 1e-9) throw new Error(`storm: the duration (${durationMin} min) must be a whole number of steps (${stepMin} min)`);
  if ("durations_min" in idf && idf.durations_min.length !== idf.intensities_mm_h.length) throw new Error("storm: IDF table durations and intensities differ in length");
  const cumulative = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 0 : (idfIntensity(idf, k * stepMin) * k * stepMin) / 60));
  const depths = Array.from({ length: n }, (_, k) => cumulative[k + 1] - cumulative[k]);
  const order = new Array<number>(n);
  const centre = Math.floor((n - 1) / 2);
  // largest at the centre, then alternately after and before it
  for (let k = 0; k < n; k++) order[k] = centre + (k % 2 === 1 ? (k + 1) / 2 : -k / 2);
  const placed = new Array<number>(n).fill(0);
  depths.forEach((dep, k) => (placed[order[k]] = dep));
  return placed.map((dep, k) => ({ start_s: k * stepMin * 60, intensity_mm_h: (dep * 60) / stepMin }));
}
