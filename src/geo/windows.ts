// Windows that know where they are: a square window of a grid with its own geotransform, bounds and
// CRS, so that a sample or a prediction on it can be placed back on the map.
import { Window } from "./patches.js";
import { Crs, GeoTransform, Grid } from "./raster.js";

export type Bounds = [minX: number, minY: number, maxX: number, maxY: number];

export interface GeoWindow extends Window {
  /** GDAL's geotransform of the window's own pixels (pixel 0, 0 is the window's top-left) */
  geotransform: GeoTransform;
  bounds: Bounds;
  crs: Crs | null;
}

/** Window sizes and strides are in pixels, or in the units of the grid's CRS (metres for UTM). */
export type Units = "pixels" | "crs";

/** The geotransform of the sub-grid that starts at pixel (x, y). */
export function offsetGeotransform(gt: GeoTransform, x: number, y: number): GeoTransform {
  return [gt[0] + x * gt[1] + y * gt[2], gt[1], gt[2], gt[3] + x * gt[4] + y * gt[5], gt[4], gt[5]];
}

/** [minX, minY, maxX, maxY] of `width` × `height` pixels under a geotransform (any rotation). */
export function boundsOf(gt: GeoTransform, width: number, height: number): Bounds {
  const xs = [0, width].flatMap((c) => [0, height].map((r) => gt[0] + c * gt[1] + r * gt[2]));
  const ys = [0, width].flatMap((c) => [0, height].map((r) => gt[3] + c * gt[4] + r * gt[5]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function geoWindow(grid: Grid, x: number, y: number, size: number): GeoWindow {
  if (!Number.isInteger(x) || !Number.isInteger(y) || !Number.isInteger(size) || size < 1)
    throw new RangeError(`a window needs whole pixel coordinates and a size ≥ 1, got ${size} at (${x}, ${y})`);
  if (x < 0 || y < 0 || x + size > grid.width || y + size > grid.height)
    throw new RangeError(`window ${size}×${size} at (${x}, ${y}) is outside the ${grid.width}×${grid.height} grid`);
  const geotransform = offsetGeotransform(grid.geotransform, x, y);
  return { x, y, size, geotransform, bounds: boundsOf(geotransform, size, size), crs: grid.crs };
}

/** A window of a grid as a grid of its own (to write a prediction on it as a GeoTIFF). */
export function windowGrid(w: GeoWindow): Grid {
  return { width: w.size, height: w.size, geotransform: [...w.geotransform], crs: w.crs };
}

/** Gives a plain window (e.g. from slidingWindows) its geotransform on `grid`. */
export function locate(grid: Grid, windows: Window[]): GeoWindow[] {
  return windows.map((w) => geoWindow(grid, w.x, w.y, w.size));
}

/**
 * A length in pixels: as given for "pixels", else divided by the pixel size and rounded. Lengths in
 * CRS units need square pixels, since a window is square in pixels.
 */
export function toPixels(grid: Grid, length: number, units: Units, what: string): number {
  if (!(length > 0) || !Number.isFinite(length)) throw new RangeError(`${what}: expected a length > 0, got ${length}`);
  if (units === "pixels") {
    if (!Number.isInteger(length)) throw new RangeError(`${what}: ${length} pixels is not a whole number`);
    return length;
  }
  const gt = grid.geotransform;
  const dx = Math.hypot(gt[1], gt[4]);
  const dy = Math.hypot(gt[2], gt[5]);
  if (Math.abs(dx - dy) > 1e-6 * Math.max(dx, dy))
    throw new RangeError(`${what}: the grid's pixels are ${dx} × ${dy}, not square, so a length in CRS units is not a whole window; give it in pixels`);
  const px = Math.round(length / dx);
  if (px < 1) throw new RangeError(`${what}: ${length} CRS units is less than one pixel of ${dx}`);
  return px;
}
