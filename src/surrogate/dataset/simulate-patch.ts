// One patch: its inputs simulated with the dataset's scenario, written as patches/<id>.tif (atomic, so
// a killed build never leaves half a patch).
import { Raster, Crs } from "../../geo/index.js";
import { writeRaster } from "../../geo/index.js";
import { simulate } from "../../flood/engine.js";
import { scenarioInput } from "../scenario.js";
import { patchInputs } from "./inputs.js";
import { Manifest, PATCH_BANDS, PatchSpec, patchPath } from "./manifest.js";

export interface PatchResult {
  id: string;
  seconds: number;
  steps: number;
  maxDepth: number;
  massBalanceErrorPercent: number;
}

export function crsOfPatch(m: Manifest, p: PatchSpec): Crs | null {
  return p.crs === null ? null : { wkt: m.crs[p.crs], epsg: null };
}

export function simulatePatch(dir: string, m: Manifest, p: PatchSpec, threads = 1): PatchResult {
  const P = m.scenario.patch_size;
  const { ground, buildings } = patchInputs(dir, m, p);
  const t0 = performance.now();
  const r = simulate(scenarioInput(m.scenario, P, P, ground, buildings, threads));
  const seconds = (performance.now() - t0) / 1000;
  const raster: Raster = {
    width: P,
    height: P,
    geotransform: p.geotransform,
    crs: crsOfPatch(m, p),
    bands: [ground, buildings, r.maxDepth, r.maxVelocity].map((data, k) => ({ name: PATCH_BANDS[k], type: "Float32" as const, nodata: null, data: Float32Array.from(data) })),
  };
  writeRaster(patchPath(dir, p.id), raster, { creationOptions: ["PREDICTOR=3"] });
  let maxDepth = 0;
  for (const v of r.maxDepth) maxDepth = Math.max(maxDepth, v);
  return { id: p.id, seconds, steps: r.timeSteps, maxDepth, massBalanceErrorPercent: r.massBalance.error_percent };
}
