// The simulation check of a finished design, as the job worker runs it: the original layout and the
// design simulated with the model's scenario (the library's checkBySimulation), seed 002's
// indicators from both, the simulated HR maps, and the check added to the design's report.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Grid, isValid, readRaster, writeRaster } from "../geo/index.js";
import { checkBySimulation, checkLine } from "../design/check.js";
import { loadSurrogateModel } from "../surrogate/model-file.js";
import { prepareRaster } from "../surrogate/predict.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { renderPanels } from "../viz/panels.js";
import { hillshade } from "../viz/hillshade.js";
import { JobEvent } from "./design-job.js";
import { hazardPng } from "./render.js";
import { relabel } from "./project.js";

export interface CheckJobSpec {
  model: string;
  dem: string;
  buildings?: string;
  /** the design job's folder (writeDesign's outputs, aoi.tif) */
  design: string;
  device: string;
  threads: number;
  labels: Record<string, string>;
}

export const checkDownloads = ["sim_hr_before.tif", "sim_hr_after.tif", "check.png"];

/** A band as numbers with its nodata as NaN, checked to lie on the grid. */
function readOnGrid(path: string, grid: Grid): Float32Array {
  const r = readRaster(path, { bands: [1] });
  if (r.width !== grid.width || r.height !== grid.height) throw new Error(`${path}: ${r.width} × ${r.height} cells, the project has ${grid.width} × ${grid.height}`);
  const b = r.bands[0];
  return Float32Array.from(b.data, (v) => (isValid(v, b.nodata) ? v : NaN));
}

export function runCheckJob(spec: CheckJobSpec, send: (e: JobEvent) => void): void {
  try {
    send({ type: "status", text: "reading the original and the design" });
    const model = loadSurrogateModel(spec.model, spec.device);
    const raster = prepareRaster(model, { dem: spec.dem, buildings: spec.buildings });
    const grid = raster.grid;
    const d = (f: string) => join(spec.design, f);
    for (const f of ["dem.tif", "buildings.tif", "aoi.tif", "hr_before.tif", "hr_after.tif", "report.json"]) if (!existsSync(d(f))) throw new Error(`the design has no ${f}; run the design again`);
    const ground1 = readOnGrid(d("dem.tif"), grid);
    const buildings1 = readOnGrid(d("buildings.tif"), grid).map((v) => (Number.isFinite(v) ? v : 0));
    const aoi = Uint8Array.from(readOnGrid(d("aoi.tif"), grid), (v) => (v > 0 ? 1 : 0));
    const outcome = { hrBefore: readOnGrid(d("hr_before.tif"), grid), hrAfter: readOnGrid(d("hr_after.tif"), grid) };
    let phase = 0;
    const c = checkBySimulation(model.meta.scenario, grid, raster.ground, raster.buildings, ground1, buildings1, aoi, outcome, {
      threads: spec.threads,
      progress: (what) => send({ type: "phase", index: ++phase, of: 2, text: what }),
    });
    send({ type: "status", text: "writing the simulated maps" });
    const tif = (name: string, data: Float32Array) =>
      writeRaster(d(name), { ...grid, bands: [{ name: "hazard_rating_simulated", type: "Float32", nodata: -9999, data: Float32Array.from(data, (v, i) => (raster.blocked[i] || !Number.isFinite(v) ? -9999 : v)) }] });
    tif("sim_hr_before.tif", c.hr_before);
    tif("sim_hr_after.tif", c.hr_after);
    writeFileAtomic(d("map_sim_hr_before.png"), hazardPng(grid, c.hr_before));
    writeFileAtomic(d("map_sim_hr_after.png"), hazardPng(grid, c.hr_after));
    const cell = Math.abs(grid.geotransform[1]);
    const shade = (g: ArrayLike<number>, b: ArrayLike<number>) => hillshade(Float64Array.from(g, (v, i) => v + b[i]), grid.width, grid.height, cell, cell, Number.isFinite);
    const hrMax = Math.max(0.5, ...Array.from(c.hr_before).filter(Number.isFinite));
    const band = (data: Float32Array) => ({ name: "hr", type: "Float32" as const, nodata: null, data });
    const opts = (title: string, s: Float32Array) => ({ colormap: "velocity" as const, range: [0, hrMax] as [number, number], shade: s, transparentBelow: 0.02, title, units: "HR = d(v + 0.5)", maxSize: 420 });
    writeFileAtomic(
      d("check.png"),
      renderPanels(
        [
          { band: band(c.hr_before), width: grid.width, height: grid.height, options: opts("HR before (simulated)", shade(raster.ground, raster.buildings)) },
          { band: band(c.hr_after), width: grid.width, height: grid.height, options: opts("HR after (simulated)", shade(ground1, buildings1)) },
        ],
        { title: `Simulation check: mean HR in the AOI ${c.simulated.mean_hr_before.toFixed(3)} → ${c.simulated.mean_hr_after.toFixed(3)}` },
      ),
    );
    // the report gets the check as `catchment design` writes it
    const report = JSON.parse(readFileSync(d("report.json"), "utf8")) as Record<string, unknown>;
    report.check = { simulated: c.simulated, predicted: c.predicted, prediction_error_rel_change: c.prediction_error_rel_change, simulation_seconds: c.simulation_seconds, mass_balance_error_percent: c.mass_balance_error_percent };
    writeFileAtomic(d("report.json"), JSON.stringify(report, null, 2) + "\n");
    send({
      type: "done",
      result: {
        kind: "check",
        simulated: c.simulated,
        predicted: c.predicted,
        prediction_error_rel_change: c.prediction_error_rel_change,
        simulation_seconds: c.simulation_seconds,
        mass_balance_error_percent: c.mass_balance_error_percent,
        line: checkLine(c),
        layers: { sim_hr_before: "map_sim_hr_before.png", sim_hr_after: "map_sim_hr_after.png" },
        files: checkDownloads,
      },
    });
  } catch (e) {
    send({ type: "failed", error: relabel((e as Error).message, spec.labels) });
  }
}
