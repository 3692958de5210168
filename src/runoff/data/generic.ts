// A user's own basins: <data_dir>/<basin_id>.csv with a `date` column and one column per variable.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { numberColumn, readTable } from "../../util/table.js";
import { parseDate, dayNumber } from "../../util/dates.js";
import { BasinData, onDayGrid } from "./basin-data.js";

export function loadGeneric(dataDir: string, basin: string): BasinData {
  const path = join(dataDir, `${basin}.csv`);
  if (!existsSync(path)) throw new Error(`${path}: no file for basin ${basin} (generic datasets hold one <basin_id>.csv per basin)`);
  const table = readTable(path, { delimiter: ",", missing: [-999] });
  if (table.columns[0].toLowerCase() !== "date") throw new Error(`${path}:1: the first column must be 'date', found '${table.columns[0]}'`);
  const days = table.rows.map((r, i) => dayNumber(parseDate(r[0], `${path}:${table.lines[i]}: date`)));
  return onDayGrid(basin, path, days, new Map(table.columns.slice(1).map((c) => [c, numberColumn(table, c)])));
}
