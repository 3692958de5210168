// `catchment raster info`: what a raster is, with statistics computed from its pixels.
import { openRaster, gridOf, bandName } from "./io.js";
import { bandStats } from "./stats.js";
import { Band, BandArray, GdalType } from "./raster.js";
import { describeCrs } from "./crs.js";

export interface RasterInfo {
  file: string;
  driver: string;
  width: number;
  height: number;
  epsg: number | null;
  crs: string;
  wkt: string | null;
  geotransform: number[];
  /** false when the file has no geotransform (GDAL's default [0, 1, 0, 0, 0, 1] is reported) */
  georeferenced: boolean;
  bands: { band: number; name: string; type: string; nodata: number | null; count: number; min: number; max: number; mean: number; std: number }[];
}

export function rasterInfo(path: string): RasterInfo {
  const ds = openRaster(path);
  try {
    const grid = gridOf(ds);
    const bands = [];
    for (let b = 1; b <= ds.bands.count(); b++) {
      const band = ds.bands.get(b);
      const nodata = band.noDataValue ?? null;
      const data = band.pixels.read(0, 0, grid.width, grid.height) as BandArray;
      const stats = bandStats({ name: "", type: band.dataType as GdalType, nodata, data } satisfies Band);
      bands.push({ band: b, name: bandName(band, b), type: band.dataType ?? "unknown", nodata, ...stats });
    }
    return {
      file: path,
      driver: ds.driver.description,
      width: grid.width,
      height: grid.height,
      epsg: grid.crs?.epsg ?? null,
      crs: describeCrs(grid.crs),
      wkt: grid.crs?.wkt ?? null,
      geotransform: grid.geotransform,
      georeferenced: ds.geoTransform !== null,
      bands,
    };
  } finally {
    ds.close();
  }
}

export function formatInfo(i: RasterInfo): string {
  const lines = [
    `${i.file} (${i.driver})`,
    `size ${i.width} × ${i.height}, ${i.bands.length} band${i.bands.length === 1 ? "" : "s"}, ${i.crs}`,
    i.georeferenced ? `geotransform [${i.geotransform.join(", ")}]` : "not georeferenced (pixel coordinates)",
  ];
  for (const b of i.bands)
    lines.push(
      `band ${b.band} '${b.name}' ${b.type} nodata ${b.nodata ?? "none"}: min ${b.min} max ${b.max} mean ${b.mean.toPrecision(8)} std ${b.std.toPrecision(8)} (${b.count} valid)`,
    );
  return lines.join("\n");
}
