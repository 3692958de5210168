// A simulated case to files: the maxima as GeoTIFFs, max_depth.png, gauges.csv/png and summary.json.
import { statSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeRaster, Raster, describeCrs } from "../geo/index.js";
import { hillshade } from "../viz/hillshade.js";
import { renderRaster } from "../viz/raster-png.js";
import { writeLineChart } from "../viz/chart.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { FloodCase } from "./inputs.js";
import { SimulationResult } from "./engine.js";

/** Makes the output folder, or says in one line why it cannot be one (a file of that name, a file on the way). */
export function prepareOutputFolder(out: string): void {
  let kind: "folder" | "file" | "none" = "none";
  try {
    kind = statSync(out).isDirectory() ? "folder" : "file";
  } catch {
    /* not there yet */
  }
  if (kind === "file") throw new Error(`${out}: is a file; --out (out) names the folder the outputs go to`);
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR" || code === "EEXIST") throw new Error(`${out}: cannot be made a folder, a part of the path is a file`);
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") throw new Error(`${out}: cannot make the output folder here (${code === "EROFS" ? "read-only file system" : "permission denied"})`);
    throw new Error(`${out}: cannot make the output folder (${(e as Error).message})`);
  }
}

/** A depth field as a raster on the case's grid, nodata on closed cells. */
export function depthRaster(c: FloodCase, depth: ArrayLike<number>): Raster {
  const blocked = c.input.blocked;
  return { ...c.grid, bands: [{ name: "depth_m", type: "Float32", nodata: -9999, data: Float32Array.from(depth, (v, i) => (blocked[i] ? -9999 : v)) }] };
}

export function floodSummary(c: FloodCase, result: SimulationResult): Record<string, unknown> {
  const cfg = c.config;
  const notes = [...c.notes];
  if (cfg.solver !== "wca2d" && cfg.theta > 0.95)
    notes.push(`theta ${cfg.theta} leaves the checkerboard mode of flat ponds almost undamped; 0.7–0.9 damps it (de Almeida et al. 2012)`);
  if (cfg.solver !== "wca2d" && result.courant < cfg.alpha - 1e-12)
    notes.push(`time step: Courant number ${result.courant.toFixed(3)} instead of alpha ${cfg.alpha}, the bound 0.9·√(θ/2) for θ = ${cfg.theta} above which flat ponds grow a checkerboard`);
  let maxDepth = 0;
  let wet = 0;
  for (let i = 0; i < result.maxDepth.length; i++) {
    if (result.maxDepth[i] > maxDepth) maxDepth = result.maxDepth[i];
    if (result.maxDepth[i] > cfg.wet_threshold) wet++;
  }
  return {
    dem: c.demLabel,
    solver: cfg.solver,
    crs: describeCrs(c.grid.crs),
    cell_size_m: c.dx,
    width: c.grid.width,
    height: c.grid.height,
    duration_s: c.duration,
    time_steps: result.timeSteps,
    courant_number: cfg.solver === "wca2d" ? null : result.courant,
    cell_updates: result.cellUpdates,
    wall_seconds: result.wallSeconds,
    cell_updates_per_second: result.cellUpdates / result.wallSeconds,
    threads: result.threads,
    building_cells: c.buildingCells,
    buildings_as: cfg.buildings !== undefined ? cfg.buildings_as : null,
    roof_rain_m3: c.roofRainM3(),
    nodata_cells_closed: c.nodataCells,
    velocity_depth_threshold_m: Math.max(cfg.velocity_depth_threshold ?? 0, cfg.wet_threshold),
    max_depth_m: maxDepth,
    wet_cells: wet,
    mass_balance: result.massBalance,
    notes,
  };
}

/** Writes every output of a simulated case into `out` (which prepareOutputFolder made) and returns the summary. */
export function writeFloodOutputs(c: FloodCase, result: SimulationResult, out: string): Record<string, unknown> {
  const { grid, dx, duration, gauges } = c;
  const { blocked, z } = c.input;
  const cfg = c.config;
  const tif = (name: string, data: Float32Array, unit: string) =>
    writeRaster(join(out, name), { ...grid, bands: [{ name: unit, type: "Float32", nodata: -9999, data: Float32Array.from(data, (v, i) => (blocked[i] && !(v > 0) ? -9999 : v)) }] });
  tif("max_depth.tif", result.maxDepth, "max_depth_m");
  tif("max_velocity.tif", result.maxVelocity, "max_velocity_m_s");
  tif("max_hazard.tif", result.maxHazard, "max_hazard_rating");
  tif("time_of_max.tif", result.timeOfMax, "time_of_max_depth_s");
  const shade = hillshade(z, grid.width, grid.height, dx, dx, (v) => Number.isFinite(v));
  blocked.forEach((b, i) => b && (shade[i] = NaN));
  writeFileAtomic(
    join(out, "max_depth.png"),
    renderRaster({ name: "max depth", type: "Float32", nodata: null, data: result.maxDepth }, grid.width, grid.height, {
      colormap: "depth",
      title: `Maximum depth over ${duration >= 7200 ? `${(duration / 3600).toFixed(1)} h` : `${(duration / 60).toFixed(0)} min`}`,
      units: "max depth (m)",
      shade,
      transparentBelow: cfg.wet_threshold,
    }),
  );
  if (gauges.length) {
    const cells = c.input.gauges!;
    const header = ["time_s", ...gauges.flatMap((g) => [`depth_${g.id}`, `level_${g.id}`])];
    const rows = result.gaugeTimes.map((t, k) => [t, ...gauges.flatMap((_, j) => [result.gaugeDepths[k][j].toFixed(4), (z[cells[j]] + result.gaugeDepths[k][j]).toFixed(4)])]);
    writeFileAtomic(join(out, "gauges.csv"), toCsv(header, rows));
    writeLineChart(
      join(out, "gauges.png"),
      gauges.map((g, j) => ({ label: g.id, x: result.gaugeTimes.map((t) => t / 3600), y: result.gaugeDepths.map((d) => d[j]) })),
      { title: "Depth at gauges", xLabel: "time (h)", yLabel: "depth (m)" },
    );
  }
  const summary = floodSummary(c, result);
  writeFileAtomic(join(out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  return summary;
}
