// The one reader of delimited tables (CSV, semicolon, tab or whitespace separated) with one rule for
// gaps and errors: an empty cell, NaN, NA or a listed missing value is NaN; any other text where a
// number is expected is an error naming the file, line and column.
import { existsSync, readFileSync } from "node:fs";

export type Delimiter = "," | ";" | "\t" | "whitespace";

export interface TableOptions {
  /** default: guessed from the header line (tab, semicolon, comma, else whitespace) */
  delimiter?: Delimiter;
  /** values read as missing (NaN), e.g. -999 */
  missing?: number[];
  /** lines starting with this are skipped */
  comment?: string;
}

export interface Table {
  source: string;
  columns: string[];
  /** data rows, cells trimmed */
  rows: string[][];
  /** 1-based line number of each row in the file */
  lines: number[];
  missing: number[];
}

const gapTexts = new Set(["", "nan", "na", "n/a"]);

function guess(header: string): Delimiter {
  if (header.includes("\t")) return "\t";
  if (header.includes(";")) return ";";
  if (header.includes(",")) return ",";
  return "whitespace";
}

export function parseTable(text: string, source: string, o: TableOptions = {}): Table {
  const all = text.split(/\r?\n/);
  const numbered = all.map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => l.trim() !== "" && !(o.comment && l.trimStart().startsWith(o.comment)));
  if (numbered.length === 0) throw new Error(`${source}: empty; expected a header line`);
  const delimiter = o.delimiter ?? guess(numbered[0].l);
  const split = (l: string) => (delimiter === "whitespace" ? l.trim().split(/\s+/) : l.split(delimiter).map((c) => c.trim()));
  const columns = split(numbered[0].l);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined) throw new Error(`${source}:${numbered[0].n}: column '${dup}' appears twice`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const { l, n } of numbered.slice(1)) {
    const cells = split(l);
    // a trailing delimiter (LISFLOOD-FP's tab files) is not a column
    while (cells.length > columns.length && cells[cells.length - 1] === "") cells.pop();
    if (cells.length !== columns.length) throw new Error(`${source}:${n}: expected ${columns.length} fields (${columns.join(", ")}), found ${cells.length}`);
    rows.push(cells);
    lines.push(n);
  }
  return { source, columns, rows, lines, missing: o.missing ?? [] };
}

export function readTable(path: string, o: TableOptions = {}): Table {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  return parseTable(readFileSync(path, "utf8"), path, o);
}

export function hasColumn(t: Table, name: string): boolean {
  return t.columns.includes(name);
}

function indexOf(t: Table, name: string): number {
  const k = t.columns.indexOf(name);
  if (k < 0) throw new Error(`${t.source}: no column '${name}'; columns are ${t.columns.join(", ")}`);
  return k;
}

/** A cell as a number by the table's rule (NaN for gaps and missing values). */
export function cellNumber(t: Table, row: number, column: number): number {
  const text = t.rows[row][column];
  if (gapTexts.has(text.toLowerCase())) return NaN;
  const v = Number(text);
  if (Number.isNaN(v)) throw new Error(`${t.source}:${t.lines[row]}: column '${t.columns[column]}' has '${text}', expected a number`);
  return t.missing.includes(v) ? NaN : v;
}

export function textColumn(t: Table, name: string): string[] {
  const k = indexOf(t, name);
  return t.rows.map((r) => r[k]);
}

export function numberColumn(t: Table, name: string): Float64Array {
  const k = indexOf(t, name);
  return Float64Array.from(t.rows, (_, i) => cellNumber(t, i, k));
}

/** A column that must be complete: a gap is an error naming the line. */
export function requiredNumbers(t: Table, name: string): Float64Array {
  const v = numberColumn(t, name);
  const gap = v.findIndex((x) => !Number.isFinite(x));
  if (gap >= 0) throw new Error(`${t.source}:${t.lines[gap]}: column '${name}' has '${t.rows[gap][indexOf(t, name)]}', expected a number (gaps are not allowed)`);
  return v;
}

/** Times (or any key) that must increase strictly from row to row. */
export function increasingNumbers(t: Table, name: string): Float64Array {
  const v = requiredNumbers(t, name);
  for (let i = 1; i < v.length; i++)
    if (!(v[i] > v[i - 1])) throw new Error(`${t.source}:${t.lines[i]}: ${name} ${v[i]} does not follow ${v[i - 1]}; times must increase`);
  return v;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";
}
