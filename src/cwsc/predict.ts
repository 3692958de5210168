// `catchment cwsc predict`: the storage capacity of every 0.5° land cell from a trained network,
// as a GeoTIFF on the lattice and a PNG map with a legend, compared with Xanthos' FAO maximum
// soil moisture (Pearson and Spearman correlation, and a scatter plot) when that grid is given
// and is not an input of the model.
import { basename, dirname, extname, join } from "node:path";
import { existsSync } from "node:fs";
import { writeRaster } from "../geo/io.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { renderScatterChart } from "../viz/chart.js";
import { renderRaster } from "../viz/raster-png.js";
import { pearson } from "../metrics/index.js";
import { progressBar } from "../train/progress.js";
import { buildInputs, checkInputSpec, COMPARISON_GRIDS, InputSpec } from "./inputs.js";
import { LATTICE, LATTICE_CELLS, latticeGrid } from "./data/lattice.js";
import { readXanthos } from "./data/grids.js";
import { loadModel } from "./model-file.js";
import { normalizeStack } from "./patches.js";
import { predictCells } from "./predict-cells.js";

export const NODATA = -9999;

export interface PredictOptions {
  model: string;
  out: string;
  /** where the input grids are (paths only; the channels come from the model) */
  inputs: Pick<InputSpec, "bioclim" | "xanthos" | "extra">;
  /** Xanthos folder with soil_moisture.csv for the comparison (omit to skip it) */
  compareWith?: string;
  device: string;
  source: string;
}

export interface Comparison {
  grid: string;
  cells: number;
  pearson: number;
  spearman: number;
  pearson_log: number;
}

export interface PredictResult {
  tif: string;
  png: string;
  cells: number;
  seconds: number;
  stats: { min: number; median: number; max: number };
  comparison: Comparison | null;
}

function ranks(v: number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

export function predictMap(o: PredictOptions): PredictResult {
  if (extname(o.out).toLowerCase() !== ".tif" && extname(o.out).toLowerCase() !== ".tiff") throw new Error(`--out ${o.out}: expected a GeoTIFF path ending in .tif`);
  const { net, info } = loadModel(o.model, o.device);
  const spec: InputSpec = { bioclim: o.inputs.bioclim, xanthos: o.inputs.xanthos, extra: o.inputs.extra, channels: info.channels, log: info.log };
  checkInputSpec(spec, o.source);
  const compare = o.compareWith && !info.channels.some((c) => COMPARISON_GRIDS.includes(c)) ? o.compareWith : undefined;
  if (compare && !existsSync(join(compare, "soil_moisture.csv"))) throw new Error(`${compare}: no soil_moisture.csv to compare the map with`);
  const started = Date.now();
  const stack = buildInputs(spec);
  const norm = normalizeStack(stack, info.normalization);
  const land: number[] = [];
  stack.land.forEach((v, c) => v && land.push(c));
  const bar = progressBar("cwsc predict", land.length);
  const pred = predictCells(net, info, norm, land, o.device, 2048, (done) => bar.update(done));
  bar.stop();
  const grid = new Float32Array(LATTICE_CELLS).fill(NODATA);
  land.forEach((c, j) => (grid[c] = pred[j]));
  const raster = { ...latticeGrid(), bands: [{ name: "cwsc_mm", type: "Float32" as const, nodata: NODATA, data: grid }] };
  const sorted = Float64Array.from(pred).sort();
  const stats = { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };

  let comparison: Comparison | null = null;
  let comparisonPng: Buffer | null = null;
  if (compare) {
    const sm = readXanthos(compare).soilMoisture;
    const a: number[] = [];
    const b: number[] = [];
    land.forEach((c, j) => {
      if (Number.isFinite(sm[c]) && sm[c] > 0) {
        a.push(sm[c]);
        b.push(pred[j]);
      }
    });
    comparison = { grid: "Xanthos FAO maximum soil moisture (mm)", cells: a.length, pearson: pearson(a, b), spearman: spearman(a, b), pearson_log: pearson(a.map(Math.log), b.map(Math.log)) };
    // every 4th cell keeps the plot readable
    const every = (v: number[]) => v.filter((_, i) => i % 4 === 0);
    comparisonPng = renderScatterPng(every(a), every(b), comparison);
  }
  // everything is computed before anything is written
  const stem = join(dirname(o.out), basename(o.out, extname(o.out)));
  writeRaster(o.out, raster);
  const png = `${stem}.png`;
  const range: [number, number] = [Math.round(sorted[Math.floor(0.02 * sorted.length)]), Math.round(sorted[Math.floor(0.98 * sorted.length)])];
  // the PNG shows the rows that have land (the lattice runs pole to pole, the land 84° N to 56° S)
  const rows = land.map((c) => Math.floor(c / LATTICE.width));
  const [top, bottom] = [Math.min(...rows), Math.max(...rows)];
  const shown = { ...raster.bands[0], data: grid.subarray(top * LATTICE.width, (bottom + 1) * LATTICE.width) };
  writeFileAtomic(png, renderRaster(shown, LATTICE.width, bottom - top + 1, { colormap: "depth", title: `Catchment water storage capacity, mm (cwsc ${info.split}-split model)`, units: "capacity (mm)", range, maxSize: 1100 }));
  if (comparison && comparisonPng) {
    writeFileAtomic(`${stem}_vs_fao_soil_moisture.png`, comparisonPng);
    writeFileAtomic(`${stem}_comparison.json`, JSON.stringify(comparison, null, 2) + "\n");
  }
  return { tif: o.out, png, cells: land.length, seconds: (Date.now() - started) / 1000, stats, comparison };
}

function renderScatterPng(fao: number[], cwsc: number[], c: Comparison): Buffer {
  const label = `land cells (every 4th of ${c.cells}); Pearson ${c.pearson.toFixed(2)}, Spearman ${c.spearman.toFixed(2)}`;
  return renderScatterChart([{ label, x: fao, y: cwsc, color: "#1f77b4", radius: 1.6 }], {
    title: "cwsc map against FAO maximum soil moisture (Xanthos)",
    xLabel: "FAO maximum soil moisture (mm)",
    yLabel: "predicted storage capacity (mm)",
    log: true,
    width: 760,
    height: 680,
  });
}
