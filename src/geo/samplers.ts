// Window samplers, kept apart from datasets (as in TorchGeo): they see only a grid and a region
// and hand out windows; a dataset reads them. Sizes and strides are in pixels or CRS units.
import { Grid } from "./raster.js";
import { slidingWindows } from "./patches.js";
import { seededRandom } from "../util/random.js";
import { GeoWindow, Units, geoWindow, toPixels } from "./windows.js";
import { Region, RegionCounter, RegionOptions, inRegion, regionOf } from "./region.js";

export interface WindowOptions extends RegionOptions {
  /** window side, in `units` */
  size: number;
  units?: Units;
  /**
   * Keep windows whose share of cells inside the region is at least this (default: any cell
   * inside). 1 keeps windows wholly inside.
   */
  minCoverage?: number;
}

export interface GridSamplerOptions extends WindowOptions {
  /** distance between window origins, in `units` (default: the size, no overlap) */
  stride?: number;
}

export interface RandomSamplerOptions extends WindowOptions {
  count: number;
  seed: number;
}

function coverageTest(o: WindowOptions, size: number): (cells: number) => boolean {
  const min = o.minCoverage ?? 0;
  if (!(min >= 0 && min <= 1)) throw new RangeError(`minCoverage: expected a fraction in [0, 1], got ${o.minCoverage}`);
  const need = Math.max(1, Math.ceil(min * size * size - 1e-9));
  return (cells) => cells >= need;
}

function sizeOn(grid: Grid, o: WindowOptions): number {
  const size = toPixels(grid, o.size, o.units ?? "pixels", "size");
  if (size > grid.width || size > grid.height) throw new RangeError(`size: a window of ${size} pixels is larger than the ${grid.width}×${grid.height} grid`);
  return size;
}

/** The window origins along one axis that can touch [lo, hi), within [0, n − size]. */
function originRange(lo: number, hi: number, n: number, size: number): [number, number] {
  return [Math.max(0, lo - size + 1), Math.min(n - size, hi - 1)];
}

/**
 * Windows on a regular grid over the region's box, every `stride` pixels, the last row and
 * column snapped to the box's edge (slidingWindows); windows without enough of the region are
 * dropped. Without a region it is slidingWindows over the whole grid.
 */
export function gridSampler(grid: Grid, o: GridSamplerOptions): GeoWindow[] {
  const size = sizeOn(grid, o);
  const stride = o.stride === undefined ? size : toPixels(grid, o.stride, o.units ?? "pixels", "stride");
  const region = regionOf(grid, o);
  const counter = new RegionCounter(region);
  const enough = coverageTest(o, size);
  // the region's box, grown to at least one window and kept on the grid
  const grow = (a: number, b: number, n: number): [number, number] => {
    if (b - a >= size) return [a, b];
    const start = Math.min(Math.max(0, a - Math.floor((size - (b - a)) / 2)), n - size);
    return [start, start + size];
  };
  const [x0, x1] = grow(region.x0, region.x1, grid.width);
  const [y0, y1] = grow(region.y0, region.y1, grid.height);
  return slidingWindows(x1 - x0, y1 - y0, size, stride)
    .map((w) => ({ x: w.x + x0, y: w.y + y0 }))
    .filter((w) => enough(counter.count(w.x, w.y, size)))
    .map((w) => geoWindow(grid, w.x, w.y, size));
}

/**
 * `count` windows at uniformly random positions among those with enough of the region, from a
 * seeded generator: the same seed gives the same windows.
 */
export function randomSampler(grid: Grid, o: RandomSamplerOptions): GeoWindow[] {
  if (!Number.isInteger(o.count) || o.count < 0) throw new RangeError(`count: expected a whole number ≥ 0, got ${o.count}`);
  const size = sizeOn(grid, o);
  const region = regionOf(grid, o);
  const counter = new RegionCounter(region);
  const enough = coverageTest(o, size);
  const [ax, bx] = originRange(region.x0, region.x1, grid.width, size);
  const [ay, by] = originRange(region.y0, region.y1, grid.height, size);
  const rand = seededRandom(o.seed);
  const out: GeoWindow[] = [];
  // rejection from the uniform distribution over the box's origins is uniform over the accepted ones
  const tries = 1000 * Math.max(o.count, 1);
  for (let k = 0; out.length < o.count; k++) {
    if (k >= tries)
      throw new Error(`randomSampler: no window of ${size} pixels with ${o.minCoverage ? `${o.minCoverage * 100} % of its cells` : "a cell"} in the region found in ${tries} tries; use smaller windows or a lower minCoverage`);
    const x = ax + Math.floor(rand() * (bx - ax + 1));
    const y = ay + Math.floor(rand() * (by - ay + 1));
    if (enough(counter.count(x, y, size))) out.push(geoWindow(grid, x, y, size));
  }
  return out;
}

export interface ClassLabels {
  /** grid-sized class values (a class mask read with RasterDataset.read or readRaster) */
  data: ArrayLike<number>;
  /** cells with this value belong to no class */
  nodata?: number | null;
}

export interface BalancedSamplerOptions extends RegionOptions {
  size: number;
  units?: Units;
  /** windows per class */
  perClass: number;
  seed: number;
  /** the classes to draw (default: every value found) */
  classes?: number[];
  /** draw with replacement when a class has fewer centre cells than perClass (default: an error) */
  replace?: boolean;
}

export interface LabelledWindow extends GeoWindow {
  /** the class of the window's centre cell */
  label: number;
}

/**
 * The same number of windows for every class of a class mask: each window is centred (cell
 * floor(size/2), floor(size/2)) on a cell of its class, drawn uniformly among those cells whose
 * window fits on the grid (and lies in the region, if one is given). Seeded, and shuffled so
 * that classes mix.
 */
export function balancedSampler(grid: Grid, labels: ClassLabels, o: BalancedSamplerOptions): LabelledWindow[] {
  const { width: W, height: H } = grid;
  if (labels.data.length !== W * H) throw new RangeError(`labels: ${labels.data.length} values for a ${W}×${H} grid`);
  if (!Number.isInteger(o.perClass) || o.perClass < 1) throw new RangeError(`perClass: expected a whole number ≥ 1, got ${o.perClass}`);
  const size = toPixels(grid, o.size, o.units ?? "pixels", "size");
  if (size > W || size > H) throw new RangeError(`size: a window of ${size} pixels is larger than the ${W}×${H} grid`);
  const half = Math.floor(size / 2);
  const region: Region | null = o.roi !== undefined || o.mask !== undefined ? regionOf(grid, o) : null;
  const nodata = labels.nodata ?? null;
  const isLabel = (v: number) => !Number.isNaN(v) && v !== nodata;
  // centre cells whose window fits on the grid
  const cx0 = half, cx1 = W - size + half, cy0 = half, cy1 = H - size + half;
  const counts = new Map<number, number>();
  const each = (f: (cell: number, v: number) => void) => {
    for (let r = cy0; r <= cy1; r++)
      for (let c = cx0; c <= cx1; c++) {
        const cell = r * W + c;
        const v = labels.data[cell];
        if (isLabel(v) && (!region || inRegion(region, c, r))) f(cell, v);
      }
  };
  each((_, v) => counts.set(v, (counts.get(v) ?? 0) + 1));
  const classes = o.classes ?? [...counts.keys()].sort((a, b) => a - b);
  if (classes.length === 0) throw new Error("balancedSampler: no labelled cell can be the centre of a window on the grid");
  for (const k of classes) {
    const n = counts.get(k) ?? 0;
    if (n === 0) throw new Error(`balancedSampler: class ${k} has no cell that can be the centre of a ${size}-pixel window${region ? " in the region" : ""}`);
    if (n < o.perClass && !o.replace)
      throw new Error(`balancedSampler: class ${k} has ${n} possible window centres, fewer than perClass ${o.perClass}; lower perClass or set replace`);
  }
  const cells = new Map(classes.map((k) => [k, { list: new Int32Array(counts.get(k) ?? 0), n: 0 }]));
  each((cell, v) => {
    const c = cells.get(v);
    if (c) c.list[c.n++] = cell;
  });
  const rand = seededRandom(o.seed);
  const out: LabelledWindow[] = [];
  for (const k of classes) {
    const list = cells.get(k)!.list;
    for (let i = 0; i < o.perClass; i++) {
      let cell: number;
      if (list.length >= o.perClass) {
        // partial Fisher–Yates: distinct centres
        const j = i + Math.floor(rand() * (list.length - i));
        [list[i], list[j]] = [list[j], list[i]];
        cell = list[i];
      } else cell = list[Math.floor(rand() * list.length)];
      out.push({ ...geoWindow(grid, (cell % W) - half, Math.floor(cell / W) - half, size), label: k });
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
