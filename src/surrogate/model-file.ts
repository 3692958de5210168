// A trained surrogate on disk: model.json (format, scenario, encoding, architecture, what it was
// trained on, test metrics) and weights.safetensors (PyTorch-loadable).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadWeights, saveSafetensors } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { Scenario, scenarioSchema } from "./scenario.js";
import { Encoding, inputChannels } from "./encoding.js";
import { SurrogateArch } from "./models/unet.js";
import { createSurrogate, SurrogateNet } from "./models/registry.js";

export const MODEL_FORMAT = "catchment-surrogate-model";
export const MODEL_VERSION = 1;

export interface TrainingDomain {
  patches: number;
  /** 1st and 99th percentiles over the training patches */
  relief_m: [number, number];
  mean_slope: [number, number];
  building_fraction: [number, number];
}

export interface SurrogateMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  scenario: Scenario;
  encoding: Encoding;
  arch: SurrogateArch;
  domain: TrainingDomain;
  trained: { dataset: string; variants: "original" | "expanded"; epochs: number; epoch_kept: number; catchment_version: string; init?: string };
  metrics?: Record<string, number>;
}

export interface SurrogateModel {
  dir: string;
  meta: SurrogateMeta;
  net: SurrogateNet;
}

export function saveSurrogateModel(dir: string, net: SurrogateNet, meta: SurrogateMeta): void {
  saveSafetensors(join(dir, "weights.safetensors"), net.stateDict(), { format: MODEL_FORMAT });
  writeFileAtomic(join(dir, "model.json"), JSON.stringify(meta, null, 2) + "\n");
}

export function readSurrogateMeta(dir: string): SurrogateMeta {
  const path = join(dir, "model.json");
  if (!existsSync(path)) throw new Error(`${dir}: not a surrogate model (no model.json)`);
  let meta: SurrogateMeta;
  try {
    meta = JSON.parse(readFileSync(path, "utf8")) as SurrogateMeta;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (meta.format !== MODEL_FORMAT) throw new Error(`${path}: format '${String(meta.format)}' is not a catchment surrogate model`);
  if (meta.version !== MODEL_VERSION) throw new Error(`${path}: surrogate model format version ${meta.version}, this catchment reads version ${MODEL_VERSION}`);
  meta.scenario = scenarioSchema.parse(meta.scenario);
  const inputs = meta.arch?.inputs ?? 2;
  if (inputs !== inputChannels(meta.encoding)) throw new Error(`${path}: arch.inputs is ${inputs} but the encoding gives ${inputChannels(meta.encoding)} channels`);
  return meta;
}

export function loadSurrogateModel(dir: string, device = "cpu"): SurrogateModel {
  const meta = readSurrogateMeta(dir);
  const weights = join(dir, "weights.safetensors");
  if (!existsSync(weights)) throw new Error(`${dir}: no weights.safetensors`);
  const net = createSurrogate(meta.arch);
  loadWeights(net, weights);
  net.to(device).eval();
  return { dir, meta, net };
}
