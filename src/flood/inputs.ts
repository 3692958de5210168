// Files (or rasters in memory) to a simulation input: DEM checks, buildings raised or as walls,
// roughness zones, rain, inflows and gauges onto arrays on the DEM's grid. Nothing is written.
import { totalmem } from "node:os";
import { readGrid, readRaster, rasterize, alignTo, Raster, Band, Grid, isValid, describeCrs, linearUnits, isGeographic, cellOf, cellsWithin, cellsAlong, edgeCells } from "../geo/index.js";
import { parseDuration } from "../util/duration.js";
import { FloodConfig, floodSchema } from "./config.js";
import { validateConfig } from "../util/config.js";
import { constantRain, readGauges, readHyetograph, readInflows, isRainRasterList, readRainRasters, GaugePoint, rainIntensity } from "./forcing.js";
import { Hyetograph, PointSource, SimulationInput } from "./engine.js";

const bytesPerCell = 8 * 9 + 1 + 4 * 4;

/** Buildings: a vector or raster file, a raster in memory, or heights (m, 0 = none) on the DEM's grid, row-major; a 0/1 raster or array is a mask raised by building_height. */
export type BuildingsInput = string | Raster | ArrayLike<number>;

/** A flood config whose DEM and buildings may be rasters in memory; `out` is not needed to build the input. */
export type FloodCaseConfig = Omit<FloodConfig, "dem" | "buildings" | "out"> & { dem: string | Raster; buildings?: BuildingsInput; out?: string };

/** What a case's files become: the solver's input, on the (possibly coarsened) DEM's grid. */
export interface FloodCase {
  config: FloodCaseConfig;
  /** the DEM's file name, or "DEM raster" for one in memory */
  demLabel: string;
  grid: Grid;
  dx: number;
  /** simulated time (s) */
  duration: number;
  input: SimulationInput;
  gauges: GaugePoint[];
  buildingCells: number;
  wallCells: number;
  nodataCells: number;
  notes: string[];
  /** rain on the roofs of buildings as walls (m³): not added to the domain; known once the rain rasters were loaded */
  roofRainM3(): number;
}

/**
 * A FloodCaseConfig from some keys and the schema's defaults, checked as a config file is (unknown
 * keys and bad values are errors naming `source`); the DEM and buildings may be rasters in memory.
 */
export function floodCaseConfig(o: Record<string, unknown> & { dem: string | Raster; buildings?: BuildingsInput }, source = "flood settings"): FloodCaseConfig {
  const { dem, buildings, ...rest } = o;
  const checked = validateConfig(source, { out: "(none)", ...rest, dem: typeof dem === "string" ? dem : "(in memory)", ...(typeof buildings === "string" ? { buildings } : {}) }, floodSchema);
  return { ...checked, dem, buildings };
}

function isRaster(v: unknown): v is Raster {
  return typeof v === "object" && v !== null && "bands" in v && "geotransform" in v;
}

export function checkDemCrs(label: string, grid: Grid): string | null {
  if (!grid.crs) return "the DEM has no CRS: metres are assumed";
  if (isGeographic(grid.crs))
    throw new Error(`${label}: the DEM is in a geographic CRS (${describeCrs(grid.crs)}, degrees); reproject it to a projected CRS in metres, e.g. catchment raster stack --ref <grid in metres> --out dem_m.tif ${label}`);
  const u = linearUnits(grid.crs);
  if (Math.abs(u.metres - 1) > 1e-9)
    throw new Error(`${label}: the DEM's CRS (${describeCrs(grid.crs)}) is in ${u.name} (${u.metres} m); reproject it to a CRS in metres with catchment raster stack --ref`);
  return null;
}

/** Block-average a DEM to a coarser cell size (valid cells only; a block with fewer than half valid cells is nodata). */
function coarsen(dem: Raster, cell: number): Raster {
  const dx = Math.abs(dem.geotransform[1]);
  const f = Math.round(cell / dx);
  if (f < 1 || Math.abs(f * dx - cell) > 1e-6 * cell) throw new Error(`resolution ${cell} m is not a whole multiple of the DEM's ${dx} m cells`);
  const W = Math.floor(dem.width / f);
  const H = Math.floor(dem.height / f);
  const b = dem.bands[0];
  const out = new Float32Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      let s = 0, n = 0;
      for (let i = 0; i < f; i++)
        for (let j = 0; j < f; j++) {
          const v = b.data[(r * f + i) * dem.width + c * f + j];
          if (isValid(v, b.nodata)) {
            s += v;
            n++;
          }
        }
      out[r * W + c] = n * 2 >= f * f ? s / n : -9999;
    }
  const gt = dem.geotransform;
  return { width: W, height: H, geotransform: [gt[0], gt[1] * f, 0, gt[3], 0, gt[5] * f], crs: dem.crs, bands: [{ name: "elevation", type: "Float32", nodata: -9999, data: out }] };
}

/** Where building heights come from: footprints (height attribute or a default), a height raster, or a 0/1 mask raised by building_height. */
export interface BuildingsSpec {
  buildings: BuildingsInput;
  buildings_where?: string;
  building_height_attribute?: string;
  building_height: number;
}

/**
 * Heights above ground (m, 0 = none) per cell of `grid`, as `flood simulate` raises buildings:
 * footprints burn their height attribute (else building_height), a raster holds heights in metres,
 * and a raster of only 0 and 1 is a footprint mask raised by building_height.
 */
export function buildingHeightsOnGrid(b: BuildingsSpec, grid: Grid): { heights: Float32Array; mask: boolean; vector: boolean; note: string } {
  const n = grid.width * grid.height;
  const src = b.buildings;
  const vector = typeof src === "string" && /\.(geojson|json|gpkg|shp|kml|gml)$/i.test(src);
  let band: Band;
  if (vector)
    band = rasterize({ path: src as string, where: b.buildings_where }, grid, b.building_height_attribute ? { attribute: b.building_height_attribute, defaultValue: b.building_height } : { burn: b.building_height });
  else if (typeof src === "string" || isRaster(src)) band = alignTo(src, grid, { resampling: "nearest" }).bands[0];
  else {
    if (src.length !== n) throw new Error(`buildings: ${src.length} heights for the ${grid.width}×${grid.height} cells of the DEM's grid`);
    band = { name: "buildings", type: "Float32", nodata: null, data: Float32Array.from(src) };
  }
  let mask = !vector;
  for (let i = 0; i < n && mask; i++) if (isValid(band.data[i], band.nodata) && band.data[i] !== 0 && band.data[i] !== 1) mask = false;
  const heights = Float32Array.from(band.data, (v) => (isValid(v, band.nodata) && v > 0 ? (mask ? b.building_height : v) : 0));
  const label = typeof src === "string" ? src : "buildings";
  const note = vector
    ? `footprints of ${label}${b.building_height_attribute ? ` (heights from '${b.building_height_attribute}', else ${b.building_height} m)` : ` raised by ${b.building_height} m`}`
    : mask
      ? `buildings raster is a 0/1 mask: footprints raised by ${b.building_height} m`
      : "buildings raster values are heights in metres";
  return { heights, mask, vector, note };
}

export function floodInput(cfg: FloodCaseConfig): FloodCase {
  const demLabel = typeof cfg.dem === "string" ? cfg.dem : "DEM raster";
  const fileGrid: Grid = typeof cfg.dem === "string" ? readGrid(cfg.dem) : cfg.dem;
  const notes: string[] = [];
  const crsNote = checkDemCrs(demLabel, fileGrid);
  if (crsNote) notes.push(crsNote);
  const cells = fileGrid.width * fileGrid.height;
  if (cells * bytesPerCell > 0.8 * totalmem())
    throw new Error(`${demLabel}: ${fileGrid.width}×${fileGrid.height} cells need about ${((cells * bytesPerCell) / 2 ** 30).toFixed(1)} GiB, more than this machine's memory allows; use a coarser 'resolution' or a smaller area`);
  let dem = typeof cfg.dem === "string" ? readRaster(cfg.dem, { bands: [1] }) : cfg.dem;
  if (dem.bands.length === 0) throw new Error(`${demLabel}: has no bands`);
  if (cfg.resolution) dem = coarsen(dem, cfg.resolution);
  const grid: Grid = { width: dem.width, height: dem.height, geotransform: [...dem.geotransform], crs: dem.crs };
  const [, gx, gr, , gc, gy] = grid.geotransform;
  if (gr !== 0 || gc !== 0 || Math.abs(Math.abs(gx) - Math.abs(gy)) > 1e-6 * Math.abs(gx))
    throw new Error(`${demLabel}: cells must be square and north-up (geotransform ${grid.geotransform.join(", ")})`);
  const dx = Math.abs(gx);
  const n = grid.width * grid.height;
  const band = dem.bands[0];
  if (band.data.length !== n) throw new Error(`${demLabel}: ${band.data.length} values for a ${grid.width}×${grid.height} grid`);
  const z = new Float64Array(n);
  const blocked = new Uint8Array(n);
  let holes = 0;
  for (let i = 0; i < n; i++) {
    if (isValid(band.data[i], band.nodata)) z[i] = band.data[i];
    else {
      blocked[i] = 1;
      holes++;
    }
  }
  if (holes === n) throw new Error(`${demLabel}: every cell is nodata`);
  if (holes) notes.push(`${holes} nodata cells are treated as closed (no-flow) cells`);

  let buildingCells = 0;
  let wallCells = 0;
  if (cfg.buildings !== undefined) {
    const { heights, vector, note } = buildingHeightsOnGrid(cfg as BuildingsSpec, grid);
    if (!vector) notes.push(note);
    for (let i = 0; i < n; i++) {
      const hgt = heights[i];
      if (!(hgt > 0) || blocked[i]) continue;
      buildingCells++;
      if (cfg.buildings_as === "walls") {
        blocked[i] = 1;
        wallCells++;
      } else z[i] += hgt;
    }
  }

  const manning = new Float64Array(n).fill(cfg.manning);
  for (const zone of cfg.manning_zones) {
    const m = rasterize({ path: zone.vector, where: zone.where }, grid, { burn: 1, type: "Byte" });
    for (let i = 0; i < n; i++) if (m.data[i]) manning[i] = zone.n;
  }

  const duration = parseDuration(cfg.duration, "duration");
  if (!(duration > 0)) throw new Error("duration: must be longer than 0 s");
  let rain: Hyetograph | undefined;
  let rainFields: { t: number[]; load: (k: number) => Float64Array | null } | undefined;
  let rasterRoofRain = 0;
  const intensity = rainIntensity(cfg.rain);
  const rainPath = intensity === undefined && typeof cfg.rain === "string" ? cfg.rain : undefined;
  if (rainPath && isRainRasterList(rainPath)) {
    const list = readRainRasters(rainPath);
    rainFields = {
      t: list.t,
      load: (k) => {
        const path = list.rasters[k];
        if (!path) return null;
        const b = alignTo(path, grid, { resampling: "nearest" }).bands[0];
        const rate = new Float64Array(n);
        const lasts = Math.max(0, Math.min(list.t[k + 1] ?? duration, duration) - list.t[k]);
        for (let i = 0; i < n; i++) {
          const v = b.data[i];
          if (!isValid(v, b.nodata) || !(v >= 0)) throw new Error(`${path}: rain intensity at cell ${i % grid.width}, ${Math.floor(i / grid.width)} is ${isValid(v, b.nodata) ? v : "nodata"}; expected mm/h ≥ 0 everywhere on the DEM (listed in ${rainPath})`);
          rate[i] = v / 3.6e6;
          if (blocked[i] && cfg.buildings_as === "walls") rasterRoofRain += rate[i] * lasts * dx * dx;
        }
        return rate;
      },
    };
  } else if (rainPath) rain = readHyetograph(rainPath);
  else if (intensity !== undefined) rain = constantRain(intensity, parseDuration(cfg.rain_duration ?? duration, "rain_duration"));
  if (!rain && !rainFields && !cfg.inflow) throw new Error("no water: give --rain (mm/h, a hyetograph CSV or a list of rain rasters) or --inflow");

  const sources: PointSource[] = [];
  if (cfg.inflow) {
    // LISFLOOD-FP point sources are per unit width of the grid they were made for: the file's cells
    for (const p of readInflows(cfg.inflow, cfg.inflow_series, Math.abs(fileGrid.geotransform[1]))) {
      let cs: number[];
      if (p.edge) {
        cs = edgeCells(grid, p.edge.side, p.edge.from, p.edge.to);
        if (cs.length === 0) throw new Error(`${cfg.inflow}: inflow ${p.id} on edge ${p.edge.side} from ${p.edge.from} to ${p.edge.to} covers no cell of the DEM`);
      } else if (p.line) {
        cs = cellsAlong(grid, p.line);
        if (cs.length === 0) throw new Error(`${cfg.inflow}: inflow line ${p.id} lies outside the DEM`);
      } else {
        cs = p.radius > 0 ? cellsWithin(grid, p.x, p.y, p.radius) : [];
        if (cs.length === 0) cs = [cellOf(grid, p.x, p.y)];
        if (cs[0] < 0) throw new Error(`${cfg.inflow}: inflow point ${p.id} (${p.x}, ${p.y}) is outside the DEM`);
      }
      cs = cs.filter((c) => !blocked[c]);
      if (cs.length === 0) throw new Error(`${cfg.inflow}: inflow ${p.id} falls on closed cells only (nodata or walls)`);
      sources.push({ cells: Int32Array.from(cs), t: Float64Array.from(p.t), q: Float64Array.from(p.q) });
    }
  }

  let gauges: GaugePoint[] = [];
  let gaugeCells: Int32Array | undefined;
  if (cfg.gauges) {
    gauges = readGauges(cfg.gauges);
    gaugeCells = Int32Array.from(
      gauges.map((g) => {
        const c = cellOf(grid, g.x, g.y);
        if (c < 0) throw new Error(`${cfg.gauges}: gauge ${g.id} (${g.x}, ${g.y}) is outside the DEM`);
        return c;
      }),
    );
  }
  if (cfg.boundary === "fixed" && cfg.boundary_level === undefined) throw new Error("boundary 'fixed' needs boundary_level (m)");

  const input: SimulationInput = {
    width: grid.width,
    height: grid.height,
    dx,
    z,
    blocked,
    manning,
    rain,
    rainFields,
    lossRate: (cfg.infiltration + cfg.drainage) / 3.6e6,
    greenAmpt: cfg.green_ampt
      ? { ks: cfg.green_ampt.ks_mm_h / 3.6e6, psiDeltaTheta: (cfg.green_ampt.suction_mm / 1000) * cfg.green_ampt.moisture_deficit, initial: cfg.green_ampt.initial_mm / 1000 }
      : undefined,
    boundary: cfg.boundary,
    boundarySlope: cfg.boundary_slope,
    boundaryLevel: cfg.boundary_level,
    sources,
    duration,
    solver: cfg.solver,
    alpha: cfg.alpha,
    theta: cfg.theta,
    maxDt: cfg.max_dt,
    depthThreshold: cfg.depth_threshold,
    wetThreshold: cfg.wet_threshold,
    velocityDepthThreshold: cfg.velocity_depth_threshold,
    threads: cfg.threads,
    gauges: gauges.length ? gaugeCells : undefined,
    gaugeInterval: parseDuration(cfg.gauge_interval, "gauge_interval"),
  };
  // rain depth that fell during the simulated time, for the roofs of buildings as walls
  const rainDepthM = rain ? rain.rate.reduce((s, r, k) => s + (k + 1 < rain.t.length ? r * Math.max(0, Math.min(rain.t[k + 1], duration) - Math.min(rain.t[k], duration)) : 0), 0) : 0;
  return {
    config: cfg,
    demLabel,
    grid,
    dx,
    duration,
    input,
    gauges,
    buildingCells,
    wallCells,
    nodataCells: holes,
    notes,
    roofRainM3: () => (rainFields ? rasterRoofRain : wallCells * dx * dx * rainDepthM),
  };
}
