// A basin with monthly series for calibration: precipitation, PET and observed runoff in mm per
// month from its first month on, and the 0.5° lattice cells its label belongs to.

export interface MonthlyBasin {
  id: string;
  dataset: string;
  /** Source of the series, for error messages (a file or folder). */
  source: string;
  /** First month, "YYYY-MM". */
  start: string;
  p: Float64Array;
  pet: Float64Array;
  /** Observed runoff; NaN where missing. */
  q: Float64Array;
  /** Lattice cells of the basin (where its calibrated capacity is attached as a label). */
  cells: Int32Array;
  lon: number;
  lat: number;
  areaKm2: number | null;
  /** How PET was obtained. */
  petSource: string;
  /** Air temperature for the snow store, or null where the data set has none (no snow). */
  temperature: BasinTemperature | null;
}

/**
 * Monthly mean air temperature (°C) of one or more parts of a basin (its cells), with their weights:
 * either a series per part (one value per month) or a climatology per part (12 values, January
 * first, repeated every year from the basin's first month).
 */
export interface BasinTemperature {
  parts: ArrayLike<number>[];
  weights: number[];
  climatology: boolean;
  source: string;
}

export function parseMonth(text: string, source: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`${source}: '${text}' is not a month (expected YYYY-MM or YYYY-MM-DD)`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
export const monthLabel = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/** Month labels of a basin's record. */
export function monthsOf(b: MonthlyBasin): string[] {
  const { year, month } = parseMonth(b.start, b.source);
  const first = monthIndex(year, month);
  return Array.from({ length: b.p.length }, (_, t) => monthLabel(first + t));
}

/**
 * Checks a basin before any calibration: complete, non-negative precipitation and PET, and more
 * months than the warm-up with observed runoff after it. Throws one line naming the basin, its
 * source, the field and the month.
 */
export function checkBasin(b: MonthlyBasin, warmUp: number, minScored = 12): void {
  const months = monthsOf(b);
  const where = `${b.source}: basin '${b.id}'`;
  for (const [field, series] of [["precipitation", b.p], ["PET", b.pet]] as const) {
    if (series.length !== b.p.length) throw new Error(`${where}: ${field} has ${series.length} months, precipitation ${b.p.length}`);
    for (let t = 0; t < series.length; t++) {
      const v = series[t];
      if (!Number.isFinite(v)) throw new Error(`${where}: ${field} is missing in ${months[t]} (gaps are not allowed in the forcing)`);
      if (v < 0) throw new Error(`${where}: ${field} is negative (${v}) in ${months[t]}; expected mm per month ≥ 0`);
    }
  }
  if (b.q.length !== b.p.length) throw new Error(`${where}: runoff has ${b.q.length} months, precipitation ${b.p.length}`);
  if (b.p.length <= warmUp) throw new Error(`${where}: ${b.p.length} months, not more than the warm-up of ${warmUp} months`);
  let scored = 0;
  for (let t = warmUp; t < b.q.length; t++) if (Number.isFinite(b.q[t])) scored++;
  if (scored < minScored)
    throw new Error(`${where}: ${scored} months of observed runoff after the ${warmUp}-month warm-up; at least ${minScored} are needed to calibrate`);
  for (let t = 0; t < b.q.length; t++) if (b.q[t] < 0) throw new Error(`${where}: runoff is negative (${b.q[t]}) in ${months[t]}`);
  if (b.cells.length === 0) throw new Error(`${where}: no 0.5° cell is attached to the basin`);
  if (b.temperature && !b.temperature.climatology)
    for (const part of b.temperature.parts)
      for (let t = 0; t < b.p.length; t++) if (!Number.isFinite(part[t])) throw new Error(`${where}: temperature is missing in ${months[t]} (gaps are not allowed in the forcing)`);
}
