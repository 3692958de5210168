// Your own basins: <dir>/basins.csv with id, lon, lat and optionally area_km2; <dir>/<id>.csv with
// month (YYYY-MM), P, PET and Q in mm per month (Q may be empty where not observed) and optionally T,
// the monthly mean air temperature in °C (for the snow store; without it no snow); optionally
// <dir>/cells.csv with id, lon, lat, one row per 0.5° cell of a basin. Without cells.csv a basin's
// label cells are a disk of its area around (lon, lat), at least the cell holding the point.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MonthlyBasin, monthIndex, parseMonth } from "./basin.js";
import { cellAt, cellsAround } from "./lattice.js";
import { columnIndex, numberAt, readTextTable } from "./text-table.js";

export function loadGeneric(dir: string): MonthlyBasin[] {
  const list = readTextTable(join(dir, "basins.csv"));
  const [id, lon, lat] = ["id", "lon", "lat"].map((c) => columnIndex(list, c));
  const area = list.header.indexOf("area_km2");
  const cellsFile = join(dir, "cells.csv");
  const cellsOf = new Map<string, Set<number>>();
  if (existsSync(cellsFile)) {
    const t = readTextTable(cellsFile);
    const [cid, clon, clat] = ["id", "lon", "lat"].map((c) => columnIndex(t, c));
    t.rows.forEach((row, r) => {
      const cell = cellAt(numberAt(t, r, clon), numberAt(t, r, clat));
      if (cell < 0) throw new Error(`${cellsFile}: data row ${r + 1} has no valid lon/lat`);
      if (!cellsOf.has(row[cid])) cellsOf.set(row[cid], new Set());
      cellsOf.get(row[cid])?.add(cell);
    });
  }
  return list.rows.map((row, r) => {
    const name = row[id];
    const file = join(dir, `${name}.csv`);
    const t = readTextTable(file);
    const month = columnIndex(t, "month");
    const col = (c: string, what: string) => {
      const i = t.header.indexOf(c);
      if (i < 0) throw new Error(`${file}: no column '${c}' (${what}); columns are ${t.header.join(", ")}`);
      return Float64Array.from(t.rows, (_, k) => numberAt(t, k, i));
    };
    const p = col("P", "precipitation, mm/month");
    const pet = col("PET", "potential evapotranspiration, mm/month");
    const q = col("Q", "observed runoff, mm/month");
    if (t.rows.length === 0) throw new Error(`${file}: no months`);
    const first = parseMonth(t.rows[0][month], file);
    t.rows.forEach((rw, k) => {
      const m = parseMonth(rw[month], file);
      if (monthIndex(m.year, m.month) !== monthIndex(first.year, first.month) + k)
        throw new Error(`${file}: month ${rw[month]} in data row ${k + 1} breaks the monthly sequence (months must follow each other without gaps)`);
    });
    const lo = numberAt(list, r, lon);
    const la = numberAt(list, r, lat);
    const a = area >= 0 ? numberAt(list, r, area) : NaN;
    if (!(Math.abs(la) <= 90) || !Number.isFinite(lo)) throw new Error(`${list.path}: basin '${name}' has lon ${row[lon]}, lat ${row[lat]}; expected degrees`);
    const listed = cellsOf.get(name);
    return {
      id: name,
      dataset: "generic",
      source: file,
      start: `${first.year}-${String(first.month).padStart(2, "0")}`,
      p,
      pet,
      q,
      cells: listed ? Int32Array.from([...listed].sort((x, y) => x - y)) : cellsAround(lo, la, Number.isFinite(a) ? a : 0),
      lon: lo,
      lat: la,
      areaKm2: Number.isFinite(a) ? a : null,
      petSource: "data set (PET column)",
      temperature: t.header.includes("T") ? { parts: [col("T", "mean air temperature, °C")], weights: [1], climatology: false, source: "data set (T column)" } : null,
    };
  });
}
