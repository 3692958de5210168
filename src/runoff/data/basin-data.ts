// One basin's daily record on a gap-free day grid: every variable the source file has, NaN where
// a value is missing, and the file it came from for error messages.
import { dayNumber } from "../../util/dates.js";

export interface BasinData {
  basin: string;
  source: string;
  /** Day number (days since 1970-01-01) of index 0. */
  firstDay: number;
  days: number;
  variables: Map<string, Float64Array>;
}

export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function lastDay(d: BasinData): number {
  return d.firstDay + d.days - 1;
}

/** Puts rows with (possibly unordered, gappy) dates onto a continuous day grid. */
export function onDayGrid(basin: string, source: string, days: number[], columns: Map<string, ArrayLike<number>>): BasinData {
  if (days.length === 0) throw new Error(`${source}: no data rows`);
  let first = Infinity;
  let last = -Infinity;
  for (const d of days) {
    if (d < first) first = d;
    if (d > last) last = d;
  }
  const n = last - first + 1;
  const variables = new Map<string, Float64Array>();
  for (const [name, values] of columns) {
    const out = new Float64Array(n).fill(NaN);
    for (let r = 0; r < days.length; r++) out[days[r] - first] = values[r];
    variables.set(name, out);
  }
  return { basin, source, firstDay: first, days: n, variables };
}

/** Adds a series given on its own dates, aligned to the basin's grid (outside it: dropped). */
export function addAligned(d: BasinData, name: string, days: number[], values: ArrayLike<number>): void {
  const out = new Float64Array(d.days).fill(NaN);
  for (let r = 0; r < days.length; r++) {
    const i = days[r] - d.firstDay;
    if (i >= 0 && i < d.days) out[i] = values[r];
  }
  d.variables.set(name, out);
}

const stripUnit = (name: string) => name.replace(/\(.*\)$/, "").trim().toLowerCase();

/** A variable by its name: exact, then case-insensitive, then without the unit in brackets. */
export function variable(d: BasinData, name: string, role: string): Float64Array {
  const exact = d.variables.get(name);
  if (exact) return exact;
  const names = [...d.variables.keys()];
  const lower = names.find((n) => n.toLowerCase() === name.toLowerCase()) ?? names.find((n) => stripUnit(n) === stripUnit(name));
  if (lower) return d.variables.get(lower) as Float64Array;
  throw new Error(`${d.source}: no variable '${name}' (${role}); the file has ${names.join(", ")}`);
}

export function dateDay(year: number, month: number, day: number, source: string, line: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > 31)
    throw new Error(`${source}:${line}: '${year} ${month} ${day}' is not a date (year month day)`);
  return dayNumber(`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
}
