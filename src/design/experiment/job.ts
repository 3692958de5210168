// One job of the design experiment: a test patch designed by one model with one variant, the design
// simulated, and seed 002's indicators from the two simulations (and from the two predictions).
import { readRaster } from "../../geo/index.js";
import { patchPath, readManifest } from "../../surrogate/dataset/manifest.js";
import { loadSurrogateModel, SurrogateModel } from "../../surrogate/model-file.js";
import { designSchema } from "../config.js";
import { designPrepared, prepareDesign } from "../design.js";
import { designIndicators, Indicators } from "../indicators.js";
import { simulateHazard } from "../check.js";
import { ExperimentJob, ExperimentPlan, simulatedAoi, VARIANTS } from "./plan.js";

export interface JobResult {
  job: ExperimentJob;
  simulated: Indicators;
  predicted: Indicators;
  iterations: number;
  stopped: string;
  cut_m3: number;
  fill_m3: number;
  max_abs_change_m: number;
  constraints_hold: boolean;
  design_seconds: number;
  simulation_seconds: number;
}

export function runJob(plan: ExperimentPlan, job: ExperimentJob, models: Map<string, SurrogateModel>): JobResult {
  let model = models.get(job.model);
  if (!model) {
    model = loadSurrogateModel(plan.models[job.model]);
    models.set(job.model, model);
  }
  const m = readManifest(plan.dataset);
  const spec = m.patches.find((p) => p.id === job.patch);
  if (!spec) throw new Error(`${job.patch}: not in ${plan.dataset}`);
  const r = readRaster(patchPath(plan.dataset, job.patch));
  const P = r.width;
  const ground = Float32Array.from(r.bands[0].data);
  const buildings = Float32Array.from(r.bands[1].data);
  const blocked = Uint8Array.from(ground, (g) => (Number.isFinite(g) ? 0 : 1));
  const { hr: simBefore, aoi } = simulatedAoi(plan.dataset, job.patch);
  const v = VARIANTS[job.variant];
  const cfg = designSchema.parse({
    dem: job.patch,
    out: "(experiment)",
    mode: v.mode,
    aoi: "hr>0.1",
    protect: v.protectBuildings ? ["buildings"] : [],
    max_change: v.maxChange,
    budget: v.budget,
    check: false,
    buildings: v.protectBuildings ? "(patch)" : undefined,
  });
  const raster = { grid: { width: P, height: P, geotransform: r.geotransform, crs: r.crs }, ground, buildings, blocked, notes: [] };
  const t0 = performance.now();
  const inputs = prepareDesign(cfg, "cpu", { model, raster, aoi });
  const d = designPrepared(cfg, inputs);
  const designSeconds = (performance.now() - t0) / 1000;
  const after = simulateHazard(m.scenario, raster.grid, d.ground, d.buildings, 1);
  return {
    job,
    simulated: designIndicators(simBefore, after.hr, aoi),
    predicted: designIndicators(d.outcome.hrBefore, d.outcome.hrAfter, aoi),
    iterations: d.outcome.history.length,
    stopped: d.outcome.stopped,
    cut_m3: d.constraints.cut_m3,
    fill_m3: d.constraints.fill_m3,
    max_abs_change_m: d.constraints.max_abs_change_m,
    constraints_hold: d.constraints.all_hold,
    design_seconds: designSeconds,
    simulation_seconds: after.seconds,
  };
}
