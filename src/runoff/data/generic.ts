// A user's own basins: <data_dir>/<basin_id>.csv with a `date` column and one column per variable.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readNumericCsv } from "../../util/csv.js";
import { parseDate, dayNumber } from "../../util/dates.js";
import { BasinData, onDayGrid } from "./basin-data.js";

export function loadGeneric(dataDir: string, basin: string): BasinData {
  const path = join(dataDir, `${basin}.csv`);
  if (!existsSync(path)) throw new Error(`${path}: no file for basin ${basin} (generic datasets hold one <basin_id>.csv per basin)`);
  const table = readNumericCsv(path);
  if (table.columns[0].toLowerCase() !== "date") throw new Error(`${path}:1: the first column must be 'date', found '${table.columns[0]}'`);
  const days = table.keys.map((k, i) => dayNumber(parseDate(k, `${path}:${i + 2}: date`)));
  return onDayGrid(basin, path, days, table.values);
}
