// A raster in memory: bands as typed arrays of their GDAL type, with the grid (size, geotransform,
// CRS) and per-band nodata and name.

export type GdalType = "Byte" | "Int8" | "UInt16" | "Int16" | "UInt32" | "Int32" | "Float32" | "Float64";
export type BandArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface Crs {
  wkt: string;
  /** EPSG code when the CRS carries one or GDAL identifies one with certainty; never a guess. */
  epsg: number | null;
}

/** GDAL's affine geotransform: x = gt[0] + col·gt[1] + row·gt[2], y = gt[3] + col·gt[4] + row·gt[5]. */
export type GeoTransform = [number, number, number, number, number, number];

export interface Grid {
  width: number;
  height: number;
  geotransform: GeoTransform;
  crs: Crs | null;
}

export interface Band {
  name: string;
  type: GdalType;
  nodata: number | null;
  data: BandArray;
}

export interface Raster extends Grid {
  bands: Band[];
}

export function arrayFor(type: GdalType, n: number): BandArray {
  switch (type) {
    case "Byte": return new Uint8Array(n);
    case "Int8": return new Int8Array(n);
    case "UInt16": return new Uint16Array(n);
    case "Int16": return new Int16Array(n);
    case "UInt32": return new Uint32Array(n);
    case "Int32": return new Int32Array(n);
    case "Float32": return new Float32Array(n);
    case "Float64": return new Float64Array(n);
  }
}

export function isValid(value: number, nodata: number | null): boolean {
  return !Number.isNaN(value) && value !== nodata;
}

export function cellSize(grid: Grid): [number, number] {
  return [Math.abs(grid.geotransform[1]), Math.abs(grid.geotransform[5])];
}

/** [minX, minY, maxX, maxY] of a north-up grid. */
export function bounds(grid: Grid): [number, number, number, number] {
  const [x0, dx, , y0, , dy] = grid.geotransform;
  const xs = [x0, x0 + dx * grid.width];
  const ys = [y0, y0 + dy * grid.height];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function sameGrid(a: Grid, b: Grid, tolerance = 1e-9): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  const scale = Math.max(Math.abs(a.geotransform[1]), Math.abs(a.geotransform[5]));
  return a.geotransform.every((v, i) => Math.abs(v - b.geotransform[i]) <= tolerance * Math.max(1, scale));
}
