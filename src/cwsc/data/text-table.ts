// Small readers for the text tables of the monthly data sets: comment lines, quoted fields.
import { existsSync, readFileSync } from "node:fs";

export interface TextTable {
  path: string;
  header: string[];
  rows: string[][];
}

/** Splits one CSV line, honouring double quotes (a quoted field may hold commas). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** A CSV with a header row; lines starting with `comment` are skipped. */
export function readTextTable(path: string, comment = "#"): TextTable {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  const lines = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.startsWith(comment));
  if (lines.length < 1) throw new Error(`${path}: no header line`);
  const header = splitCsvLine(lines[0]);
  const rows = lines.slice(1).map((l, i) => {
    const r = splitCsvLine(l);
    if (r.length !== header.length) throw new Error(`${path}: a data row (${i + 1}) has ${r.length} fields, the header ${header.length}`);
    return r;
  });
  return { path, header, rows };
}

export function columnIndex(t: TextTable, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`${t.path}: no column '${name}'; columns are ${t.header.join(", ")}`);
  return i;
}

/** A numeric field; empty, NA and NaN become NaN, anything else that is not a number is an error. */
export function numberAt(t: TextTable, row: number, col: number): number {
  const text = t.rows[row][col];
  if (text === "" || text === "NA" || text.toLowerCase() === "nan") return NaN;
  const v = Number(text);
  if (Number.isNaN(v)) throw new Error(`${t.path}: column '${t.header[col]}' has '${text}' in data row ${row + 1}, expected a number`);
  return v;
}
