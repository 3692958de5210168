// Held-out procedural test areas as GeoTIFFs (drawn from the test seed stream, which training never
// draws): the bare ground (the reference), building heights and the street mask, on a local grid
// without CRS (metres). Labelled SYNTHETIC in the band names and area.json.
import { join } from "node:path";
import { writeRaster, Grid } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { ProceduralConfig, TerrainGenerators, patchSeed, proceduralPatch } from "./procedural.js";

export interface ProceduralArea {
  dir: string;
  kind: "urban" | "ground";
  generationCell: number;
  seed: number;
}

export function writeProceduralAreas(gen: TerrainGenerators, cfg: ProceduralConfig, count: number, cell: number, out: string): ProceduralArea[] {
  const areas: ProceduralArea[] = [];
  for (let k = 0; k < count; k++) {
    const seed = patchSeed(cfg, "test", k);
    const p = proceduralPatch(gen, seed, cfg, cell, ["osm_buildings", "osm_roads"]);
    const s = p.source;
    const grid: Grid = { width: s.width, height: s.height, geotransform: [0, cell, 0, s.height * cell, 0, -cell], crs: null };
    const dir = join(out, `area_${k}`);
    const roads = s.layers?.find((l) => l.name === "osm_roads")?.data ?? new Float32Array(s.width * s.height);
    writeRaster(join(dir, "ground.tif"), { ...grid, bands: [{ name: "synthetic_procedural_ground", type: "Float32", nodata: -9999, data: s.dem }] });
    writeRaster(join(dir, "buildings.tif"), { ...grid, bands: [{ name: "synthetic_building_height", type: "Float32", nodata: null, data: s.buildings ?? new Float32Array(s.width * s.height) }] });
    writeRaster(join(dir, "footprints.tif"), { ...grid, bands: [{ name: "synthetic_footprints", type: "Byte", nodata: null, data: Uint8Array.from(s.buildings ?? new Float32Array(s.width * s.height), (h) => (h > 0 ? 1 : 0)) }] });
    writeRaster(join(dir, "roads.tif"), { ...grid, bands: [{ name: "synthetic_roads", type: "Byte", nodata: null, data: Uint8Array.from(roads) }] });
    writeFileAtomic(join(dir, "area.json"), JSON.stringify({ synthetic: true, note: "procedural test area (catchment dem procedural): bare ground, building heights and streets; not a real place", kind: p.kind, generation_cell_m: p.generationCell, cell_m: cell, seed, stream: "test", procedural: cfg }, null, 2) + "\n");
    areas.push({ dir, kind: p.kind, generationCell: p.generationCell, seed });
  }
  return areas;
}
