// Whitespace-separated CAMELS tables whose rows start with year, month and day columns (forcing and
// model_output files): the days and one numeric column per remaining field.
import { dateDay } from "./basin-data.js";

export interface DatedColumns {
  days: number[];
  columns: Map<string, Float64Array>;
}

/**
 * `headerIndex` is the 0-based line holding the column names; `dateNames` are the year, month and
 * day columns and `skip` other non-data columns (matched case-insensitively); `missing(v)` marks flags.
 */
export function readDatedColumns(path: string, lines: string[], headerIndex: number, dateNames: [string, string, string], skip: string[], missing: (v: number) => boolean): DatedColumns {
  const header = lines[headerIndex] ?? "";
  const names = header.trim().split(/\s+/);
  const lower = names.map((n) => n.toLowerCase());
  const [iy, im, id] = dateNames.map((n) => lower.indexOf(n.toLowerCase()));
  if (iy < 0 || im < 0 || id < 0) throw new Error(`${path}:${headerIndex + 1}: expected columns ${dateNames.join(" ")} …, found '${header}'`);
  const nonData = [...dateNames, ...skip].map((n) => n.toLowerCase());
  const dataCols = names.map((n, i) => [n, i] as const).filter(([n]) => !nonData.includes(n.toLowerCase()));
  const rows = lines.slice(headerIndex + 1).filter((l) => l.trim() !== "");
  const days: number[] = new Array(rows.length);
  const columns = new Map(dataCols.map(([n]) => [n, new Float64Array(rows.length)]));
  rows.forEach((row, r) => {
    const line = headerIndex + 2 + r;
    const f = row.trim().split(/\s+/);
    if (f.length !== names.length) throw new Error(`${path}:${line}: expected ${names.length} fields, found ${f.length}`);
    days[r] = dateDay(Number(f[iy]), Number(f[im]), Number(f[id]), path, line);
    for (const [n, i] of dataCols) {
      const v = Number(f[i]);
      if (Number.isNaN(v)) throw new Error(`${path}:${line}: column '${n}' has '${f[i]}', expected a number`);
      (columns.get(n) as Float64Array)[r] = missing(v) ? NaN : v;
    }
  });
  return { days, columns };
}
