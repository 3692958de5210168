// A project is a DEM (and buildings) opened in the studio: read and checked as the library reads it
// (format, CRS, cell size against the model, size within the studio's limit), predicted by the
// surrogate, and drawn as the layers the page shows. Each opening gets its own folder.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Grid, describeCrs, isValid, readGrid } from "../geo/index.js";
import { openRaster } from "../geo/io.js";
import { openVector } from "../geo/vector.js";
import { SurrogateModel } from "../surrogate/model-file.js";
import { predictPrepared, prepareRaster } from "../surrogate/predict.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { hazardPng, terrainPng } from "./render.js";

export interface ProjectFiles {
  dem: string;
  buildings?: string;
  /** the names the user knows the files by, for messages (internal path → name) */
  labels: Record<string, string>;
}

export interface HazardStats {
  mean: number;
  max: number;
  cells_above_0_1: number;
  cells_above_0_5: number;
}

export interface ProjectSummary {
  id: string;
  dem_name: string;
  buildings_name: string | null;
  width: number;
  height: number;
  cell_m: number;
  /** [xmin, ymin, xmax, ymax] in the raster's CRS */
  bounds: [number, number, number, number];
  crs: string;
  building_cells: number;
  notes: string[];
  warnings: string[];
  hr: HazardStats;
  tiles: number;
  predict_ms: number;
  layers: { terrain: string; hr: string };
}

/** The user's names in place of the studio's internal paths, so that a message reads as about their file. */
export function relabel(message: string, labels: Record<string, string>): string {
  let m = message;
  for (const [path, name] of Object.entries(labels).sort((a, b) => b[0].length - a[0].length)) m = m.split(path).join(name);
  return m;
}

export function boundsOf(g: Grid): [number, number, number, number] {
  const [x0, dx, , y0, , dy] = g.geotransform;
  const xs = [x0, x0 + g.width * dx], ys = [y0, y0 + g.height * dy];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function hazardStats(hr: ArrayLike<number>, blocked: Uint8Array): HazardStats {
  let s = 0, n = 0, max = 0, a1 = 0, a5 = 0;
  for (let i = 0; i < hr.length; i++) {
    if (blocked[i] || !Number.isFinite(hr[i])) continue;
    s += hr[i];
    n++;
    max = Math.max(max, hr[i]);
    if (hr[i] > 0.1) a1++;
    if (hr[i] > 0.5) a5++;
  }
  return { mean: n ? s / n : 0, max, cells_above_0_1: a1, cells_above_0_5: a5 };
}

/** The file formats the studio takes: GeoTIFF DEMs, GeoTIFF or GeoJSON buildings; checked by GDAL's driver, not the name. */
export function checkFormat(path: string, what: "dem" | "buildings"): void {
  if (what === "buildings" && /\.(geojson|json)$/i.test(path)) {
    const ds = openVector(path);
    const driver = ds.driver.description;
    ds.close();
    if (driver !== "GeoJSON") throw new Error(`${path}: read by GDAL as ${driver}, not GeoJSON`);
    return;
  }
  const ds = openRaster(path);
  const driver = ds.driver.description;
  ds.close();
  if (driver !== "GTiff") throw new Error(`${path}: a ${driver} raster; the studio takes ${what === "dem" ? "DEMs" : "building rasters"} as GeoTIFF`);
}

export function openProject(model: SurrogateModel, files: ProjectFiles, dir: string, maxCells: number, device = "cpu"): { summary: ProjectSummary; hr: Float32Array; blocked: Uint8Array; grid: Grid } {
  try {
    checkFormat(files.dem, "dem");
    const g = readGrid(files.dem);
    if (g.width * g.height > maxCells)
      throw new Error(`${files.dem}: ${g.width} × ${g.height} cells; the studio takes at most ${maxCells.toLocaleString("en")} cells (e.g. ${Math.floor(Math.sqrt(maxCells))} × ${Math.floor(Math.sqrt(maxCells))}): cut out the part to design first (gdal_translate -srcwin)`);
    if (files.buildings) checkFormat(files.buildings, "buildings");
    const raster = prepareRaster(model, { dem: files.dem, buildings: files.buildings });
    const t0 = performance.now();
    const p = predictPrepared(model, raster, { device });
    const predictMs = performance.now() - t0;
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, "terrain.png"), terrainPng(raster.grid, raster.ground, raster.buildings));
    writeFileAtomic(join(dir, "hr.png"), hazardPng(raster.grid, p.hazard));
    const label = (path: string | undefined) => (path === undefined ? null : (files.labels[path] ?? basename(path)));
    const summary: ProjectSummary = {
      id: basename(dir),
      dem_name: label(files.dem) as string,
      buildings_name: label(files.buildings),
      width: raster.grid.width,
      height: raster.grid.height,
      cell_m: Math.abs(raster.grid.geotransform[1]),
      bounds: boundsOf(raster.grid),
      crs: describeCrs(raster.grid.crs),
      building_cells: raster.buildings.reduce((a, h) => a + (h > 0 ? 1 : 0), 0),
      notes: raster.notes.map((n) => relabel(n, files.labels)),
      warnings: p.warnings,
      hr: hazardStats(p.hazard, raster.blocked),
      tiles: p.tiles,
      predict_ms: predictMs,
      layers: { terrain: "terrain.png", hr: "hr.png" },
    };
    writeFileSync(join(dir, "project.json"), JSON.stringify({ files: { dem: files.dem, buildings: files.buildings ?? null }, summary }, null, 2) + "\n");
    return { summary, hr: p.hazard, blocked: raster.blocked, grid: raster.grid };
  } catch (e) {
    throw new Error(relabel((e as Error).message, files.labels));
  }
}

/** Cells whose predicted HR exceeds T (the "HR above threshold" area of interest). */
export function hrMask(hr: ArrayLike<number>, blocked: Uint8Array, t: number): Uint8Array {
  return Uint8Array.from(hr as ArrayLike<number>, (v, i) => (!blocked[i] && isValid(v, null) && v > t ? 1 : 0));
}
