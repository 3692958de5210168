// Synthetic terrain for the DEM tests, made here (no shared data): hills and a valley on a
// projected grid in metres.
import { join } from "node:path";
import { Raster, writeRaster } from "../../src/geo/index.js";

export const UTM33 = { wkt: "", epsg: 32633 };

export function hills(width: number, height: number, cell: number, seed = 1): Float32Array {
  const z = new Float32Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const x = c * cell;
      const y = r * cell;
      z[r * width + c] =
        50 + 0.01 * x + 6 * Math.sin(x / (90 + seed * 7)) * Math.cos(y / 130) + 3 * Math.sin((x + y) / 47) + 1.5 * Math.cos((x - 2 * y) / 23) - 8 * Math.exp(-(((x - 0.5 * width * cell) / 60) ** 2));
    }
  return z;
}

export function terrainRaster(width: number, height: number, cell: number, data: Float32Array, x0 = 330000, y0 = 5820000, nodata = -9999): Raster {
  return { width, height, geotransform: [x0, cell, 0, y0, 0, -cell], crs: UTM33, bands: [{ name: "elevation", type: "Float32", nodata, data }] };
}

export function writeTerrain(dir: string, name: string, width: number, height: number, cell: number, data = hills(width, height, cell)): string {
  const path = join(dir, name);
  writeRaster(path, terrainRaster(width, height, cell, data));
  return path;
}
