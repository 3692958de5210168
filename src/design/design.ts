// `catchment design` as a library call: inputs read and every option checked before anything runs,
// the gradient descent, the building channel re-binarised, and the check by simulation.
import { alignTo, aoiMask, Grid, isValid } from "../geo/index.js";
import { loadSurrogateModel, SurrogateModel } from "../surrogate/model-file.js";
import { prepareRaster, resolveModelDir, PreparedRaster } from "../surrogate/predict.js";
import { checkConstraints, ConstraintReport, DesignConstraints } from "./constraints.js";
import { DesignConfig, hrThreshold } from "./config.js";
import { DesignHooks, DesignOutcome, runDesign } from "./optimize.js";
import { DifferentiableSurrogate } from "./forward.js";
import { noGrad, tidy } from "../torch/index.js";
import { checkBySimulation, SimulationCheck } from "./check.js";

export interface DesignInputs {
  model: SurrogateModel;
  raster: PreparedRaster;
  /** ground with blocked cells filled (the optimiser needs finite values) */
  ground: Float64Array;
  mask: Float32Array;
  aoi: Uint8Array;
  dynamicAoi: boolean;
  constraints: DesignConstraints;
  freeBuildings: Uint8Array;
  hrBefore: Float32Array;
  notes: string[];
}

export interface DesignResult {
  inputs: DesignInputs;
  outcome: DesignOutcome;
  ground: Float32Array;
  buildings: Float32Array;
  constraints: ConstraintReport;
  check: SimulationCheck | null;
  wallSeconds: number;
}

function isVector(path: string): boolean {
  return /\.(geojson|json|gpkg|shp|kml|gml)$/i.test(path);
}

/** A 0/1 mask on the grid from a polygon file or a raster (non-zero inside). */
function maskFrom(path: string, grid: Grid, what: string): Uint8Array {
  if (isVector(path)) return aoiMask({ path }, grid);
  const band = alignTo(path, grid, { resampling: "nearest" }).bands[0];
  const m = Uint8Array.from(band.data, (v) => (isValid(v, band.nodata) && v > 0 ? 1 : 0));
  if (!m.some((v) => v)) throw new Error(`${path}: the ${what} covers no cell of the DEM (or holds only zeros)`);
  return m;
}

/** What a caller may give ready-made instead of files (the design experiment, the studio). */
export interface Prepared {
  model?: SurrogateModel;
  raster?: PreparedRaster;
  /** the AOI as a mask, instead of cfg.aoi */
  aoi?: Uint8Array;
}

export function prepareDesign(cfg: DesignConfig, device = "cpu", given: Prepared = {}): DesignInputs {
  const model = given.model ?? loadSurrogateModel(resolveModelDir(cfg.model), device);
  const heightDefault = cfg.building_height ?? model.meta.scenario.building_height_m;
  const raster = given.raster ?? prepareRaster(model, { dem: cfg.dem, buildings: cfg.buildings, buildings_where: cfg.buildings_where, building_height_attribute: cfg.building_height_attribute, building_height: heightDefault });
  const { grid, blocked } = raster;
  const n = grid.width * grid.height;
  const cell = Math.abs(grid.geotransform[1]);
  let s = 0, k = 0;
  for (let i = 0; i < n; i++) if (!blocked[i]) (s += raster.ground[i]), k++;
  const fillValue = s / k;
  const ground = Float64Array.from(raster.ground, (g, i) => (blocked[i] ? fillValue : g));
  const mask = Float32Array.from(raster.buildings, (h) => (h > 0 ? 1 : 0));
  // protected cells
  const prot = new Uint8Array(n);
  const protectBuildings = cfg.protect.includes("buildings");
  for (const p of cfg.protect) {
    if (p === "buildings") {
      for (let i = 0; i < n; i++) if (mask[i]) prot[i] = 1;
      continue;
    }
    const m = maskFrom(p, grid, "protected area");
    for (let i = 0; i < n; i++) if (m[i]) prot[i] = 1;
  }
  const free = Uint8Array.from(prot, (v, i) => (v || blocked[i] ? 0 : 1));
  const freeBuildings = Uint8Array.from(prot, (v, i) => (v || blocked[i] || (protectBuildings && mask[i]) ? 0 : 1));
  if (cfg.modify !== "buildings" && !free.some((v) => v)) throw new Error("--protect: every cell of the DEM is protected; nothing can change");
  const constraints: DesignConstraints = { free: cfg.modify === "buildings" ? new Uint8Array(n) : free, maxChange: cfg.max_change ?? Infinity, budget: cfg.budget ?? Infinity, balance: cfg.balance, cellArea: cell * cell };
  const freeCount = constraints.free.reduce((a, v) => a + v, 0);
  if (cfg.balance && cfg.modify !== "buildings" && freeCount < 2) throw new Error("--balance: fewer than two cells may change, so cut and fill cannot balance");
  // the AOI: a file, or HR > T of the original's prediction
  const f = new DifferentiableSurrogate(model, { width: grid.width, height: grid.height, blocked }, device);
  const hrBefore = noGrad(() => tidy(() => f.forward(f.input(ground), f.input(mask)).hr.to("cpu").data() as Float32Array));
  const t = given.aoi ? null : hrThreshold(cfg.aoi);
  const aoi = given.aoi ? Uint8Array.from(given.aoi) : t !== null ? Uint8Array.from(hrBefore, (v, i) => (v > t && !blocked[i] ? 1 : 0)) : maskFrom(cfg.aoi, grid, "area of interest");
  for (let i = 0; i < n; i++) if (blocked[i]) aoi[i] = 0;
  const aoiCount = aoi.reduce((a, v) => a + v, 0);
  if (aoiCount === 0) throw new Error(t !== null ? `--aoi ${cfg.aoi}: no cell's predicted HR exceeds ${t}; nothing to improve (try a lower threshold or draw an area)` : `${cfg.aoi}: the area of interest covers no open cell of the DEM`);
  let aoiProtected = 0;
  for (let i = 0; i < n; i++) if (aoi[i] && !(cfg.modify === "buildings" ? freeBuildings[i] : free[i])) aoiProtected++;
  if (aoiProtected === aoiCount) throw new Error("--protect: the protected cells cover the whole area of interest; nothing inside it may change");
  const notes = [...raster.notes];
  notes.push(...depressionNotes(model, grid.width, grid.height, blocked));
  if (!Number.isFinite(constraints.budget) && !Number.isFinite(constraints.maxChange)) notes.push("no budget and no maximum change: the earthwork is limited by the iterations alone");
  // the iterative mode recomputes the AOI from the prediction unless it is an area drawn by the user
  const dynamicAoi = cfg.mode === "iterative" && (t !== null || (given.aoi !== undefined && hrThreshold(cfg.aoi) !== null));
  return { model, raster, ground, mask, aoi, dynamicAoi, constraints, freeBuildings, hrBefore, notes };
}

/** Where the design's whole-raster depression channel departs from the model's patches. */
function depressionNotes(model: SurrogateModel, W: number, H: number, blocked: Uint8Array): string[] {
  if (!model.meta.encoding.depression) return [];
  const out: string[] = [];
  const P = model.meta.scenario.patch_size;
  if (W > P || H > P) out.push(`the raster (${W}×${H}) is larger than the model's ${P}×${P} patches: the design fills depressions over the whole raster, the model learnt them patch by patch, so large basins may be outside what it knows`);
  let open = false;
  for (let c = 0; c < W && !open; c++) open = !blocked[c] || !blocked[(H - 1) * W + c];
  for (let r = 0; r < H && !open; r++) open = !blocked[r * W] || !blocked[r * W + W - 1];
  if (!open) out.push("no open cell on the raster's edge (a nodata frame): water has no way out, so the depression channel is 0 everywhere and the design cannot see ponds");
  return out;
}

export interface DesignRunHooks extends DesignHooks {
  threads?: number;
  onCheckProgress?: (what: string) => void;
}

export function design(cfg: DesignConfig, hooks: DesignRunHooks = {}): DesignResult {
  const t0 = performance.now();
  const inputs = prepareDesign(cfg, hooks.device);
  return designPrepared(cfg, inputs, hooks, t0);
}

export function designPrepared(cfg: DesignConfig, inputs: DesignInputs, hooks: DesignRunHooks = {}, t0 = performance.now()): DesignResult {
  const { model, raster } = inputs;
  const { grid, blocked } = raster;
  const cell = Math.abs(grid.geotransform[1]);
  const outcome = runDesign(
    model,
    {
      field: { width: grid.width, height: grid.height, blocked },
      cell,
      ground: inputs.ground,
      mask: inputs.mask,
      aoi: inputs.aoi,
      dynamicAoi: inputs.dynamicAoi,
      aoiThreshold: hrThreshold(cfg.aoi) ?? cfg.aoi_threshold,
      modify: cfg.modify,
      mode: cfg.mode,
      step: cfg.step,
      iterations: cfg.iterations,
      clip: cfg.clip,
      smoothness: cfg.smoothness,
      constraints: inputs.constraints,
      freeBuildings: inputs.freeBuildings,
    },
    hooks,
  );
  const n = grid.width * grid.height;
  const newHeight = cfg.building_height ?? model.meta.scenario.building_height_m;
  // buildings: re-binarised when their channel was changed, else exactly as given
  const buildings = Float32Array.from(raster.buildings);
  if (cfg.modify !== "terrain")
    for (let i = 0; i < n; i++) {
      const on = outcome.mask[i] > 0.5;
      if (on && !(raster.buildings[i] > 0)) buildings[i] = newHeight;
      else if (!on) buildings[i] = 0;
    }
  const ground = Float32Array.from(outcome.ground, (g, i) => (blocked[i] ? NaN : g));
  const constraints = checkConstraints(outcome.deltaZ, inputs.constraints);
  const check = cfg.check ? checkBySimulation(model.meta.scenario, grid, raster.ground, raster.buildings, ground, buildings, inputs.aoi, outcome, { threads: hooks.threads, progress: hooks.onCheckProgress }) : null;
  return { inputs, outcome, ground, buildings, constraints, check, wallSeconds: (performance.now() - t0) / 1000 };
}
