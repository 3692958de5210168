// Static catchment attributes: CAMELS `camels_*.txt` (semicolon-separated, keyed by the 8-character
// gauge_id) or a generic `attributes.csv` keyed by basin_id. Columns are read as numbers only when a
// config asks for them, so categorical columns (geology classes) are no error unless used.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cellNumber, readTable, Table } from "../../util/table.js";

/** The attribute files, each with its key column and the row of each basin. */
export interface AttributeTable {
  tables: { table: Table; rowOf: Map<string, number> }[];
}

function keyed(path: string, key: string, delimiter: ";" | ","): AttributeTable["tables"][number] {
  const table = readTable(path, { delimiter });
  const k = table.columns.indexOf(key);
  if (k < 0) throw new Error(`${path}:1: no '${key}' column`);
  return { table, rowOf: new Map(table.rows.map((r, i) => [r[k], i])) };
}

export function readCamelsAttributes(dir: string): AttributeTable {
  if (!existsSync(dir)) throw new Error(`${dir}: CAMELS attribute folder not found`);
  const files = readdirSync(dir).filter((f) => /^camels_.*\.txt$/.test(f)).sort();
  if (files.length === 0) throw new Error(`${dir}: no camels_*.txt attribute files`);
  return { tables: files.map((f) => keyed(join(dir, f), "gauge_id", ";")) };
}

export function readGenericAttributes(path: string): AttributeTable {
  if (!existsSync(path)) throw new Error(`${path}: attribute file not found`);
  return { tables: [keyed(path, "basin_id", ",")] };
}

/** [basin][attribute] values, with an error naming the file, attribute and basin for a gap. */
export function attributeMatrix(attrs: AttributeTable, names: string[], basins: string[]): number[][] {
  const columns = names.map((name) => {
    const at = attrs.tables.find((t) => t.table.columns.includes(name));
    if (!at) throw new Error(`static_attributes: no attribute '${name}' in ${attrs.tables.map((t) => t.table.source).join(", ")}`);
    return { name, at, c: at.table.columns.indexOf(name) };
  });
  return basins.map((b) =>
    columns.map(({ name, at, c }) => {
      const row = at.rowOf.get(b);
      if (row === undefined) throw new Error(`${at.table.source}: no row for basin ${b}`);
      const v = cellNumber(at.table, row, c);
      if (!Number.isFinite(v)) throw new Error(`${at.table.source}:${at.table.lines[row]}: attribute '${name}' of basin ${b} is missing`);
      return v;
    }),
  );
}
