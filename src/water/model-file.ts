// A trained water model on disk: a folder with model.safetensors (PyTorch's state-dict names) and
// model.json (band list in the network's order, per-band normalization, architecture, threshold).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { loadWeights, saveSafetensors } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { validateConfig } from "../util/config.js";
import { ACTIVATIONS, PixelCnn } from "./model.js";

export const MODEL_FORMAT = "catchment-water-pixel-cnn";

const modelJsonSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(1),
    bands: z.array(z.string().min(1)).min(1),
    normalization: z.array(z.object({ name: z.string(), mean: z.number(), std: z.number().positive() }).strict()),
    architecture: z
      .object({
        window: z.literal(7),
        widths: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]),
        activation: z.string(),
      })
      .strict(),
    /** Water where the water probability is at least this. */
    threshold: z.number().gt(0).lt(1),
    classes: z.tuple([z.literal("land"), z.literal("water")]),
    /** Free-form provenance: data, config, seed, epochs. */
    trained: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.normalization.length !== m.bands.length || m.normalization.some((n, i) => n.name !== m.bands[i]))
      ctx.addIssue({ code: "custom", path: ["normalization"], message: `needs one entry per band, in the order of bands [${m.bands.join(", ")}]` });
    if (new Set(m.bands).size !== m.bands.length) ctx.addIssue({ code: "custom", path: ["bands"], message: "band names must be unique" });
  });

export type ModelJson = z.infer<typeof modelJsonSchema>;

export interface WaterModel {
  dir: string;
  meta: ModelJson;
  net: PixelCnn;
}

export function saveWaterModel(dir: string, net: PixelCnn, meta: Omit<ModelJson, "format" | "version" | "classes" | "architecture">): void {
  const full: ModelJson = {
    format: MODEL_FORMAT,
    version: 1,
    classes: ["land", "water"],
    architecture: { window: 7, widths: net.widths, activation: net.activation },
    ...meta,
  };
  validateConfig(join(dir, "model.json"), full, modelJsonSchema);
  saveSafetensors(join(dir, "model.safetensors"), net.stateDict(), { format: MODEL_FORMAT });
  writeFileAtomic(join(dir, "model.json"), JSON.stringify(full, null, 2) + "\n");
}

export function readModelJson(dir: string): ModelJson {
  const path = join(dir, "model.json");
  if (!existsSync(path)) throw new Error(`${dir}: not a water model folder (no model.json)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateConfig(path, raw, modelJsonSchema);
}

/** Loads the network; an activation or tensor this network does not have is refused by name. */
export function loadWaterModel(dir: string): WaterModel {
  const meta = readModelJson(dir);
  const act = meta.architecture.activation;
  if (!(ACTIVATIONS as readonly string[]).includes(act))
    throw new Error(`${join(dir, "model.json")}: key 'architecture.activation': '${act}' is not one of ${ACTIVATIONS.join(", ")}`);
  const net = new PixelCnn({ bands: meta.bands.length, widths: meta.architecture.widths, activation: act as PixelCnn["activation"] });
  const file = join(dir, "model.safetensors");
  if (!existsSync(file)) throw new Error(`${dir}: no model.safetensors`);
  try {
    loadWeights(net, file);
  } catch (e) {
    net.dispose();
    throw e;
  }
  net.eval();
  return { dir, meta, net };
}
