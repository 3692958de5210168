// A flood simulation from files: DEM checks, buildings, roughness zones, rain, inflows and gauges
// onto arrays; the solver; outputs as GeoTIFF, CSV, PNG and summary.json.
import { totalmem } from "node:os";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readGrid, readRaster, writeRaster, rasterize, alignTo, Raster, Band, Grid, isValid, describeCrs, linearUnits, isGeographic } from "../geo/index.js";
import { hillshade } from "../viz/hillshade.js";
import { renderRaster } from "../viz/raster-png.js";
import { writeLineChart } from "../viz/chart.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { parseDuration } from "../util/duration.js";
import { toCsv } from "../util/table.js";
import { FloodConfig } from "./config.js";
import { constantRain, readGauges, readHyetograph, readInflows, isRainRasterList, readRainRasters, GaugePoint } from "./forcing.js";
import { PointSource, SimulationResult, simulate } from "./engine.js";

const bytesPerCell = 8 * 9 + 1 + 4 * 4;

export interface FloodRun {
  summary: Record<string, unknown>;
  result: SimulationResult;
  grid: Grid;
}

function checkDem(path: string, grid: Grid): string | null {
  if (!grid.crs) return "the DEM has no CRS: metres are assumed";
  if (isGeographic(grid.crs))
    throw new Error(`${path}: the DEM is in a geographic CRS (${describeCrs(grid.crs)}, degrees); reproject it to a projected CRS in metres, e.g. catchment raster stack --ref <grid in metres> --out dem_m.tif ${path}`);
  const u = linearUnits(grid.crs);
  if (Math.abs(u.metres - 1) > 1e-9)
    throw new Error(`${path}: the DEM's CRS (${describeCrs(grid.crs)}) is in ${u.name} (${u.metres} m); reproject it to a CRS in metres with catchment raster stack --ref`);
  return null;
}

function cellOf(grid: Grid, x: number, y: number): number {
  const [x0, dx, , y0, , dy] = grid.geotransform;
  const c = Math.floor((x - x0) / dx);
  const r = Math.floor((y - y0) / dy);
  return c >= 0 && c < grid.width && r >= 0 && r < grid.height ? r * grid.width + c : -1;
}

function cellsWithin(grid: Grid, x: number, y: number, radius: number): number[] {
  const [x0, dx, , y0, , dy] = grid.geotransform;
  const out: number[] = [];
  for (let r = 0; r < grid.height; r++) {
    const cy = y0 + (r + 0.5) * dy;
    if (Math.abs(cy - y) > radius) continue;
    for (let c = 0; c < grid.width; c++) {
      const cx = x0 + (c + 0.5) * dx;
      if ((cx - x) ** 2 + (cy - y) ** 2 <= radius * radius) out.push(r * grid.width + c);
    }
  }
  return out;
}

/** Cells a polyline passes through (sampled at a quarter cell), in order, without repeats. */
function cellsAlong(grid: Grid, vertices: [number, number][]): number[] {
  const step = Math.abs(grid.geotransform[1]) / 4;
  const seen = new Set<number>();
  for (let k = 0; k + 1 < vertices.length; k++) {
    const [x0, y0] = vertices[k];
    const [x1, y1] = vertices[k + 1];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let i = 0; i <= n; i++) {
      const c = cellOf(grid, x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n);
      if (c >= 0) seen.add(c);
    }
  }
  return [...seen];
}

/** The cells along one edge of the grid between two coordinates (x for N/S, y for E/W). */
function edgeCells(grid: Grid, side: "N" | "S" | "E" | "W", from: number, to: number): number[] {
  const [x0, dx, , y0, , dy] = grid.geotransform;
  const out: number[] = [];
  if (side === "N" || side === "S") {
    const r = side === "N" ? 0 : grid.height - 1;
    for (let c = 0; c < grid.width; c++) {
      const x = x0 + (c + 0.5) * dx;
      if (x >= from && x <= to) out.push(r * grid.width + c);
    }
  } else {
    const c = side === "W" ? 0 : grid.width - 1;
    for (let r = 0; r < grid.height; r++) {
      const y = y0 + (r + 0.5) * dy;
      if (y >= from && y <= to) out.push(r * grid.width + c);
    }
  }
  return out;
}

/** Block-average a DEM to a coarser cell size (valid cells only; a block with no valid cell is nodata). */
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

export function runFloodCase(cfg: FloodConfig, opts: { progress?: boolean } = {}): FloodRun {
  const fileGrid = readGrid(cfg.dem);
  const notes: string[] = [];
  const crsNote = checkDem(cfg.dem, fileGrid);
  if (crsNote) notes.push(crsNote);
  const cells = fileGrid.width * fileGrid.height;
  if (cells * bytesPerCell > 0.8 * totalmem())
    throw new Error(`${cfg.dem}: ${fileGrid.width}×${fileGrid.height} cells need about ${((cells * bytesPerCell) / 2 ** 30).toFixed(1)} GiB, more than this machine's memory allows; use a coarser 'resolution' or a smaller area`);
  let dem = readRaster(cfg.dem, { bands: [1] });
  if (cfg.resolution) dem = coarsen(dem, cfg.resolution);
  const grid: Grid = { width: dem.width, height: dem.height, geotransform: dem.geotransform, crs: dem.crs };
  const [, gx, gr, , gc, gy] = grid.geotransform;
  if (gr !== 0 || gc !== 0 || Math.abs(Math.abs(gx) - Math.abs(gy)) > 1e-6 * Math.abs(gx))
    throw new Error(`${cfg.dem}: cells must be square and north-up (geotransform ${grid.geotransform.join(", ")})`);
  const dx = Math.abs(gx);
  const n = grid.width * grid.height;
  const band = dem.bands[0];
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
  if (holes === n) throw new Error(`${cfg.dem}: every cell is nodata`);
  if (holes) notes.push(`${holes} nodata cells are treated as closed (no-flow) cells`);

  // buildings
  let buildingCells = 0;
  let wallCells = 0;
  if (cfg.buildings) {
    const isVector = /\.(geojson|json|gpkg|shp|kml|gml)$/i.test(cfg.buildings);
    const heights: Band = isVector
      ? rasterize({ path: cfg.buildings, where: cfg.buildings_where }, grid, cfg.building_height_attribute ? { attribute: cfg.building_height_attribute, defaultValue: cfg.building_height } : { burn: cfg.building_height })
      : alignTo(cfg.buildings, grid, { resampling: "nearest" }).bands[0];
    // a raster holds heights in metres; a 0/1 raster is a footprint mask raised by building_height
    let mask = !isVector;
    for (let i = 0; i < n && mask; i++) if (isValid(heights.data[i], heights.nodata) && heights.data[i] !== 0 && heights.data[i] !== 1) mask = false;
    if (!isVector) notes.push(mask ? `buildings raster is a 0/1 mask: footprints raised by ${cfg.building_height} m` : "buildings raster values are heights in metres");
    for (let i = 0; i < n; i++) {
      const hgt = heights.data[i];
      if (!(hgt > 0) || !isValid(hgt, heights.nodata) || blocked[i]) continue;
      buildingCells++;
      if (cfg.buildings_as === "walls") {
        blocked[i] = 1;
        wallCells++;
      } else z[i] += mask ? cfg.building_height : hgt;
    }
  }

  const manning = new Float64Array(n).fill(cfg.manning);
  for (const zone of cfg.manning_zones) {
    const m = rasterize({ path: zone.vector, where: zone.where }, grid, { burn: 1, type: "Byte" });
    for (let i = 0; i < n; i++) if (m.data[i]) manning[i] = zone.n;
  }

  const duration = parseDuration(cfg.duration, "duration");
  if (!(duration > 0)) throw new Error("duration: must be longer than 0 s");
  let rain;
  let rainFields: { t: number[]; load: (k: number) => Float64Array | null } | undefined;
  let rasterRoofRain = 0;
  // a number (also as text) is an intensity in mm/h; anything else names a file
  const rainPath = typeof cfg.rain === "string" && !/^\d+(\.\d+)?$/.test(cfg.rain) ? cfg.rain : undefined;
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
  else if (cfg.rain !== undefined) rain = constantRain(Number(cfg.rain), parseDuration(cfg.rain_duration ?? duration, "rain_duration"));
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
  let gaugeCells = new Int32Array();
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

  const lossRate = (cfg.infiltration + cfg.drainage) / 3.6e6;
  if (cfg.boundary === "fixed" && cfg.boundary_level === undefined) throw new Error("boundary 'fixed' needs boundary_level (m)");
  mkdirSync(cfg.out, { recursive: true });
  const saveEvery = cfg.save_interval === undefined ? 0 : parseDuration(cfg.save_interval, "save_interval");
  const snapshotTimes = saveEvery > 0 ? Array.from({ length: Math.floor(duration / saveEvery) }, (_, k) => (k + 1) * saveEvery) : [];
  const depthRaster = (d: ArrayLike<number>): Raster => ({ ...grid, bands: [{ name: "depth_m", type: "Float32", nodata: -9999, data: Float32Array.from(d, (v, i) => (blocked[i] ? -9999 : v)) }] });

  const result = simulate({
    width: grid.width,
    height: grid.height,
    dx,
    z,
    blocked,
    manning,
    rain,
    rainFields,
    lossRate,
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
    threads: cfg.threads,
    gauges: gauges.length ? gaugeCells : undefined,
    gaugeInterval: parseDuration(cfg.gauge_interval, "gauge_interval"),
    snapshotTimes,
    onSnapshot: (t, depth) => writeRaster(join(cfg.out, `depth_${String(Math.round(t)).padStart(6, "0")}s.tif`), depthRaster(depth)),
    progress: opts.progress,
  });

  if (cfg.solver !== "wca2d" && cfg.theta > 0.95)
    notes.push(`theta ${cfg.theta} leaves the checkerboard mode of flat ponds almost undamped; 0.7–0.9 damps it (de Almeida et al. 2012)`);
  if (cfg.solver !== "wca2d" && result.courant < cfg.alpha - 1e-12)
    notes.push(`time step: Courant number ${result.courant.toFixed(3)} instead of alpha ${cfg.alpha}, the bound 0.9·√(θ/2) for θ = ${cfg.theta} above which flat ponds grow a checkerboard`);
  // outputs
  const out = (name: string, data: Float32Array, unit: string) =>
    writeRaster(join(cfg.out, name), { ...grid, bands: [{ name: unit, type: "Float32", nodata: -9999, data: Float32Array.from(data, (v, i) => (blocked[i] && !(v > 0) ? -9999 : v)) }] });
  out("max_depth.tif", result.maxDepth, "max_depth_m");
  out("max_velocity.tif", result.maxVelocity, "max_velocity_m_s");
  out("max_hazard.tif", result.maxHazard, "max_hazard_rating");
  out("time_of_max.tif", result.timeOfMax, "time_of_max_depth_s");
  const shade = hillshade(z, grid.width, grid.height, dx, dx, (v) => Number.isFinite(v));
  blocked.forEach((b, i) => b && (shade[i] = NaN));
  writeFileAtomic(
    join(cfg.out, "max_depth.png"),
    renderRaster({ name: "max depth", type: "Float32", nodata: null, data: result.maxDepth }, grid.width, grid.height, {
      colormap: "depth",
      title: `Maximum depth over ${duration >= 7200 ? `${(duration / 3600).toFixed(1)} h` : `${(duration / 60).toFixed(0)} min`}`,
      units: "max depth (m)",
      shade,
      transparentBelow: cfg.wet_threshold,
    }),
  );
  if (gauges.length) {
    const header = ["time_s", ...gauges.flatMap((g) => [`depth_${g.id}`, `level_${g.id}`])];
    const rows = result.gaugeTimes.map((t, k) => [t, ...gauges.flatMap((_, j) => [result.gaugeDepths[k][j].toFixed(4), (z[gaugeCells[j]] + result.gaugeDepths[k][j]).toFixed(4)])]);
    writeFileAtomic(join(cfg.out, "gauges.csv"), toCsv(header, rows));
    writeLineChart(
      join(cfg.out, "gauges.png"),
      gauges.map((g, j) => ({ label: g.id, x: result.gaugeTimes.map((t) => t / 3600), y: result.gaugeDepths.map((d) => d[j]) })),
      { title: "Depth at gauges", xLabel: "time (h)", yLabel: "depth (m)" },
    );
  }
  // rain depth that fell during the simulated time (for roofs of buildings-as-walls)
  const rainDepthM = rain ? rain.rate.reduce((s, r, k) => s + (k + 1 < rain.t.length ? r * Math.max(0, Math.min(rain.t[k + 1], duration) - Math.min(rain.t[k], duration)) : 0), 0) : 0;
  let maxDepth = 0;
  let wet = 0;
  for (let i = 0; i < n; i++) {
    if (result.maxDepth[i] > maxDepth) maxDepth = result.maxDepth[i];
    if (result.maxDepth[i] > cfg.wet_threshold) wet++;
  }
  const summary = {
    dem: cfg.dem,
    solver: cfg.solver,
    crs: describeCrs(grid.crs),
    cell_size_m: dx,
    width: grid.width,
    height: grid.height,
    duration_s: duration,
    time_steps: result.timeSteps,
    courant_number: cfg.solver === "wca2d" ? null : result.courant,
    cell_updates: result.cellUpdates,
    wall_seconds: result.wallSeconds,
    cell_updates_per_second: result.cellUpdates / result.wallSeconds,
    threads: result.threads,
    building_cells: buildingCells,
    buildings_as: cfg.buildings ? cfg.buildings_as : null,
    roof_rain_m3: rainFields ? rasterRoofRain : wallCells * dx * dx * rainDepthM,
    nodata_cells_closed: holes,
    max_depth_m: maxDepth,
    wet_cells: wet,
    mass_balance: result.massBalance,
    notes,
  };
  writeFileAtomic(join(cfg.out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  return { summary, result, grid };
}
