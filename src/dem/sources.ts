// Fine DEMs of a config as scene sources on the target grid: the DEM in metres, building heights
// from footprints (for the synthetic surfaces) and the optional OSM input layers. Footprints and
// roads may be vectors or rasters on any grid (a raster of building heights above ground, 0 = none;
// a 0/1 raster is a mask raised by `building_height`).
import { alignTo, isValid, rasterize, Grid, Raster } from "../geo/index.js";
import { FineDemSpec, loadFineDem } from "./fine.js";
import { SceneSource } from "./data.js";

export interface FineDemInput extends FineDemSpec {
  buildings?: string;
  buildings_where?: string;
  building_height?: number;
  roads?: string;
  rescale?: number;
}

export interface PreparedSource {
  source: SceneSource;
  grid: Grid;
  raster: Raster;
  notes: string[];
  path: string;
}

export type LayerName = "osm_buildings" | "osm_roads";

const isRasterPath = (p: string) => /\.(tiff?|vrt|img|asc)$/i.test(p);

/** A raster layer on the grid (nearest neighbour), NaN and nodata as 0. */
function rasterOnGrid(path: string, grid: Grid): Float32Array {
  const b = alignTo(path, grid, { resampling: "nearest", bands: [1], type: "Float32" }).bands[0];
  return Float32Array.from(b.data, (v) => (isValid(v, b.nodata) && Number.isFinite(v) ? v : 0));
}

/** Building heights above ground on the grid (0 where none). */
export function buildingHeights(path: string, where: string | undefined, grid: Grid, defaultHeight: number): Float32Array {
  if (!isRasterPath(path)) return rasterize({ path, where }, grid, { burn: defaultHeight, type: "Float32" }).data as Float32Array;
  if (where) throw new Error(`${path}: buildings_where filters vector footprints; this is a raster`);
  const h = rasterOnGrid(path, grid);
  const mask = h.every((v) => v === 0 || v === 1);
  return mask ? Float32Array.from(h, (v) => v * defaultHeight) : Float32Array.from(h, (v) => Math.max(0, v));
}

/** Road cells (1) on the grid: vector roads burnt with all-touched, or a raster above 0.5. */
export function roadMask(path: string, grid: Grid): Float32Array {
  if (!isRasterPath(path)) return rasterize({ path }, grid, { burn: 1, type: "Float32", allTouched: true }).data as Float32Array;
  return Float32Array.from(rasterOnGrid(path, grid), (v) => (v > 0.5 ? 1 : 0));
}

/** With `optionalLayers`, a layer whose source is not given is null (not known); otherwise it is an error. */
export function prepareSource(d: FineDemInput, cell: number, layers: LayerName[], optionalLayers = false): PreparedSource {
  const k = d.rescale ?? 1;
  const loaded = loadFineDem(d, cell * k);
  const notes = loaded.notes;
  let raster = loaded.raster;
  if (k !== 1) {
    const gt = raster.geotransform;
    const data = Float32Array.from(raster.bands[0].data as Float32Array, (v) => v / k);
    raster = { ...raster, geotransform: [gt[0], cell, 0, gt[3], 0, -cell], bands: [{ ...raster.bands[0], data }] };
    notes.push(`${d.path}: rescaled: ${cell * k} m cells taken as ${cell} m, elevations ÷ ${k} (slopes kept)`);
  }
  const grid: Grid = { width: raster.width, height: raster.height, geotransform: raster.geotransform, crs: raster.crs };
  const height = d.building_height ?? 6;
  const heights = d.buildings ? buildingHeights(d.buildings, d.buildings_where, grid, height) : undefined;
  const roads = d.roads ? roadMask(d.roads, grid) : undefined;
  const out: { name: string; data: Float32Array | null }[] = [];
  for (const l of layers) {
    const data = l === "osm_buildings" ? (heights ? Float32Array.from(heights, (v) => (v > 0 ? 1 : 0)) : undefined) : roads;
    if (!data && !optionalLayers) throw new Error(`${d.path}: layer '${l}' needs '${l === "osm_buildings" ? "buildings" : "roads"}'`);
    out.push({ name: l, data: data ?? null });
  }
  return {
    source: { dem: raster.bands[0].data as Float32Array, width: raster.width, height: raster.height, cell, buildings: heights, layers: out },
    grid,
    raster,
    notes,
    path: d.path,
  };
}
