// Polygons drawn in the page (rings of [x, y] in the raster's CRS) written as a GeoPackage layer in
// that CRS, so that the library's AOI and protection masks (src/geo aoiMask) read them as any file.
import { rmSync } from "node:fs";
import { z } from "zod";
import { Crs } from "../geo/index.js";
import { gdal } from "../geo/gdal.js";
import { srsOf } from "../geo/crs.js";

export const ringSchema = z
  .array(z.tuple([z.number().finite(), z.number().finite()]))
  .min(3, "a polygon needs at least 3 corners")
  .max(2000, "a polygon may have at most 2000 corners");

export type Ring = z.infer<typeof ringSchema>;

export function writePolygons(path: string, rings: Ring[], crs: Crs | null, layerName: string): void {
  if (rings.length === 0) throw new Error(`${layerName}: no polygons`);
  rmSync(path, { force: true });
  const ds = gdal.open(path, "w", "GPKG");
  try {
    const layer = ds.layers.create(layerName, crs ? srsOf(crs) : null, gdal.wkbPolygon);
    for (const ring of rings) {
      const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring : [...ring, ring[0]];
      const f = new gdal.Feature(layer);
      f.setGeometry(gdal.Geometry.fromWKT(`POLYGON((${closed.map(([x, y]) => `${x} ${y}`).join(", ")}))`));
      layer.features.add(f);
    }
  } finally {
    ds.close();
  }
}
