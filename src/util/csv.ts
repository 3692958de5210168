// Numeric CSV tables (a header line, comma-separated, no quoting) with errors that name the file,
// line and column.
import { existsSync, readFileSync } from "node:fs";

export interface NumericTable {
  path: string;
  columns: string[];
  /** First column as text (dates, ids). */
  keys: string[];
  values: Map<string, Float64Array>;
}

/** Reads a CSV whose first column is a key and the rest numbers; `missing` values become NaN. */
export function readNumericCsv(path: string, missing: number[] = [-999]): NumericTable {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new Error(`${path}: expected a header line and at least one row`);
  const columns = lines[0].split(",").map((c) => c.trim());
  const n = lines.length - 1;
  const keys: string[] = new Array(n);
  const values = new Map(columns.slice(1).map((c) => [c, new Float64Array(n)]));
  const arrays = columns.slice(1).map((c) => values.get(c) as Float64Array);
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(",");
    if (cells.length !== columns.length) throw new Error(`${path}:${r + 2}: expected ${columns.length} fields, found ${cells.length}`);
    keys[r] = cells[0].trim();
    for (let c = 1; c < cells.length; c++) {
      const text = cells[c].trim();
      const v = text === "" || text.toLowerCase() === "nan" ? NaN : Number(text);
      if (Number.isNaN(v) && text !== "" && text.toLowerCase() !== "nan")
        throw new Error(`${path}:${r + 2}: column '${columns[c]}' has '${text}', expected a number`);
      arrays[c - 1][r] = missing.includes(v) ? NaN : v;
    }
  }
  return { path, columns, keys, values };
}

export function column(table: NumericTable, name: string): Float64Array {
  const c = table.values.get(name);
  if (!c) throw new Error(`${table.path}: no column '${name}'; columns are ${table.columns.slice(1).join(", ")}`);
  return c;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";
}
