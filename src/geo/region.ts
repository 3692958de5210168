// The part of a grid that samplers may draw windows from: a region of interest (polygons from a
// vector file, or bounds in the grid's CRS) and/or a mask on the grid. Held as a pixel box with an
// optional mask inside it, so that a small region on a large raster costs the box, not the raster.
import { gdal } from "./gdal.js";
import { crsOf, describeCrs, srsOf } from "./crs.js";
import { Grid } from "./raster.js";
import { openVector, layerOf, rasterize, VectorSource } from "./vector.js";
import { Bounds, offsetGeotransform } from "./windows.js";

export interface RegionOptions {
  /** polygons (a vector file, or a layer with a filter), or [minX, minY, maxX, maxY] in the grid's CRS */
  roi?: string | VectorSource | Bounds;
  /** grid-sized, non-zero where windows may lie */
  mask?: ArrayLike<number>;
}

export interface Region {
  /** pixel box [x0, x1) × [y0, y1) holding every cell of the region */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** (x1 − x0) × (y1 − y0) cells, 1 inside; null when the whole box is inside */
  mask: Uint8Array | null;
}

function boxOfBounds(grid: Grid, b: Bounds, label: string): Pick<Region, "x0" | "y0" | "x1" | "y1"> {
  const [gx0, dx, rx, gy0, ry, dy] = grid.geotransform;
  if (rx !== 0 || ry !== 0) throw new Error(`${label}: regions on rotated grids are not supported`);
  if (!(b[0] < b[2] && b[1] < b[3])) throw new Error(`${label}: bounds [${b.join(", ")}] are not [minX, minY, maxX, maxY]`);
  // the cells whose centres lie inside the bounds
  const cols = [(b[0] - gx0) / dx - 0.5, (b[2] - gx0) / dx - 0.5].sort((p, q) => p - q);
  const rows = [(b[1] - gy0) / dy - 0.5, (b[3] - gy0) / dy - 0.5].sort((p, q) => p - q);
  const x0 = Math.max(0, Math.ceil(cols[0]));
  const x1 = Math.min(grid.width, Math.floor(cols[1]) + 1);
  const y0 = Math.max(0, Math.ceil(rows[0]));
  const y1 = Math.min(grid.height, Math.floor(rows[1]) + 1);
  if (x0 >= x1 || y0 >= y1) throw new Error(`${label}: [${b.join(", ")}] does not cover the centre of any cell of the grid`);
  return { x0, y0, x1, y1 };
}

/** The extent of a vector layer in the grid's CRS. */
function layerBounds(src: VectorSource, grid: Grid): Bounds {
  const ds = openVector(src.path);
  try {
    const layer = layerOf(ds, src);
    const e = layer.getExtent();
    const from = crsOf(layer.srs);
    if (!from || !grid.crs) return [e.minX, e.minY, e.maxX, e.maxY];
    const t = new gdal.CoordinateTransformation(srsOf(from), srsOf(grid.crs));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 8; i++)
      for (const [x, y] of [
        [e.minX + ((e.maxX - e.minX) * i) / 8, e.minY],
        [e.minX + ((e.maxX - e.minX) * i) / 8, e.maxY],
        [e.minX, e.minY + ((e.maxY - e.minY) * i) / 8],
        [e.maxX, e.minY + ((e.maxY - e.minY) * i) / 8],
      ]) {
        const p = t.transformPoint(x, y);
        xs.push(p.x);
        ys.push(p.y);
      }
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  } finally {
    ds.close();
  }
}

function polygonRegion(grid: Grid, src: VectorSource): Region {
  const [bx0, by0, bx1, by1] = layerBounds(src, grid);
  const [, dx, , , , dy] = grid.geotransform;
  // one cell of margin around the extent: the reprojected extent is approximate
  let box;
  try {
    box = boxOfBounds(grid, [bx0 - Math.abs(dx), by0 - Math.abs(dy), bx1 + Math.abs(dx), by1 + Math.abs(dy)], src.path);
  } catch {
    throw new Error(`${src.path}: the region of interest does not overlap the grid (${describeCrs(grid.crs)})`);
  }
  const sub: Grid = { width: box.x1 - box.x0, height: box.y1 - box.y0, geotransform: offsetGeotransform(grid.geotransform, box.x0, box.y0), crs: grid.crs };
  const mask = rasterize(src, sub, { burn: 1, type: "Byte", name: "roi" }).data as Uint8Array;
  if (!mask.some((v) => v === 1)) throw new Error(`${src.path}: the region of interest does not cover the centre of any cell of the grid`);
  return { ...box, mask };
}

function intersect(a: Region, b: Region, label: string): Region {
  const x0 = Math.max(a.x0, b.x0), y0 = Math.max(a.y0, b.y0), x1 = Math.min(a.x1, b.x1), y1 = Math.min(a.y1, b.y1);
  if (x0 >= x1 || y0 >= y1) throw new Error(`${label}: the region of interest and the mask do not overlap`);
  const w = x1 - x0;
  const mask = new Uint8Array(w * (y1 - y0));
  for (let r = y0; r < y1; r++)
    for (let c = x0; c < x1; c++) {
      const inA = a.mask ? a.mask[(r - a.y0) * (a.x1 - a.x0) + c - a.x0] : 1;
      const inB = b.mask ? b.mask[(r - b.y0) * (b.x1 - b.x0) + c - b.x0] : 1;
      mask[(r - y0) * w + c - x0] = inA && inB ? 1 : 0;
    }
  if (!mask.some((v) => v === 1)) throw new Error(`${label}: the region of interest and the mask do not overlap`);
  return { x0, y0, x1, y1, mask };
}

function maskRegion(grid: Grid, mask: ArrayLike<number>): Region {
  if (mask.length !== grid.width * grid.height) throw new Error(`mask: ${mask.length} values for a ${grid.width}×${grid.height} grid`);
  let x0 = grid.width, y0 = grid.height, x1 = -1, y1 = -1;
  for (let r = 0; r < grid.height; r++)
    for (let c = 0; c < grid.width; c++)
      if (mask[r * grid.width + c] > 0) {
        if (c < x0) x0 = c;
        if (c > x1) x1 = c;
        if (r < y0) y0 = r;
        if (r > y1) y1 = r;
      }
  if (x1 < 0) throw new Error("mask: no cell is inside (every value is 0)");
  const w = x1 + 1 - x0;
  const box = new Uint8Array(w * (y1 + 1 - y0));
  for (let r = y0; r <= y1; r++) for (let c = x0; c <= x1; c++) box[(r - y0) * w + c - x0] = mask[r * grid.width + c] > 0 ? 1 : 0;
  return { x0, y0, x1: x1 + 1, y1: y1 + 1, mask: box };
}

/** The region the options describe; the whole grid when they give none. */
export function regionOf(grid: Grid, o: RegionOptions): Region {
  let region: Region | null = null;
  if (o.roi !== undefined) {
    if (Array.isArray(o.roi)) region = { ...boxOfBounds(grid, o.roi as Bounds, "roi"), mask: null };
    else region = polygonRegion(grid, typeof o.roi === "string" ? { path: o.roi } : (o.roi as VectorSource));
  }
  if (o.mask !== undefined) {
    const m = maskRegion(grid, o.mask);
    region = region ? intersect(region, m, "roi") : m;
  }
  return region ?? { x0: 0, y0: 0, x1: grid.width, y1: grid.height, mask: null };
}

export function inRegion(region: Region, col: number, row: number): boolean {
  if (col < region.x0 || col >= region.x1 || row < region.y0 || row >= region.y1) return false;
  return region.mask ? region.mask[(row - region.y0) * (region.x1 - region.x0) + col - region.x0] === 1 : true;
}

/** Counts of region cells in any window in O(1): a summed-area table over the region's box. */
export class RegionCounter {
  private readonly sums: Float64Array | null;
  private readonly w: number;

  constructor(private readonly region: Region) {
    this.w = region.x1 - region.x0 + 1;
    const h = region.y1 - region.y0 + 1;
    if (!region.mask) {
      this.sums = null;
      return;
    }
    const s = new Float64Array(this.w * h);
    const bw = region.x1 - region.x0;
    for (let r = 1; r < h; r++) {
      let row = 0;
      for (let c = 1; c < this.w; c++) {
        row += region.mask[(r - 1) * bw + c - 1];
        s[r * this.w + c] = s[(r - 1) * this.w + c] + row;
      }
    }
    this.sums = s;
  }

  /** region cells in the square window of `size` at (x, y) */
  count(x: number, y: number, size: number): number {
    const g = this.region;
    const a = Math.max(x, g.x0) - g.x0, b = Math.min(x + size, g.x1) - g.x0;
    const c = Math.max(y, g.y0) - g.y0, d = Math.min(y + size, g.y1) - g.y0;
    if (a >= b || c >= d) return 0;
    if (!this.sums) return (b - a) * (d - c);
    const s = this.sums, w = this.w;
    return s[d * w + b] - s[c * w + b] - s[d * w + a] + s[c * w + a];
  }
}
