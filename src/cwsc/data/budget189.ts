// water_budget_189_basins (Lehmann et al. 2022): basin-mean monthly precipitation (GPCC, or CRU
// where GPCC has no value for the basin) and GRUN runoff, with the 0.5° cells of each basin from its
// point shapefile (read inside the tar.gz through GDAL's /vsitar/). The set has no PET: it is
// derived with Thornthwaite from the bioclim temperature climatology of the basin's cells, averaged
// over them (a climatology, the same each year; see pet.ts). The record is the months where
// precipitation and runoff overlap.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { gdal } from "../../geo/gdal.js";
import { BasinTemperature, MonthlyBasin, monthIndex, monthLabel, parseMonth } from "./basin.js";
import { cellAt, cellLat } from "./lattice.js";
import { daysInMonth, monthlyTemperature, petClimatology } from "./pet.js";
import { Bioclim } from "./grids.js";
import { readTextTable, TextTable, numberAt } from "./text-table.js";

export const PRECIPITATION_PRODUCTS = ["P_GPCC", "P_CRU"] as const;

interface Wide {
  table: TextTable;
  first: number;
  byName: Map<string, number>;
}

function readWide(path: string): Wide {
  const table = readTextTable(path);
  const months = table.header.slice(1).map((h) => parseMonth(h, path));
  const first = monthIndex(months[0].year, months[0].month);
  months.forEach((m, k) => {
    if (monthIndex(m.year, m.month) !== first + k) throw new Error(`${path}: column ${table.header[k + 1]} breaks the monthly sequence`);
  });
  return { table, first, byName: new Map(table.rows.map((r, i) => [r[0], i])) };
}

function seriesOf(w: Wide, name: string): { first: number; values: Float64Array } | null {
  const row = w.byName.get(name);
  if (row === undefined) return null;
  const values = Float64Array.from({ length: w.table.header.length - 1 }, (_, k) => numberAt(w.table, row, k + 1));
  return values.some(Number.isFinite) ? { first: w.first, values } : null;
}

/** Lattice cells of every basin, from basins/<NAME>.shp inside the tarball. */
export function basinCells(tarball: string): Map<string, Int32Array> {
  if (!existsSync(tarball)) throw new Error(`${tarball}: file not found`);
  const root = `/vsitar/${tarball}/basins`;
  const out = new Map<string, Int32Array>();
  for (const f of gdal.fs.readDir(root).filter((x: string) => x.endsWith(".shp")).sort()) {
    const ds = gdal.open(`${root}/${f}`);
    const layer = ds.layers.get(0);
    const cells = new Set<number>();
    layer.features.forEach((feat) => {
      const g = feat.getGeometry() as unknown as { x: number; y: number };
      const c = cellAt(g.x, g.y);
      if (c >= 0) cells.add(c);
    });
    ds.close();
    out.set(f.slice(0, -4), Int32Array.from([...cells].sort((a, b) => a - b)));
  }
  return out;
}

export function loadBudget189(dir: string, bioclim: Bioclim, products: readonly string[] = PRECIPITATION_PRODUCTS): MonthlyBasin[] {
  const runoff = readWide(join(dir, "R_GRUN_monthly.csv"));
  const precipitation = products.map((p) => ({ name: p, wide: readWide(join(dir, `${p}_monthly.csv`)) }));
  const cells = basinCells(join(dir, "basin_cell_points_05deg.tar.gz"));
  return runoff.table.rows.map((row) => {
    const name = row[0];
    const where = `${join(dir, "R_GRUN_monthly.csv")}: basin '${name}'`;
    const q = seriesOf(runoff, name) as { first: number; values: Float64Array };
    const source = precipitation.map((p) => ({ name: p.name, s: seriesOf(p.wide, name) })).find((p) => p.s !== null);
    if (!source || !source.s) throw new Error(`${where}: no precipitation in ${products.join(", ")}`);
    const p = source.s;
    const c = cells.get(name);
    if (!c || c.length === 0) throw new Error(`${where}: no cells in basins/${name}.shp`);
    const from = Math.max(q.first, p.first);
    const to = Math.min(q.first + q.values.length, p.first + p.values.length);
    if (to <= from) throw new Error(`${where}: precipitation and runoff do not overlap in time`);
    const n = to - from;
    const pet = basinPet(bioclim, c, from, n, where);
    const temperature = basinTemperature(bioclim, c);
    let lon = 0;
    let lat = 0;
    for (const cell of c) {
      lat += cellLat(cell);
      lon += ((cell % 720) + 0.5) * 0.5 - 180;
    }
    return {
      id: name,
      dataset: "budget189",
      source: `${dir} (${source.name}, R_GRUN)`,
      start: monthLabel(from),
      p: p.values.slice(from - p.first, to - p.first),
      pet,
      q: q.values.slice(from - q.first, to - q.first),
      cells: c,
      lon: lon / c.length,
      lat: lat / c.length,
      areaKm2: null,
      petSource: "Thornthwaite from the bioclim temperature climatology, mean over the basin's cells",
      temperature,
    };
  });
}

/** Monthly PET (mm/month) of a basin: the mean over its cells of the Thornthwaite climatology, times the days of each month. */
export function basinPet(bioclim: Bioclim, cells: Int32Array, firstMonth: number, months: number, where: string): Float64Array {
  const daily = new Float64Array(12);
  let used = 0;
  for (const cell of cells) {
    const t = bioclim.temperatureAt(cell);
    if (!t) continue;
    petClimatology(cellLat(cell), t).forEach((v, m) => (daily[m] += v));
    used++;
  }
  if (used === 0) throw new Error(`${where}: none of its ${cells.length} cells has bioclim temperatures to derive PET from`);
  return Float64Array.from({ length: months }, (_, t) => {
    const index = firstMonth + t;
    const month = index % 12;
    return (daily[month] / used) * daysInMonth(Math.floor(index / 12), month + 1);
  });
}

/** The bioclim temperature climatology of each of the basin's cells, weighted by cell area (cos latitude). */
export function basinTemperature(bioclim: Bioclim, cells: Int32Array): BasinTemperature | null {
  const parts: number[][] = [];
  const weights: number[] = [];
  for (const cell of cells) {
    const t = bioclim.temperatureAt(cell);
    if (!t) continue;
    parts.push(monthlyTemperature(cellLat(cell), t));
    weights.push(Math.cos((cellLat(cell) * Math.PI) / 180));
  }
  return parts.length ? { parts, weights, climatology: true, source: "bioclim climatology per cell (sinusoid through bio1, bio10, bio11)" } : null;
}
