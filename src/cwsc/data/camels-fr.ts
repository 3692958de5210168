// camels_fr_19: 19 French catchments, daily. Calendar-month sums of precipitation and (Oudin) PET;
// a month's runoff is the sum of its days and missing if any day is. The label cells are a disk of
// the catchment's area around its outlet (the only point given).
import { join } from "node:path";
import { MonthlyBasin } from "./basin.js";
import { cellsAround } from "./lattice.js";
import { columnIndex, numberAt, readTextTable } from "./text-table.js";

export function loadCamelsFr(dir: string): MonthlyBasin[] {
  const meta = readTextTable(join(dir, "catchments_meta.csv"));
  const [code, lon, lat, area] = ["code_h3", "lon", "lat", "area_km2"].map((c) => columnIndex(meta, c));
  return meta.rows.map((row, r) => {
    const file = join(dir, "daily", `${row[code]}.csv`);
    const monthly = monthlySums(file);
    const lo = numberAt(meta, r, lon);
    const la = numberAt(meta, r, lat);
    const a = numberAt(meta, r, area);
    const { t, ...series } = monthly;
    return {
      id: row[code],
      dataset: "camels_fr",
      source: file,
      ...series,
      cells: cellsAround(lo, la, a),
      lon: lo,
      lat: la,
      areaKm2: a,
      petSource: "data set (Oudin)",
      temperature: { parts: [t], weights: [1], climatology: false, source: "data set (Temp_degC, monthly mean)" },
    };
  });
}

/**
 * Calendar-month sums of a daily file with date, Ptot_mm_d, Evap_mm_d, Q_mm_d, and the monthly mean
 * of Temp_degC; a month with a missing day is missing.
 */
export function monthlySums(file: string): { start: string; p: Float64Array; pet: Float64Array; q: Float64Array; t: Float64Array } {
  const t = readTextTable(file);
  const [date, p, e, q, temp] = ["date", "Ptot_mm_d", "Evap_mm_d", "Q_mm_d", "Temp_degC"].map((c) => columnIndex(t, c));
  const months: string[] = [];
  const sums: number[][] = [];
  const days: number[] = [];
  t.rows.forEach((row, i) => {
    const m = row[date].slice(0, 7);
    if (months[months.length - 1] !== m) {
      months.push(m);
      sums.push([0, 0, 0, 0]);
      days.push(0);
    }
    const s = sums[sums.length - 1];
    s[0] += numberAt(t, i, p);
    s[1] += numberAt(t, i, e);
    s[2] += numberAt(t, i, q);
    s[3] += numberAt(t, i, temp);
    days[days.length - 1]++;
  });
  // a partial first or last month is dropped; a partial month inside the record is a gap (NaN)
  const full = months.map((m, k) => days[k] === new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).getUTCDate());
  const first = full.indexOf(true);
  const last = full.lastIndexOf(true);
  if (first < 0) throw new Error(`${file}: no complete calendar month`);
  const keep = sums.slice(first, last + 1).map((s, k) => (full[first + k] ? s : [NaN, NaN, NaN, NaN]));
  return {
    start: months[first],
    p: Float64Array.from(keep, (s) => s[0]),
    pet: Float64Array.from(keep, (s) => s[1]),
    q: Float64Array.from(keep, (s) => s[2]),
    t: Float64Array.from(keep, (s, k) => s[3] / days[first + k]),
  };
}
