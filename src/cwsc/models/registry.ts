// The monthly water-balance models by name.
import { abcd } from "./abcd.js";
import { dwbm } from "./dwbm.js";
import { gr2m } from "./gr2m.js";
import { ModelName, WaterBalanceModel } from "./model.js";

export const MODELS: Record<ModelName, WaterBalanceModel> = { abcd, gr2m, dwbm };
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

export function modelByName(name: string): WaterBalanceModel {
  const m = (MODELS as Record<string, WaterBalanceModel>)[name.toLowerCase()];
  if (!m) throw new Error(`unknown water-balance model '${name}'; models are ${MODEL_NAMES.join(", ")}`);
  return m;
}
