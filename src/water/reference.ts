// Independent references for the evaluation: two-sided from vector polygons (water polygons as water,
// land polygons as land, every other pixel left out), or a QA band's water and clear-land labels.
import { Grid } from "../geo/raster.js";
import { rasterize } from "../geo/vector.js";
import { LABEL } from "./qa.js";

/** 1 water, 0 land, NaN left out (neither, or both polygons). */
export function vectorReference(path: string, grid: Grid, waterWhere: string, landWhere: string): Float32Array {
  const water = rasterize({ path, where: waterWhere }, grid, { burn: 1, type: "Byte", name: "water" }).data;
  const land = rasterize({ path, where: landWhere }, grid, { burn: 1, type: "Byte", name: "land" }).data;
  const out = new Float32Array(grid.width * grid.height);
  let nWater = 0;
  let nLand = 0;
  for (let i = 0; i < out.length; i++) {
    const w = water[i] === 1;
    const l = land[i] === 1;
    out[i] = w === l ? NaN : w ? 1 : 0;
    if (w && !l) nWater++;
    if (l && !w) nLand++;
  }
  if (nWater === 0) throw new Error(`${path}: no polygon matching "${waterWhere}" covers the scene; the reference has no water`);
  if (nLand === 0) throw new Error(`${path}: no polygon matching "${landWhere}" covers the scene; the reference has no land`);
  return out;
}

/** Labels (1/0/255) as a reference (1/0/NaN). */
export function labelReference(labels: Uint8Array): Float32Array {
  return Float32Array.from(labels, (l) => (l === LABEL.water ? 1 : l === LABEL.land ? 0 : NaN));
}
