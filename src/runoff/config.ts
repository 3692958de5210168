// The rainfall-runoff run config: neuralhydrology's key names where the concept is the same,
// plus ours for the dataset layout, the static vector option and the model.
import { z } from "zod";
import { parseDate } from "../util/dates.js";
import { runoffModels } from "./models/registry.js";

export const KRATZERT_ATTRIBUTES = [
  "p_mean", "pet_mean", "aridity", "p_seasonality", "frac_snow", "high_prec_freq", "high_prec_dur",
  "low_prec_freq", "low_prec_dur", "elev_mean", "slope_mean", "area_gages2", "frac_forest", "lai_max",
  "lai_diff", "gvf_max", "gvf_diff", "soil_depth_pelletier", "soil_depth_statsgo", "soil_porosity",
  "soil_conductivity", "max_water_content", "sand_frac", "silt_frac", "clay_frac", "carbonate_rocks_frac",
  "geol_permeability",
];

export const STATIC_VECTORS = ["physical", "gaussian", "one_hot", "mixed", "none"] as const;
export const PERIODS = ["train", "validation", "test"] as const;
export type Period = (typeof PERIODS)[number];

const date = (what: string) =>
  z.union([z.string(), z.date()]).transform((s, ctx) => {
    try {
      return parseDate(s instanceof Date ? s.toISOString().slice(0, 10) : s, what);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
      return z.NEVER;
    }
  });

// neuralhydrology: a number, or {epoch: rate} where epoch 0 is the start
const learningRate = z.union([
  z.number().positive(),
  z.record(z.string().regex(/^\d+$/, "epoch numbers as keys"), z.number().positive()).refine((t) => "0" in t, "the table needs epoch 0"),
]);

export const runoffSchema = z
  .object({
    experiment_name: z.string().optional(),
    dataset: z.enum(["camels_us", "camels_model_output", "generic"]).default("camels_us"),
    data_dir: z.string(),
    attributes_dir: z.string().optional(),
    forcings: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    train_basin_file: z.string(),
    validation_basin_file: z.string().optional(),
    test_basin_file: z.string().optional(),
    train_start_date: date("train_start_date"),
    train_end_date: date("train_end_date"),
    validation_start_date: date("validation_start_date").optional(),
    validation_end_date: date("validation_end_date").optional(),
    test_start_date: date("test_start_date").optional(),
    test_end_date: date("test_end_date").optional(),
    dynamic_inputs: z.array(z.string()).min(1),
    static_attributes: z.array(z.string()).min(1).default(KRATZERT_ATTRIBUTES),
    target_variables: z.array(z.string()).length(1, "one target variable"),
    benchmark_variable: z.string().optional(),
    model: runoffModels.schema().default("ealstm"),
    ealstm_init: z.enum(["kratzert", "xavier"]).default("kratzert"),
    static_vector: z.enum(STATIC_VECTORS).default("physical"),
    static_dim: z.number().int().min(1).optional(),
    static_seed: z.number().int().min(0).default(0),
    static_embedding_size: z.number().int().min(1).optional(),
    seq_length: z.number().int().min(1).default(270),
    hidden_size: z.number().int().min(1).default(256),
    initial_forget_bias: z.number().default(3),
    output_dropout: z.number().min(0).max(0.9).default(0.4),
    learning_rate: learningRate.default(1e-3),
    batch_size: z.number().int().min(1).default(256),
    epochs: z.number().int().min(1).default(30),
    loss: z.enum(["NSE", "MSE", "nse", "mse"]).default("NSE").transform((s) => s.toUpperCase() as "NSE" | "MSE"),
    clip_gradient_norm: z.number().positive().optional(),
    seed: z.number().int().min(0).default(1),
    device: z.string().default("cpu"),
    keep_checkpoints: z.number().int().min(1).optional(),
    validate_every: z.number().int().min(1).optional(),
    early_stopping_patience: z.number().int().min(1).optional(),
    clip_targets_to_zero: z.array(z.string()).default([]),
    plot_basins: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    for (const p of PERIODS) {
      const a = c[`${p}_start_date`];
      const b = c[`${p}_end_date`];
      if ((a === undefined) !== (b === undefined)) bad(`${p}_end_date`, `${p}_start_date and ${p}_end_date go together`);
      if (a && b && a > b) bad(`${p}_end_date`, `${b} is before ${p}_start_date ${a}`);
    }
    const random = c.static_vector === "gaussian" || c.static_vector === "mixed";
    if (random && c.static_dim === undefined) bad("static_dim", `static_vector '${c.static_vector}' needs static_dim`);
    if (c.static_vector === "mixed" && c.static_dim !== undefined && c.static_dim <= c.static_attributes.length)
      bad("static_dim", `mixed vectors have the ${c.static_attributes.length} attributes plus Gaussian dimensions, so static_dim must exceed ${c.static_attributes.length}`);
    if (!random && c.static_vector !== "physical" && c.static_dim !== undefined) bad("static_dim", `static_dim is only used by gaussian and mixed vectors`);
    if (c.model === "lstm" && c.static_vector !== "none") bad("static_vector", "model 'lstm' takes no statics; set static_vector: none");
    if (c.model !== "lstm" && c.static_vector === "none") bad("model", `static_vector 'none' needs model 'lstm'`);
    if (c.early_stopping_patience && !c.validate_every) bad("early_stopping_patience", "early stopping needs validate_every and validation dates");
    if (c.validate_every && !c.validation_start_date) bad("validate_every", "validation needs validation_start_date and validation_end_date");
  });

export type RunoffConfig = z.infer<typeof runoffSchema>;

export function basinFileFor(cfg: RunoffConfig, period: Period): string {
  return (period === "train" ? cfg.train_basin_file : period === "validation" ? cfg.validation_basin_file : cfg.test_basin_file) ?? cfg.train_basin_file;
}

export function periodDates(cfg: RunoffConfig, period: Period, source: string): [string, string] {
  const a = cfg[`${period}_start_date`];
  const b = cfg[`${period}_end_date`];
  if (!a || !b) throw new Error(`${source}: no ${period}_start_date / ${period}_end_date in the config`);
  return [a, b];
}
