// Imagery for a water run: one scene stacked from band files onto one grid, or a time series of band
// stacks (one band per date) with a QA stack. Bands carry the model's names, values as Float32 with
// NaN where any no-data rule applies.
import { Band, Grid, Raster, isValid } from "../geo/raster.js";
import { readGrid, readRaster } from "../geo/io.js";
import { buildStack } from "../geo/stack.js";
import { readTable, textColumn, hasColumn } from "../util/table.js";
import { parseDate } from "../util/dates.js";
import { WaterConfig } from "./config.js";

export interface Scene {
  /** e.g. the date of a series band, or "scene" */
  id: string;
  raster: Raster;
}

export interface SeriesData {
  scenes: Scene[];
  qa: Band[];
  dates: string[];
  /** scenes held back for evaluation */
  test: boolean[];
}

/** path#band → [path, band] */
function splitBand(spec: string): [string, number | undefined] {
  const m = /^(.*)#(\d+)$/.exec(spec);
  return m ? [m[1], Number(m[2])] : [spec, undefined];
}

/** Float32 copy (times `scale`) with NaN where the value is the band's nodata or one of `extra`. */
export function asFloat(b: Band, extra: number[], scale = 1): Band {
  const out = new Float32Array(b.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = b.data[i];
    out[i] = isValid(v, b.nodata) && !extra.includes(v) ? v * scale : NaN;
  }
  return { name: b.name, type: "Float32", nodata: NaN, data: out };
}

export function loadScene(cfg: NonNullable<WaterConfig["scene"]>): Raster {
  const entries = Object.entries(cfg.bands);
  const gridName = cfg.grid ?? entries[0][0];
  const [gridPath] = splitBand(cfg.bands[gridName]);
  const grid = resampledGrid(readGrid(gridPath), cfg.resolution);
  const stack = buildStack(
    grid,
    entries.map(([name, spec]) => {
      const [path, band] = splitBand(spec);
      return { name, path, band, resampling: cfg.resampling };
    }),
  );
  return { ...stack, bands: stack.bands.map((b) => asFloat(b, cfg.nodata, cfg.scale)) };
}

/** The same extent in cells of `resolution` (rounded to whole cells), or the grid itself. */
export function resampledGrid(grid: Grid, resolution?: number): Grid {
  if (resolution === undefined) return grid;
  const [x0, dx, , y0, , dy] = grid.geotransform;
  const width = Math.max(1, Math.round((grid.width * Math.abs(dx)) / resolution));
  const height = Math.max(1, Math.round((grid.height * Math.abs(dy)) / resolution));
  return { ...grid, width, height, geotransform: [x0, Math.sign(dx) * resolution, 0, y0, 0, Math.sign(dy) * resolution] };
}

export function loadSeries(cfg: NonNullable<WaterConfig["series"]>): SeriesData {
  const names = Object.keys(cfg.bands);
  const stacks = names.map((n) => readRaster(cfg.bands[n]));
  const qa = readRaster(cfg.qa);
  const count = qa.bands.length;
  stacks.forEach((s, i) => {
    const path = cfg.bands[names[i]];
    if (s.bands.length !== count) throw new Error(`${path}: has ${s.bands.length} bands (dates), the QA stack ${cfg.qa} has ${count}`);
    if (s.width !== qa.width || s.height !== qa.height) throw new Error(`${path}: is ${s.width}x${s.height}, the QA stack ${qa.width}x${qa.height}`);
  });
  let dates = Array.from({ length: count }, (_, i) => `date_${i + 1}`);
  if (cfg.dates) {
    const t = readTable(cfg.dates);
    if (!hasColumn(t, "date")) throw new Error(`${cfg.dates}: no column 'date'; columns are ${t.columns.join(", ")}`);
    dates = textColumn(t, "date").map((d, i) => parseDate(d, `${cfg.dates}:${t.lines[i]}`));
    if (dates.length !== count) throw new Error(`${cfg.dates}: has ${dates.length} dates, the stacks ${count} bands`);
  }
  const scenes: Scene[] = dates.map((d, t) => ({
    id: d,
    raster: { width: qa.width, height: qa.height, geotransform: qa.geotransform, crs: qa.crs, bands: names.map((n, b) => ({ ...asFloat(stacks[b].bands[t], cfg.nodata), name: n })) },
  }));
  const test = dates.map((_, t) => (t + 1) % cfg.test_every === 0);
  return { scenes, qa: qa.bands, dates, test };
}
