// `catchment water export-ee`: a trained model as an Earth Engine graph (the client's own serialised
// JSON), a Code Editor script and a Python script that rebuild it, and a copy of the model so the
// export can be verified on its own.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { dispose, loadSafetensors } from "../../torch/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { catchmentVersion } from "../../util/run-info.js";
import { loadWaterModel, readModelJson } from "../model-file.js";
import { buildGraph, serializeGraph, PROBABILITY_BAND } from "./graph.js";
import { parseGraph, algorithmsUsed } from "./graph-json.js";
import { codeEditorScript, pythonScript, scriptModel } from "./scripts.js";

export const EXPORT_FILES = { graph: "graph.json", js: "water_cnn.js", py: "water_cnn.py", info: "export.json", model: "model" };
const KNOWN_LAYERS = ["conv1", "conv2", "conv3", "conv4", "conv5"];

export interface ExportOptions {
  model: string;
  out: string;
  /** Earth Engine band names in the model's order (default: the model's own names). */
  eeBands?: string[];
  /** The asset id the graph loads (default: a placeholder to replace). */
  asset?: string;
}

export interface ExportInfo {
  model: string;
  bands: string[];
  ee_bands: string[];
  asset: string;
  output_band: string;
  threshold: number;
  graph_bytes: number;
  graph_sha256: string;
  algorithms: Record<string, number>;
  catchment_version: string;
}

/** Refuses, by name, tensors of layers the exporter cannot express. */
function checkExpressible(modelDir: string): void {
  readModelJson(modelDir);
  const file = join(modelDir, "model.safetensors");
  if (!existsSync(file)) throw new Error(`${modelDir}: no model.safetensors`);
  const { tensors } = loadSafetensors(file);
  const keys = [...tensors.keys()];
  dispose([...tensors.values()]);
  const foreign = [...new Set(keys.map((k) => k.split(".")[0]).filter((l) => !KNOWN_LAYERS.includes(l)))];
  if (foreign.length)
    throw new Error(
      `${file}: layer${foreign.length > 1 ? "s" : ""} ${foreign.map((l) => `'${l}' (${keys.filter((k) => k.startsWith(l + ".")).join(", ")})`).join(", ")} cannot be expressed as Earth Engine image operations; the exporter writes the pixel CNN's ${KNOWN_LAYERS.join(", ")} only`,
    );
}

export function exportEe(o: ExportOptions): ExportInfo {
  checkExpressible(o.model);
  const model = loadWaterModel(o.model);
  try {
    const eeBands = o.eeBands ?? model.meta.bands;
    if (eeBands.length !== model.meta.bands.length)
      throw new Error(`--bands: ${eeBands.length} names (${eeBands.join(", ")}) for the model's ${model.meta.bands.length} bands [${model.meta.bands.join(", ")}]`);
    if (new Set(eeBands).size !== eeBands.length) throw new Error(`--bands: names must be unique, got ${eeBands.join(", ")}`);
    const asset = o.asset ?? "users/YOUR_NAME/YOUR_IMAGE";
    const json = serializeGraph(buildGraph(model, { eeBands, asset }));
    const graph = parseGraph(json, "exported graph");
    const sm = scriptModel(model, eeBands);
    const source = resolve(o.model);
    const info: ExportInfo = {
      model: source,
      bands: model.meta.bands,
      ee_bands: eeBands,
      asset,
      output_band: PROBABILITY_BAND,
      threshold: model.meta.threshold,
      graph_bytes: Buffer.byteLength(json),
      graph_sha256: createHash("sha256").update(json).digest("hex"),
      algorithms: Object.fromEntries([...algorithmsUsed(graph)].sort()),
      catchment_version: catchmentVersion(),
    };
    // everything is built before the first file is written
    mkdirSync(o.out, { recursive: true });
    writeFileAtomic(join(o.out, EXPORT_FILES.graph), json + "\n");
    writeFileAtomic(join(o.out, EXPORT_FILES.js), codeEditorScript(sm, asset, source));
    writeFileAtomic(join(o.out, EXPORT_FILES.py), pythonScript(sm, asset, source));
    const modelCopy = join(o.out, EXPORT_FILES.model);
    if (resolve(modelCopy) !== resolve(o.model))
      for (const f of ["model.json", "model.safetensors"]) writeFileAtomic(join(modelCopy, f), readFileSync(join(o.model, f)));
    writeFileAtomic(join(o.out, EXPORT_FILES.info), JSON.stringify(info, null, 2) + "\n");
    return info;
  } finally {
    model.net.dispose();
  }
}
