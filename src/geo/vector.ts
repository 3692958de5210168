// Vector layers (GeoJSON, GPKG, shapefile, …): reading, and rasterizing onto a grid. GDAL
// reprojects features to the grid's CRS on the fly.
import { existsSync } from "node:fs";
import { gdal, Dataset, Layer } from "./gdal.js";
import { crsOf, describeCrs, srsOf } from "./crs.js";
import { Band, BandArray, Crs, GdalType, Grid } from "./raster.js";

export interface VectorSource {
  path: string;
  /** Layer name or 0-based index; the first layer when omitted. */
  layer?: string | number;
  /** An OGR SQL filter, e.g. "used_in_anuga_run = 1". */
  where?: string;
}

export function openVector(path: string): Dataset {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  let ds: Dataset;
  try {
    ds = gdal.open(path);
  } catch {
    throw new Error(`${path}: not a vector file that GDAL can read`);
  }
  if (ds.layers.count() === 0) throw new Error(`${path}: has no vector layers`);
  return ds;
}

export function layerOf(ds: Dataset, src: VectorSource): Layer {
  try {
    return ds.layers.get(src.layer ?? 0);
  } catch {
    const names = Array.from({ length: ds.layers.count() }, (_, i) => ds.layers.get(i).name);
    throw new Error(`${src.path}: no layer '${src.layer}'; layers are ${names.join(", ")}`);
  }
}

export interface FeatureSummary {
  count: number;
  fields: string[];
  crs: string;
  epsg: number | null;
}

export function describeVector(src: VectorSource): FeatureSummary {
  const ds = openVector(src.path);
  const layer = layerOf(ds, src);
  const crs = crsOf(layer.srs);
  return { count: layer.features.count(), fields: layer.fields.getNames(), crs: describeCrs(crs), epsg: crs?.epsg ?? null };
}

export interface RasterizeOptions {
  /** Burn this constant (default 1) … */
  burn?: number;
  /** … or the value of this attribute, with defaultValue where it is missing. */
  attribute?: string;
  defaultValue?: number;
  /** Burn every cell a feature touches, not only those whose centre it covers. */
  allTouched?: boolean;
  /** Value of cells no feature covers (default 0). */
  background?: number;
  type?: GdalType;
  name?: string;
}

export function rasterize(src: VectorSource, grid: Grid, o: RasterizeOptions = {}): Band {
  const ds = openVector(src.path);
  try {
    const layer = layerOf(ds, src);
    if (!layer.srs && grid.crs) throw new Error(`${src.path}: has no CRS; cannot place its features on a grid in ${describeCrs(grid.crs)}`);
    if (o.attribute && !layer.fields.getNames().includes(o.attribute))
      throw new Error(`${src.path}: no attribute '${o.attribute}'; attributes are ${layer.fields.getNames().join(", ")}`);
    const type = o.type ?? "Float32";
    const dst = gdal.open("", "w", "MEM", grid.width, grid.height, 1, type);
    dst.geoTransform = grid.geotransform;
    if (grid.crs) dst.srs = srsOf(grid.crs);
    dst.bands.get(1).fill(o.background ?? 0);
    const common = ["-l", layer.name, ...(o.allTouched ? ["-at"] : [])];
    const where = (extra?: string) => {
      const parts = [src.where, extra].filter(Boolean).map((w) => `(${w})`);
      return parts.length ? ["-where", parts.join(" AND ")] : [];
    };
    if (o.attribute) {
      if (o.defaultValue !== undefined) gdal.rasterize(dst, ds, [...common, ...where(), "-burn", String(o.defaultValue)]);
      gdal.rasterize(dst, ds, [...common, ...where(`"${o.attribute}" IS NOT NULL`), "-a", o.attribute]);
    } else {
      gdal.rasterize(dst, ds, [...common, ...where(), "-burn", String(o.burn ?? 1)]);
    }
    const data = dst.bands.get(1).pixels.read(0, 0, grid.width, grid.height) as BandArray;
    dst.close();
    return { name: o.name ?? layer.name, type, nodata: null, data };
  } finally {
    ds.close();
  }
}

/** 1 inside the polygons of an area of interest, 0 outside. */
export function aoiMask(src: VectorSource, grid: Grid, allTouched = false): Uint8Array {
  const band = rasterize(src, grid, { burn: 1, type: "Byte", allTouched, name: "aoi" });
  const mask = band.data as Uint8Array;
  if (!mask.some((v) => v === 1)) throw new Error(`${src.path}: the area of interest does not cover any cell of the grid`);
  return mask;
}

/** [minX, minY, maxX, maxY] of a layer's features (those passing `where`), in `crs` when given. */
export function vectorBounds(src: VectorSource, crs?: Crs): [number, number, number, number] {
  const ds = openVector(src.path);
  try {
    const layer = layerOf(ds, src);
    if (src.where) layer.setAttributeFilter(src.where);
    if (layer.features.count() === 0) throw new Error(`${src.path}: no features${src.where ? ` where ${src.where}` : ""}`);
    const from = layer.srs;
    const to = crs ? srsOf(crs) : null;
    if (to && !from) throw new Error(`${src.path}: has no CRS; cannot place its features in ${describeCrs(crs ?? null)}`);
    const tr = to && from && !from.isSame(to) ? new gdal.CoordinateTransformation(from, to) : null;
    let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of layer.features) {
      const g = f.getGeometry();
      if (!g) continue;
      if (tr) g.transform(tr);
      const e = g.getEnvelope();
      b = [Math.min(b[0], e.minX), Math.min(b[1], e.minY), Math.max(b[2], e.maxX), Math.max(b[3], e.maxY)];
    }
    return b;
  } finally {
    ds.close();
  }
}
