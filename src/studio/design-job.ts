// A design job, as the job worker runs it: the library's design on the project's files with the
// drawn polygons, progress after every iteration, a stop asked for between iterations (the design
// so far is kept), then the design's own outputs (writeDesign) and the studio's map layers.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeRaster } from "../geo/index.js";
import { designPrepared, prepareDesign } from "../design/design.js";
import { designIndicators } from "../design/indicators.js";
import { writeDesign } from "../design/outputs.js";
import { loadSurrogateModel } from "../surrogate/model-file.js";
import { prepareRaster } from "../surrogate/predict.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { DesignPlan } from "./requests.js";
import { writePolygons } from "./polygons.js";
import { changePng, hazardPng, maskPng, terrainPng } from "./render.js";
import { relabel } from "./project.js";

export type JobEvent =
  | { type: "status"; text: string }
  | { type: "started"; total: number; aoi_cells: number }
  | { type: "iteration"; iteration: number; total: number; objective: number; aoi_cells: number; cut_m3: number; fill_m3: number; max_abs_change_m: number; seconds: number }
  | { type: "phase"; index: number; of: number; text: string }
  | { type: "done"; result: Record<string, unknown> }
  | { type: "failed"; error: string };

export interface DesignJobSpec {
  plan: DesignPlan;
  device: string;
  threads: number;
  /** a file whose existence asks the design to stop after the current iteration */
  stopFile: string;
  labels: Record<string, string>;
}

/** Files a finished design offers for download (all written by writeDesign). */
export const designDownloads = ["dem.tif", "buildings.tif", "report.json", "delta_z.tif", "hr_before.tif", "hr_after.tif", "design.png", "hr_before.png", "hr_after.png", "delta_z.png", "gradient.png", "objective.png"];

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function runDesignJob(spec: DesignJobSpec, send: (e: JobEvent) => void): void {
  const { cfg, aoiPolygons, protectPolygons } = spec.plan;
  const out = cfg.out;
  try {
    send({ type: "status", text: "loading the model and the project" });
    const model = loadSurrogateModel(cfg.model as string, spec.device);
    const raster = prepareRaster(model, { dem: cfg.dem, buildings: cfg.buildings, building_height: cfg.building_height });
    if (aoiPolygons.length) writePolygons(join(out, "aoi.gpkg"), aoiPolygons, raster.grid.crs, "area_of_interest");
    if (protectPolygons.length) writePolygons(join(out, "protect.gpkg"), protectPolygons, raster.grid.crs, "protected");
    const inputs = prepareDesign(cfg, spec.device, { model, raster });
    const total = cfg.mode === "one-step" ? 1 : cfg.iterations;
    send({ type: "started", total, aoi_cells: inputs.aoi.reduce((a, v) => a + v, 0) });
    const times: number[] = [];
    let last = performance.now();
    const t0 = last;
    const r = designPrepared(cfg, inputs, {
      device: spec.device,
      threads: spec.threads,
      shouldStop: () => existsSync(spec.stopFile),
      onIteration: (it) => {
        const now = performance.now();
        times.push((now - last) / 1000);
        last = now;
        send({ type: "iteration", ...it, total, seconds: times[times.length - 1] });
      },
    });
    const designSeconds = (performance.now() - t0) / 1000;
    send({ type: "status", text: "writing the design" });
    const report = writeDesign(out, cfg, r) as Record<string, unknown>;
    const grid = raster.grid;
    writeRaster(join(out, "aoi.tif"), { ...grid, bands: [{ name: "area_of_interest", type: "Byte", nodata: null, data: inputs.aoi }] });
    const dz = r.outcome.deltaZ;
    let dzRange = 0;
    for (let i = 0; i < dz.length; i++) if (!raster.blocked[i]) dzRange = Math.max(dzRange, Math.abs(dz[i]));
    dzRange = Math.max(dzRange, 0.05);
    writeFileAtomic(join(out, "map_hr_before.png"), hazardPng(grid, r.outcome.hrBefore));
    writeFileAtomic(join(out, "map_hr_after.png"), hazardPng(grid, r.outcome.hrAfter));
    writeFileAtomic(join(out, "map_dz.png"), changePng(grid, Float64Array.from(dz, (v, i) => (raster.blocked[i] ? NaN : v)), dzRange));
    writeFileAtomic(join(out, "map_aoi.png"), maskPng(grid, inputs.aoi, [214, 39, 40]));
    writeFileAtomic(join(out, "map_terrain_after.png"), terrainPng(grid, r.ground, r.buildings));
    const pred = designIndicators(r.outcome.hrBefore, r.outcome.hrAfter, inputs.aoi);
    send({
      type: "done",
      result: {
        kind: "design",
        iterations: r.outcome.history.length,
        stopped: r.outcome.stopped,
        mode: cfg.mode,
        modify: cfg.modify,
        aoi: aoiPolygons.length ? `${aoiPolygons.length} drawn polygon${aoiPolygons.length > 1 ? "s" : ""}` : cfg.aoi,
        aoi_cells: report.aoi_cells,
        predicted: report.predicted,
        indicators: pred,
        cut_m3: r.constraints.cut_m3,
        fill_m3: r.constraints.fill_m3,
        net_m3: r.constraints.net_m3,
        max_abs_change_m: r.constraints.max_abs_change_m,
        constraints: r.constraints,
        dz_range_m: dzRange,
        design_seconds: designSeconds,
        seconds_per_iteration: { first: times[0] ?? NaN, median_after_first: median(times.slice(1)), all: times },
        notes: inputs.notes.map((n) => relabel(n, spec.labels)),
        layers: { hr_before: "map_hr_before.png", hr_after: "map_hr_after.png", dz: "map_dz.png", aoi: "map_aoi.png", terrain_after: "map_terrain_after.png" },
        files: designDownloads.filter((f) => existsSync(join(out, f))),
      },
    });
  } catch (e) {
    send({ type: "failed", error: relabel((e as Error).message, spec.labels) });
  }
}
