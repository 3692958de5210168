// `catchment dem evaluate`: errors of the enhanced DEM and of each global DEM (resampled to the
// enhanced grid) against the reference, overall, by slope class and by land cover; error maps and
// a profile plot; and the flood-based check. Ends with one summary line.
import { join, basename } from "node:path";
import { Grid, alignTo, readGrid, readRaster, rasterize, sameCrs, sameGrid, describeCrs, isValid, cellSize, Band } from "../geo/index.js";
import { bias, mae, nmad, rmse } from "../metrics/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { renderRaster } from "../viz/raster-png.js";
import { writeLineChart } from "../viz/chart.js";
import { hillshade } from "../viz/hillshade.js";
import { FloodScores, StormSpec, defaultStorm, floodScores, simulateMaxDepth } from "./flood-check.js";

export interface EvaluateOptions {
  enhanced: string;
  reference: string;
  gdems: string[];
  out: string;
  /** 1 = evaluate this cell (e.g. the test area of a training run) */
  mask?: string;
  landcover?: { buildings?: string; roads?: string; vegetation?: string; water?: string };
  flood?: StormSpec | null;
  /** buildings (vector or raster) as walls in every flood simulation: the obstacles a flood model adds to a bare-ground DEM */
  floodBuildings?: string;
  progress?: boolean;
}

export interface ErrorStats {
  rmse: number;
  mae: number;
  bias: number;
  nmad: number;
  cells: number;
}

export interface DemEvaluation {
  names: string[];
  overall: Record<string, ErrorStats>;
  bySlope: { class: string; stats: Record<string, ErrorStats> }[];
  byCover: { class: string; stats: Record<string, ErrorStats> }[];
  flood: Record<string, FloodScores> | null;
  bestGdem: string;
  rmseChangePct: number;
  maeChangePct: number;
  notes: string[];
  line: string;
}

function stats(ref: Float32Array, dem: Float32Array, keep: (i: number) => boolean): ErrorStats {
  const o: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < ref.length; i++) if (keep(i) && Number.isFinite(ref[i]) && Number.isFinite(dem[i])) {
    o.push(ref[i]);
    s.push(dem[i]);
  }
  if (o.length === 0) return { rmse: NaN, mae: NaN, bias: NaN, nmad: NaN, cells: 0 };
  return { rmse: rmse(o, s), mae: mae(o, s), bias: bias(o, s), nmad: nmad(o, s), cells: o.length };
}

/** Slope (degrees) by Horn's method on valid cells. */
export function slopeDegrees(z: Float32Array, width: number, height: number, dx: number): Float32Array {
  const out = new Float32Array(z.length).fill(NaN);
  const at = (r: number, c: number, f: number) => {
    const v = z[Math.min(height - 1, Math.max(0, r)) * width + Math.min(width - 1, Math.max(0, c))];
    return Number.isFinite(v) ? v : f;
  };
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const v = z[r * width + c];
      if (!Number.isFinite(v)) continue;
      const gx = (at(r - 1, c + 1, v) + 2 * at(r, c + 1, v) + at(r + 1, c + 1, v) - at(r - 1, c - 1, v) - 2 * at(r, c - 1, v) - at(r + 1, c - 1, v)) / (8 * dx);
      const gy = (at(r + 1, c - 1, v) + 2 * at(r + 1, c, v) + at(r + 1, c + 1, v) - at(r - 1, c - 1, v) - 2 * at(r - 1, c, v) - at(r - 1, c + 1, v)) / (8 * dx);
      out[r * width + c] = (Math.atan(Math.hypot(gx, gy)) * 180) / Math.PI;
    }
  return out;
}

export const SLOPE_CLASSES: [string, number, number][] = [
  ["0-2 deg", 0, 2],
  ["2-5 deg", 2, 5],
  ["5-10 deg", 5, 10],
  ["10-20 deg", 10, 20],
  [">20 deg", 20, 91],
];

const asFloat = (b: Band) => Float32Array.from(b.data, (v) => (isValid(v, b.nodata) ? v : NaN));

function onGrid(path: string, grid: Grid, notes: string[], what: string): Float32Array {
  const g = readGrid(path);
  if (!sameCrs(g.crs, grid.crs)) notes.push(`${what} ${path}: in ${describeCrs(g.crs)}, reprojected to ${describeCrs(grid.crs)}`);
  else if (!sameGrid(g, grid)) notes.push(`${what} ${path}: resampled (bilinear) to the enhanced DEM's ${cellSize(grid)[0]} m grid`);
  if (sameGrid(g, grid) && sameCrs(g.crs, grid.crs)) return asFloat(readRaster(path, { bands: [1] }).bands[0]);
  return asFloat(alignTo(path, grid, { resampling: "bilinear", bands: [1] }).bands[0]);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boundingBox(mask: Uint8Array, width: number, height: number): Box {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (mask[y * width + x]) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function crop(a: Float32Array, width: number, b: Box): Float32Array {
  const out = new Float32Array(b.width * b.height);
  for (let y = 0; y < b.height; y++) out.set(a.subarray((b.y + y) * width + b.x, (b.y + y) * width + b.x + b.width), y * b.width);
  return out;
}

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "nan");

function errorMap(path: string, err: Float32Array, grid: Grid, limit: number, title: string, shade: Float32Array): void {
  writeFileAtomic(
    path,
    renderRaster({ name: "error", type: "Float32", nodata: null, data: err }, grid.width, grid.height, { colormap: "diverging", range: [-limit, limit], title, units: "error (m), DEM − reference", shade }),
  );
}

export function evaluateDem(o: EvaluateOptions): DemEvaluation {
  const notes: string[] = [];
  const full = readGrid(o.enhanced);
  const [dx] = cellSize(full);
  const names = ["enhanced", ...o.gdems.map((p) => basename(p).replace(/\.tif+$/i, ""))];
  if (new Set(names).size !== names.length) throw new Error(`--gdem: two global DEMs have the same file name (${names.slice(1).join(", ")}); name them apart`);
  const fullMask = o.mask ? Uint8Array.from(onGrid(o.mask, full, notes, "mask"), (v) => (v > 0.5 ? 1 : 0)) : null;
  if (fullMask && !fullMask.some((v) => v)) throw new Error(`${o.mask}: the mask selects no cell of the enhanced DEM's grid`);
  const rasters = [asFloat(readRaster(o.enhanced, { bands: [1] }).bands[0]), onGrid(o.reference, full, notes, "reference"), ...o.gdems.map((p) => onGrid(p, full, notes, "global DEM"))];
  // with a mask, everything (tables, maps, the flood simulations) is on the mask's bounding box
  const box = fullMask ? boundingBox(fullMask, full.width, full.height) : { x: 0, y: 0, width: full.width, height: full.height };
  if (fullMask) notes.push(`evaluated on the mask's bounding box: ${box.width}×${box.height} cells at column ${box.x}, row ${box.y}`);
  const grid: Grid = { ...full, width: box.width, height: box.height, geotransform: [full.geotransform[0] + box.x * full.geotransform[1], full.geotransform[1], 0, full.geotransform[3] + box.y * full.geotransform[5], 0, full.geotransform[5]] };
  const [enhanced, reference, ...gdemArrays] = rasters.map((a) => crop(a, full.width, box));
  const dems = [enhanced, ...gdemArrays];
  const mask = fullMask ? Uint8Array.from(crop(Float32Array.from(fullMask), full.width, box)) : null;
  // every DEM is scored on the same cells: inside the mask, where the reference and all DEMs have values
  const common = Uint8Array.from(reference, (r, i) => (Number.isFinite(r) && (!mask || mask[i] === 1) && dems.every((d) => Number.isFinite(d[i])) ? 1 : 0));
  const dropped = reference.reduce((a, r, i) => a + (Number.isFinite(r) && (!mask || mask[i] === 1) && !common[i] ? 1 : 0), 0);
  if (dropped) notes.push(`${dropped} reference cells left out because a DEM has no value there (all DEMs are scored on the same cells)`);
  const inMask = (i: number) => common[i] === 1;
  const overall: Record<string, ErrorStats> = {};
  names.forEach((n, k) => (overall[n] = stats(reference, dems[k], inMask)));
  if (overall.enhanced.cells === 0) throw new Error(`${o.enhanced}: no cell where the enhanced and reference DEMs are both valid${mask ? " inside the mask" : ""}`);

  const slope = slopeDegrees(reference, grid.width, grid.height, dx);
  const bySlope = SLOPE_CLASSES.map(([label, lo, hi]) => ({
    class: label,
    stats: Object.fromEntries(names.map((n, k) => [n, stats(reference, dems[k], (i) => inMask(i) && slope[i] >= lo && slope[i] < hi)])),
  }));
  // land cover from vectors, in precedence order buildings > roads > water > vegetation > other
  const cover = new Uint8Array(reference.length);
  const classes = ["other", "vegetation", "water", "roads", "buildings"] as const;
  // a vector is burnt; a raster (any grid) counts where it is above 0.5
  const onGridMask = (v: string, allTouched: boolean) =>
    /\.(tiff?|vrt|img|asc)$/i.test(v)
      ? Float32Array.from(alignTo(v, grid, { resampling: "nearest", bands: [1] }).bands[0].data, (x) => (x > 0.5 ? 1 : 0))
      : rasterize({ path: v }, grid, { burn: 1, type: "Byte", allTouched }).data;
  for (const [k, key] of (["vegetation", "water", "roads", "buildings"] as const).entries()) {
    const v = o.landcover?.[key];
    if (!v) continue;
    const data = onGridMask(v, key === "roads");
    for (let i = 0; i < cover.length; i++) if (data[i]) cover[i] = k + 1;
  }
  const byCover = classes
    .map((label, k) => ({ class: label, stats: Object.fromEntries(names.map((n, j) => [n, stats(reference, dems[j], (i) => inMask(i) && cover[i] === k)])) }))
    .filter((c) => c.stats.enhanced.cells > 0);

  const gdemNames = names.slice(1);
  const bestGdem = gdemNames.length ? gdemNames.reduce((a, n) => (overall[n].rmse < overall[a].rmse ? n : a)) : "";
  const bestMae = gdemNames.length ? gdemNames.reduce((a, n) => (overall[n].mae < overall[a].mae ? n : a)) : "";
  const rmseChangePct = bestGdem ? (100 * (overall.enhanced.rmse - overall[bestGdem].rmse)) / overall[bestGdem].rmse : NaN;
  const maeChangePct = bestMae ? (100 * (overall.enhanced.mae - overall[bestMae].mae)) / overall[bestMae].mae : NaN;

  // tables
  const row = (label: string, cls: string, s: ErrorStats) => [label, cls, f(s.rmse), f(s.mae), f(s.bias), f(s.nmad), s.cells];
  const head = ["dem", "class", "rmse_m", "mae_m", "bias_m", "nmad_m", "cells"];
  writeFileAtomic(join(o.out, "errors.csv"), toCsv(head, names.map((n) => row(n, "all", overall[n]))));
  writeFileAtomic(join(o.out, "errors_by_slope.csv"), toCsv(head, bySlope.flatMap((c) => names.map((n) => row(n, c.class, c.stats[n])))));
  writeFileAtomic(join(o.out, "errors_by_landcover.csv"), toCsv(head, byCover.flatMap((c) => names.map((n) => row(n, c.class, c.stats[n])))));
  writeFileAtomic(
    join(o.out, "reductions.csv"),
    toCsv(["versus", "rmse_change_pct", "mae_change_pct"], gdemNames.map((n) => [n, f((100 * (overall.enhanced.rmse - overall[n].rmse)) / overall[n].rmse, 1), f((100 * (overall.enhanced.mae - overall[n].mae)) / overall[n].mae, 1)])),
  );

  // pictures
  const shade = hillshade(reference, grid.width, grid.height, dx, dx, (v) => Number.isFinite(v));
  const err = (k: number) => Float32Array.from(dems[k], (v, i) => (inMask(i) ? v - reference[i] : NaN));
  const limit = bestGdem ? Math.max(1, 2 * overall[bestGdem].rmse) : Math.max(1, 2 * overall.enhanced.rmse);
  errorMap(join(o.out, "error_enhanced.png"), err(0), grid, limit, `Enhanced − reference (RMSE ${f(overall.enhanced.rmse, 2)} m)`, shade);
  gdemNames.forEach((n, j) => errorMap(join(o.out, `error_${n}.png`), err(j + 1), grid, limit, `${n} − reference (RMSE ${f(overall[n].rmse, 2)} m)`, shade));
  // profile: of the rows crossing at least half as many evaluated cells as the widest, the one with the most relief
  const rowStats = Array.from({ length: grid.height }, (_, r) => {
    let lo = Infinity, hi = -Infinity, n = 0;
    for (let c = 0; c < grid.width; c++) {
      const i = r * grid.width + c;
      if (!inMask(i)) continue;
      lo = Math.min(lo, reference[i]);
      hi = Math.max(hi, reference[i]);
      n++;
    }
    return { n, range: hi - lo };
  });
  const widest = Math.max(...rowStats.map((x) => x.n));
  const bestRow = rowStats.reduce((best, x, r) => (x.n >= Math.max(2, widest / 2) && x.range > rowStats[best].range ? r : best), rowStats.findIndex((x) => x.n === widest));
  const xs = Array.from({ length: grid.width }, (_, c) => c * dx);
  const along = (a: Float32Array) => Array.from({ length: grid.width }, (_, c) => (inMask(bestRow * grid.width + c) ? a[bestRow * grid.width + c] : NaN));
  writeLineChart(
    join(o.out, "profile.png"),
    [{ label: "reference", y: along(reference), x: xs, color: "#000000", width: 2.5 }, ...names.map((n, k) => ({ label: n, y: along(dems[k]), x: xs, width: k === 0 ? 2 : 1.2 }))],
    { title: `Elevation profile along row ${bestRow} (y = ${(grid.geotransform[3] + (bestRow + 0.5) * grid.geotransform[5]).toFixed(0)})`, xLabel: "distance from the west edge (m)", yLabel: "elevation (m)" },
  );

  // flood check
  let flood: Record<string, FloodScores> | null = null;
  if (o.flood) {
    const storm = o.flood;
    const walls = o.floodBuildings ? Uint8Array.from(onGridMask(o.floodBuildings, false), (v) => (v ? 1 : 0)) : undefined;
    if (walls) notes.push(`flood check: ${walls.reduce((a, v) => a + v, 0)} building cells of ${o.floodBuildings} are walls in every simulation`);
    const refSim = simulateMaxDepth(reference, grid.width, grid.height, dx, storm, o.progress, walls);
    flood = {};
    const maps: Record<string, Float32Array> = { reference: refSim.maxDepth };
    names.forEach((n, k) => {
      const sim = simulateMaxDepth(dems[k], grid.width, grid.height, dx, storm, o.progress, walls);
      maps[n] = sim.maxDepth;
      (flood as Record<string, FloodScores>)[n] = floodScores(refSim.maxDepth, sim.maxDepth, storm.threshold, common);
    });
    writeFileAtomic(
      join(o.out, "flood_scores.csv"),
      toCsv(["dem", "pod", "far", "csi", "max_depth_rmse_m", "flooded_cells"], names.map((n) => { const s = (flood as Record<string, FloodScores>)[n]; return [n, f(s.pod), f(s.far), f(s.csi), f(s.max_depth_rmse_m), s.flooded_cells]; })),
    );
    for (const n of ["reference", "enhanced", ...(bestGdem ? [bestGdem] : [])]) {
      const d = Float32Array.from(maps[n], (v, i) => (inMask(i) ? v : NaN));
      writeFileAtomic(
        join(o.out, `flood_${n}.png`),
        renderRaster({ name: "max depth", type: "Float32", nodata: null, data: d }, grid.width, grid.height, { colormap: "depth", range: [0, 1], title: `Max depth on ${n} (storm ${storm.duration_min} min, simulated ${storm.simulate_s / 3600} h)`, units: "max depth (m)", shade, transparentBelow: storm.threshold }),
      );
    }
  }
  const gdemCsi = flood ? gdemNames.map((n) => (flood as Record<string, FloodScores>)[n].csi).filter(Number.isFinite) : [];
  const csiGdem = gdemCsi.length ? Math.max(...gdemCsi) : NaN;
  const line = `dem: rmse_enhanced=${f(overall.enhanced.rmse)} rmse_gdem=${bestGdem ? f(overall[bestGdem].rmse) : "nan"} rmse_change_pct=${f(rmseChangePct, 1)} mae_change_pct=${f(maeChangePct, 1)} csi_enhanced=${flood ? f(flood.enhanced.csi) : "nan"} csi_gdem=${f(csiGdem)}`;
  const result: DemEvaluation = { names, overall, bySlope, byCover, flood, bestGdem, rmseChangePct, maeChangePct, notes, line };
  writeFileAtomic(join(o.out, "report.json"), JSON.stringify({ ...result, enhanced: o.enhanced, reference: o.reference, gdems: o.gdems, mask: o.mask ?? null, storm: o.flood ?? null }, null, 2) + "\n");
  return result;
}

export { defaultStorm };
