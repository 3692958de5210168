// `catchment water verify-ee`: runs an exported graph with the local Earth Engine evaluator on a local
// raster and compares it, pixel by pixel, with `water predict` of the same model on the same raster.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Raster } from "../../geo/raster.js";
import { loadWaterModel } from "../model-file.js";
import { predictRaster } from "../predict.js";
import { EXPORT_FILES } from "./export.js";
import { readGraph, algorithmsUsed } from "./graph-json.js";
import { evaluateGraph, EVALUATOR_ALGORITHMS } from "./evaluator.js";

export interface VerifyOptions {
  graph: string;
  /** The scene, its bands named (band descriptions, or `bandNames`). */
  scene: Raster;
  sceneSource: string;
  /** The model folder; default: the export's copy beside the graph. */
  model?: string;
  tolerance?: number;
  tile?: number;
  device?: string;
  progress?: boolean;
}

export interface VerifyResult {
  model: string;
  loads: string[];
  compared: number;
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** Pixels `water predict` gives a probability that the graph leaves masked. */
  missingInGraph: number;
  /** Pixels the graph gives a value that `water predict` leaves empty. */
  extraInGraph: number;
  tolerance: number;
  ok: boolean;
  probabilityGraph: Float64Array;
  probabilityPredict: Float32Array;
}

function eeBandsOf(graphPath: string, modelBands: string[]): string[] {
  const info = join(dirname(graphPath), EXPORT_FILES.info);
  if (!existsSync(info)) return modelBands;
  const parsed = JSON.parse(readFileSync(info, "utf8")) as { ee_bands?: string[] };
  return parsed.ee_bands ?? modelBands;
}

export function verifyEe(o: VerifyOptions): VerifyResult {
  const graph = readGraph(o.graph);
  const unknown = [...algorithmsUsed(graph).keys()].filter((a) => !EVALUATOR_ALGORITHMS.includes(a));
  if (unknown.length) throw new Error(`${o.graph}: uses ${unknown.join(", ")}, which the local evaluator does not implement (it implements ${EVALUATOR_ALGORITHMS.join(", ")})`);
  const modelDir = o.model ?? join(dirname(o.graph), EXPORT_FILES.model);
  const model = loadWaterModel(modelDir);
  try {
    if (o.device) model.net.to(o.device);
    const eeBands = eeBandsOf(o.graph, model.meta.bands);
    const have = o.scene.bands.map((b) => b.name);
    const missing = eeBands.filter((b) => !have.includes(b));
    if (missing.length)
      throw new Error(`${o.sceneSource}: has bands [${have.join(", ")}], the graph selects [${eeBands.join(", ")}] (missing ${missing.join(", ")}); name the file's bands with --bands`);
    // water predict takes the model's bands in its order; the graph selects them by name itself
    const forPredict: Raster = { ...o.scene, bands: eeBands.map((n, i) => ({ ...o.scene.bands[have.indexOf(n)], name: model.meta.bands[i] })) };
    const predicted = predictRaster(model, forPredict, { device: o.device, progress: o.progress });
    const loads: string[] = [];
    const [band] = evaluateGraph(graph, (id) => {
      if (!loads.includes(id)) loads.push(id);
      return o.scene;
    }, o.scene, { tile: o.tile, progress: o.progress });
    if (!band) throw new Error(`${o.graph}: the graph's result has no band`);
    const tolerance = o.tolerance ?? 1e-5;
    let compared = 0, sum = 0, max = 0, missingInGraph = 0, extraInGraph = 0;
    for (let i = 0; i < band.data.length; i++) {
      const p = predicted.probability[i];
      const g = band.data[i];
      if (Number.isNaN(p)) {
        if (!Number.isNaN(g)) extraInGraph++;
        continue;
      }
      if (Number.isNaN(g)) {
        missingInGraph++;
        continue;
      }
      const d = Math.abs(p - g);
      compared++;
      sum += d;
      if (d > max) max = d;
    }
    return {
      model: modelDir,
      loads,
      compared,
      maxAbsDiff: max,
      meanAbsDiff: compared ? sum / compared : NaN,
      missingInGraph,
      extraInGraph,
      tolerance,
      ok: compared > 0 && max <= tolerance && missingInGraph === 0,
      probabilityGraph: band.data,
      probabilityPredict: predicted.probability,
    };
  } finally {
    model.net.dispose();
  }
}
