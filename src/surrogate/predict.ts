// Surrogate prediction on a raster of any size: the DEM and buildings read as `flood simulate` reads
// them, cut into the model's patch size with overlap, each tile encoded on its own (the encoding is
// invariant to a tile's mean elevation), predicted in batches and stitched with blended overlaps.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Grid, isValid, Raster, readGrid, readRaster, slidingWindows, stitch } from "../geo/index.js";
import { buildingHeightsOnGrid, BuildingsInput, checkDemCrs } from "../flood/inputs.js";
import { noGrad, tensor, tidy } from "../torch/index.js";
import { encodePatch, inputChannels } from "./encoding.js";
import { hazardRatingMap } from "./hazard.js";
import { SurrogateModel } from "./model-file.js";
import { patchStats, PatchStats } from "./data.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The shipped model, the default of --model. */
export function defaultModelDir(): string {
  return join(packageRoot, "models", "surrogate");
}

export interface PredictInput {
  dem: string | Raster;
  buildings?: BuildingsInput;
  buildings_where?: string;
  building_height_attribute?: string;
  /** height of footprints without a height attribute, and of 0/1 masks (default: the model's scenario) */
  building_height?: number;
  /** tile overlap in cells (default a quarter tile) */
  overlap?: number;
  /** tiles per forward pass (default: even batches of at most 16) */
  batch?: number;
  device?: string;
}

export interface SurrogatePrediction {
  grid: Grid;
  depth: Float32Array;
  velocity: Float32Array;
  hazard: Float32Array;
  /** ground (m) and building heights (m) as read */
  ground: Float32Array;
  buildings: Float32Array;
  blocked: Uint8Array;
  notes: string[];
  warnings: string[];
  tiles: number;
  seconds: number;
}

export interface PreparedRaster {
  grid: Grid;
  ground: Float32Array;
  buildings: Float32Array;
  blocked: Uint8Array;
  notes: string[];
}

/** DEM and buildings on the DEM's grid, checked against the model (CRS units, cell size). */
export function prepareRaster(model: SurrogateModel, input: PredictInput): PreparedRaster {
  const label = typeof input.dem === "string" ? input.dem : "DEM raster";
  const grid: Grid = typeof input.dem === "string" ? readGrid(input.dem) : input.dem;
  const notes: string[] = [];
  const crsNote = checkDemCrs(label, grid);
  if (crsNote) notes.push(crsNote);
  const [, gx, gr, , gc, gy] = grid.geotransform;
  if (gr !== 0 || gc !== 0 || Math.abs(Math.abs(gx) - Math.abs(gy)) > 1e-6 * Math.abs(gx)) throw new Error(`${label}: cells must be square and north-up (geotransform ${grid.geotransform.join(", ")})`);
  const cell = Math.abs(gx);
  const want = model.meta.scenario.cell_size_m;
  if (Math.abs(cell - want) > 0.05 * want)
    throw new Error(`${label}: cells of ${cell} m, but the model ${model.dir} was trained for ${want} m cells; resample the DEM to ${want} m (catchment raster stack --ref) or use a model of that cell size`);
  const dem = typeof input.dem === "string" ? readRaster(input.dem, { bands: [1] }) : input.dem;
  const band = dem.bands[0];
  const n = grid.width * grid.height;
  const ground = new Float32Array(n);
  const blocked = new Uint8Array(n);
  let holes = 0;
  for (let i = 0; i < n; i++) {
    if (isValid(band.data[i], band.nodata)) ground[i] = band.data[i];
    else {
      ground[i] = NaN;
      blocked[i] = 1;
      holes++;
    }
  }
  if (holes === n) throw new Error(`${label}: every cell is nodata`);
  if (holes) notes.push(`${holes} nodata cells are closed (walls), as flood simulate closes them`);
  let buildings: Float32Array = new Float32Array(n);
  if (input.buildings !== undefined) {
    const b = buildingHeightsOnGrid(
      { buildings: input.buildings, buildings_where: input.buildings_where, building_height_attribute: input.building_height_attribute, building_height: input.building_height ?? model.meta.scenario.building_height_m },
      { width: grid.width, height: grid.height, geotransform: grid.geotransform, crs: grid.crs },
    );
    buildings = b.heights;
    notes.push(b.note);
    if (!buildings.some((h) => h > 0)) notes.push(`${typeof input.buildings === "string" ? input.buildings : "buildings"}: covers no cell of the DEM`);
  }
  return { grid: { width: grid.width, height: grid.height, geotransform: grid.geotransform, crs: grid.crs }, ground, buildings, blocked, notes };
}

/** Warnings where the terrain or building density lies outside the model's training patches (1st–99th percentiles). */
export function domainWarnings(model: SurrogateModel, stats: PatchStats[]): string[] {
  const d = model.meta.domain;
  if (!d || stats.length === 0) return [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const out: string[] = [];
  const check = (what: string, value: number, [lo, hi]: [number, number], unit: string) => {
    if (value < lo || value > hi) out.push(`${what} ${value.toFixed(3)}${unit} lies outside what the model was trained on (${lo.toFixed(3)}–${hi.toFixed(3)}${unit}): treat its answer with care`);
  };
  check("terrain relief per tile (median)", median(stats.map((s) => s.relief_m)), d.relief_m, " m");
  check("mean slope (median over tiles)", median(stats.map((s) => s.mean_slope)), d.mean_slope, "");
  check("building fraction (median over tiles)", median(stats.map((s) => s.building_fraction)), d.building_fraction, "");
  return out;
}

export function predictPrepared(model: SurrogateModel, r: PreparedRaster, o: { overlap?: number; batch?: number; device?: string } = {}): SurrogatePrediction {
  const t0 = performance.now();
  const P = model.meta.scenario.patch_size;
  const { width: W, height: H } = r.grid;
  // a raster smaller than a tile is padded by repeating its edge cells
  const PW = Math.max(W, P), PH = Math.max(H, P);
  const pad = (a: Float32Array) => {
    if (PW === W && PH === H) return a;
    const out = new Float32Array(PW * PH);
    for (let y = 0; y < PH; y++) for (let x = 0; x < PW; x++) out[y * PW + x] = a[Math.min(y, H - 1) * W + Math.min(x, W - 1)];
    return out;
  };
  const ground = pad(r.ground), buildings = pad(r.buildings);
  const overlap = o.overlap ?? P / 4;
  const windows = slidingWindows(PW, PH, P, Math.max(1, P - overlap));
  const n = P * P;
  const preds = new Float32Array(windows.length * 2 * n);
  const stats: PatchStats[] = [];
  // tiles in evenly sized batches of at most 16 (on 2 cores a batch of 13 runs 25 tiles in ~0.27 s, batches of 8 in ~0.35 s)
  const batch = o.batch ?? Math.ceil(windows.length / Math.ceil(windows.length / 16));
  const C = inputChannels(model.meta.encoding);
  const device = o.device ?? "cpu";
  noGrad(() => {
    for (let k = 0; k < windows.length; k += batch) {
      const chunk = windows.slice(k, k + batch);
      const x = new Float32Array(chunk.length * C * n);
      chunk.forEach((w, b) => {
        const g = new Float32Array(n), bl = new Float32Array(n);
        for (let y = 0; y < P; y++)
          for (let c = 0; c < P; c++) {
            g[y * P + c] = ground[(w.y + y) * PW + w.x + c];
            bl[y * P + c] = buildings[(w.y + y) * PW + w.x + c];
          }
        encodePatch(g, bl, model.meta.encoding, x, b * C * n);
        stats.push(patchStats(g, bl, P, model.meta.scenario.cell_size_m));
      });
      preds.set(tidy(() => model.net.forward(tensor(x, [chunk.length, C, P, P], { device })).to("cpu").data() as Float32Array), k * 2 * n);
    }
  });
  const [depthP, velocityP] = stitch(preds, windows, 2, PW, PH);
  const crop = (a: Float32Array) => {
    if (PW === W && PH === H) return a;
    const out = new Float32Array(W * H);
    for (let y = 0; y < H; y++) out.set(a.subarray(y * PW, y * PW + W), y * W);
    return out;
  };
  const depth = crop(depthP), velocity = crop(velocityP);
  for (let i = 0; i < W * H; i++)
    if (r.blocked[i]) {
      depth[i] = NaN;
      velocity[i] = NaN;
    }
  const hazard = hazardRatingMap(depth, velocity);
  return { ...r, depth, velocity, hazard, warnings: domainWarnings(model, stats), tiles: windows.length, seconds: (performance.now() - t0) / 1000 };
}

export function predictSurrogate(model: SurrogateModel, input: PredictInput): SurrogatePrediction {
  return predictPrepared(model, prepareRaster(model, input), input);
}

export function resolveModelDir(dir?: string): string {
  const d = dir ?? defaultModelDir();
  if (!existsSync(join(d, "model.json"))) {
    if (dir === undefined) throw new Error(`no surrogate model at ${d}: the shipped model is missing from this installation; give --model <dir>`);
    throw new Error(`${d}: not a surrogate model (no model.json)`);
  }
  return d;
}
