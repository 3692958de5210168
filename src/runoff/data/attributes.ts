// Static catchment attributes: CAMELS `camels_*.txt` (semicolon-separated, keyed by the 8-character
// gauge_id) or a generic `attributes.csv` keyed by basin_id.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** attribute → basin → value; also where each attribute came from. */
export interface AttributeTable {
  values: Map<string, Map<string, number>>;
  source: Map<string, string>;
}

function readDelimited(path: string, sep: string, key: string, into: AttributeTable): void {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const head = lines[0].split(sep).map((h) => h.trim());
  const k = head.indexOf(key);
  if (k < 0) throw new Error(`${path}:1: no '${key}' column`);
  for (let c = 0; c < head.length; c++) {
    if (c === k) continue;
    const col = new Map<string, number>();
    for (let r = 1; r < lines.length; r++) {
      const cells = lines[r].split(sep);
      const text = (cells[c] ?? "").trim();
      // categorical fields (text) and NA/blank become NaN; using them is an error at lookup
      col.set(cells[k].trim(), text === "" || text === "NA" ? NaN : Number(text));
    }
    into.values.set(head[c], col);
    into.source.set(head[c], path);
  }
}

export function readCamelsAttributes(dir: string): AttributeTable {
  if (!existsSync(dir)) throw new Error(`${dir}: CAMELS attribute folder not found`);
  const files = readdirSync(dir).filter((f) => /^camels_.*\.txt$/.test(f)).sort();
  if (files.length === 0) throw new Error(`${dir}: no camels_*.txt attribute files`);
  const table: AttributeTable = { values: new Map(), source: new Map() };
  for (const f of files) readDelimited(join(dir, f), ";", "gauge_id", table);
  return table;
}

export function readGenericAttributes(path: string): AttributeTable {
  if (!existsSync(path)) throw new Error(`${path}: attribute file not found`);
  const table: AttributeTable = { values: new Map(), source: new Map() };
  readDelimited(path, ",", "basin_id", table);
  return table;
}

/** [basin][attribute] values, with an error naming the file, attribute and basin for a gap. */
export function attributeMatrix(table: AttributeTable, names: string[], basins: string[]): number[][] {
  return basins.map((b) =>
    names.map((name) => {
      const col = table.values.get(name);
      if (!col) throw new Error(`static_attributes: no attribute '${name}' in ${[...new Set(table.source.values())].join(", ")}`);
      const v = col.get(b);
      if (v === undefined) throw new Error(`${table.source.get(name)}: no row for basin ${b}`);
      if (!Number.isFinite(v)) throw new Error(`${table.source.get(name)}: attribute '${name}' of basin ${b} is missing or not a number`);
      return v;
    }),
  );
}
