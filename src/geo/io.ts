// Reading any raster GDAL reads, and writing tiled DEFLATE GeoTIFF (or COG) atomically.
import { existsSync, renameSync, rmSync, mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { gdal, Dataset, RasterBand } from "./gdal.js";
import { crsOf, srsOf } from "./crs.js";
import { Band, BandArray, GdalType, GeoTransform, Raster, Grid } from "./raster.js";

const readableTypes = new Set<GdalType>(["Byte", "Int8", "UInt16", "Int16", "UInt32", "Int32", "Float32", "Float64"]);

/** The file behind a GDAL name such as NETCDF:"file.nc":var. */
function fileOf(name: string): string {
  const m = /^[A-Za-z0-9_]+:"?([^":]+(?:\.[^":]+)?)"?:/.exec(name);
  return m ? m[1] : name;
}

export function openRaster(path: string): Dataset {
  const file = fileOf(path);
  if (!existsSync(file)) throw new Error(`${path}: file not found`);
  let ds: Dataset;
  try {
    ds = gdal.open(path);
  } catch {
    throw new Error(`${path}: not a raster that GDAL can read`);
  }
  if (ds.bands.count() === 0) {
    const subs = Object.entries(ds.getMetadata("SUBDATASETS") as Record<string, string>)
      .filter(([k]) => k.endsWith("_NAME"))
      .map(([, v]) => v);
    if (subs.length) throw new Error(`${path}: has no bands of its own; open one of its subdatasets: ${subs.join(", ")}`);
    throw new Error(`${path}: not a raster (no bands)`);
  }
  return ds;
}

export function subdatasets(path: string): string[] {
  const ds = gdal.open(path);
  return Object.entries(ds.getMetadata("SUBDATASETS") as Record<string, string>)
    .filter(([k]) => k.endsWith("_NAME"))
    .map(([, v]) => v);
}

/** A band's name: its description, else the NAME item catchment writes, else band_N. */
export function bandName(band: RasterBand, index: number): string {
  return band.description || (band.getMetadata() as Record<string, string>).NAME || `band_${index}`;
}

export function gridOf(ds: Dataset): Grid {
  // GDAL's own default for a raster without georeferencing: pixel coordinates, y down
  const gt = ds.geoTransform ?? [0, 1, 0, 0, 0, 1];
  return { width: ds.rasterSize.x, height: ds.rasterSize.y, geotransform: [...gt] as GeoTransform, crs: crsOf(ds.srs) };
}

/** The grid of a raster file, without reading its pixels. */
export function readGrid(path: string): Grid {
  const ds = openRaster(path);
  try {
    return gridOf(ds);
  } finally {
    ds.close();
  }
}

export interface ReadOptions {
  /** 1-based band numbers; all bands when omitted. */
  bands?: number[];
  window?: { x: number; y: number; width: number; height: number };
}

export function readRaster(path: string, o: ReadOptions = {}): Raster {
  const ds = openRaster(path);
  try {
    const grid = gridOf(ds);
    const count = ds.bands.count();
    const wanted = o.bands ?? Array.from({ length: count }, (_, i) => i + 1);
    for (const b of wanted) if (!Number.isInteger(b) || b < 1 || b > count) throw new Error(`${path}: has ${count} band${count === 1 ? "" : "s"}, band ${b} was asked for`);
    const w = o.window ?? { x: 0, y: 0, width: grid.width, height: grid.height };
    if (w.x < 0 || w.y < 0 || w.width < 1 || w.height < 1 || w.x + w.width > grid.width || w.y + w.height > grid.height)
      throw new Error(`${path}: window ${w.width}×${w.height} at (${w.x}, ${w.y}) is outside the ${grid.width}×${grid.height} raster`);
    const bands: Band[] = wanted.map((b) => {
      const band = ds.bands.get(b);
      const type = band.dataType as GdalType;
      if (!readableTypes.has(type)) throw new Error(`${path}: band ${b} has type ${band.dataType}; catchment reads real-valued bands only`);
      const data = band.pixels.read(w.x, w.y, w.width, w.height) as BandArray;
      return { name: bandName(band, b), type, nodata: band.noDataValue ?? null, data };
    });
    const gt = grid.geotransform;
    const geotransform: GeoTransform = [gt[0] + w.x * gt[1] + w.y * gt[2], gt[1], gt[2], gt[3] + w.x * gt[4] + w.y * gt[5], gt[4], gt[5]];
    return { width: w.width, height: w.height, geotransform, crs: grid.crs, bands };
  } finally {
    ds.close();
  }
}

const widthOrder: GdalType[] = ["Byte", "Int8", "UInt16", "Int16", "UInt32", "Int32", "Float32", "Float64"];

export interface WriteOptions {
  cog?: boolean;
  /** Extra GDAL creation options, e.g. "PREDICTOR=3". */
  creationOptions?: string[];
}

export const geotiffOptions = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"];

/** Creates an in-memory GDAL dataset holding the raster (for warping, rasterizing, copying). */
export function toDataset(r: Raster, type?: GdalType, driver = "MEM", path = "", options: string[] = []): Dataset {
  if (r.bands.length === 0) throw new Error("a raster needs at least one band");
  const t = type ?? r.bands.map((b) => b.type).reduce((a, b) => (widthOrder.indexOf(a) >= widthOrder.indexOf(b) ? a : b));
  const ds = gdal.drivers.get(driver).create(path, r.width, r.height, r.bands.length, t, options);
  ds.geoTransform = r.geotransform;
  if (r.crs) ds.srs = srsOf(r.crs);
  r.bands.forEach((b, i) => {
    const band = ds.bands.get(i + 1);
    if (b.nodata !== null) band.noDataValue = b.nodata;
    band.setMetadata({ NAME: b.name });
    band.pixels.write(0, 0, r.width, r.height, b.data as Float64Array);
  });
  return ds;
}

export function writeRaster(path: string, r: Raster, o: WriteOptions = {}): void {
  for (const b of r.bands)
    if (b.data.length !== r.width * r.height) throw new Error(`${path}: band '${b.name}' has ${b.data.length} values for a ${r.width}×${r.height} grid`);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (o.cog) {
      const mem = toDataset(r);
      gdal.drivers.get("COG").createCopy(tmp, mem, ["COMPRESS=DEFLATE", ...(o.creationOptions ?? [])]).close();
      mem.close();
    } else {
      toDataset(r, undefined, "GTiff", tmp, [...geotiffOptions, ...(o.creationOptions ?? [])]).close();
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`${path}: could not write (${(e as Error).message})`);
  }
}
