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

export interface DesignStorm {
  blocks: Block[];
  step_s: number;
  duration_s: number;
  total_mm: number;
  peak_mm_h: number;
}

/** The alternate-block storm of a duration and block length (seconds), with its total depth and peak. */
export function designStorm(idf: Idf, durationS: number, stepS: number): DesignStorm {
  const blocks = alternateBlock(idf, durationS / 60, stepS / 60);
  const total = blocks.reduce((s, b) => s + (b.intensity_mm_h * stepS) / 3600, 0);
  return { blocks, step_s: stepS, duration_s: durationS, total_mm: total, peak_mm_h: Math.max(...blocks.map((b) => b.intensity_mm_h)) };
}

/**
 * The hyetograph CSV that `flood simulate --rain` reads: one row per block, then a zero row at the
 * storm's end, so the length of the last block is written down (also for a single block).
 */
export function stormCsvRows(s: DesignStorm): (string | number)[][] {
  return [...s.blocks.map((b) => [b.start_s, b.intensity_mm_h.toFixed(3)]), [s.duration_s, "0.000"]];
}

/** Step-shaped series for a chart of the storm (minutes, mm/h). */
export function stormChartSeries(s: DesignStorm): { x: number[]; y: number[] } {
  return {
    x: s.blocks.flatMap((b) => [b.start_s / 60, (b.start_s + s.step_s) / 60 - 1e-9]),
    y: s.blocks.flatMap((b) => [b.intensity_mm_h, b.intensity_mm_h]),
  };
}

export function parseIdf(text: string, what: string): Idf {
  const p = text.split(",").map(Number);
  if (p.length !== 3 || !p.every(Number.isFinite)) throw new Error(`${what}: expected a,b,c, got '${text}'`);
  return { a: p[0], b: p[1], c: p[2] };
}
