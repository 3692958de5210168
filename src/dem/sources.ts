// Fine DEMs of a config as scene sources on the target grid: the DEM in metres, building heights
// from footprints (for the synthetic surfaces) and the optional OSM input layers.
import { rasterize, Grid, Raster } from "../geo/index.js";
import { FineDemSpec, loadFineDem } from "./fine.js";
import { SceneSource } from "./data.js";

export interface FineDemInput extends FineDemSpec {
  buildings?: string;
  buildings_where?: string;
  building_height?: number;
  roads?: string;
}

export interface PreparedSource {
  source: SceneSource;
  grid: Grid;
  raster: Raster;
  notes: string[];
  path: string;
}

export type LayerName = "osm_buildings" | "osm_roads";

export function prepareSource(d: FineDemInput, cell: number, layers: LayerName[]): PreparedSource {
  const { raster, notes } = loadFineDem(d, cell);
  const grid: Grid = { width: raster.width, height: raster.height, geotransform: raster.geotransform, crs: raster.crs };
  const footprints = d.buildings ? (rasterize({ path: d.buildings, where: d.buildings_where }, grid, { burn: 1, type: "Float32" }).data as Float32Array) : undefined;
  const roads = d.roads ? (rasterize({ path: d.roads }, grid, { burn: 1, type: "Float32", allTouched: true }).data as Float32Array) : undefined;
  const out: { name: string; data: Float32Array }[] = [];
  for (const l of layers) {
    const data = l === "osm_buildings" ? footprints : roads;
    if (!data) throw new Error(`${d.path}: layer '${l}' needs '${l === "osm_buildings" ? "buildings" : "roads"}'`);
    out.push({ name: l, data });
  }
  const height = d.building_height ?? 6;
  return {
    source: {
      dem: raster.bands[0].data as Float32Array,
      width: raster.width,
      height: raster.height,
      cell,
      buildings: footprints ? Float32Array.from(footprints, (v) => v * height) : undefined,
      layers: out,
    },
    grid,
    raster,
    notes,
    path: d.path,
  };
}
