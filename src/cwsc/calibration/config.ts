// `catchment cwsc calibrate` config: which monthly data sets, which models, bounds, SCE-UA settings.
import { z } from "zod";
import { MODEL_NAMES } from "../models/registry.js";

const bounds = z
  .tuple([z.number(), z.number()])
  .refine((b) => b[0] < b[1], { message: "lower bound must be below the upper bound ([lower, upper])" });

const dataset = z.discriminatedUnion("type", [
  z.object({ type: z.literal("au20"), dir: z.string() }).strict(),
  z.object({ type: z.literal("camels_fr"), dir: z.string() }).strict(),
  z
    .object({
      type: z.literal("budget189"),
      dir: z.string(),
      /** the bioclim stack PET is derived from */
      bioclim: z.string(),
      /** precipitation products in order of preference, per basin the first that has values */
      precipitation: z.array(z.string()).min(1).default(["P_GPCC", "P_CRU"]),
    })
    .strict(),
  z.object({ type: z.literal("generic"), dir: z.string() }).strict(),
]);

export const calibrateSchema = z
  .object({
    experiment_name: z.string().optional(),
    datasets: z.array(dataset).min(1),
    /** only these basin ids (all when omitted) */
    basins: z.array(z.string()).min(1).optional(),
    warm_up_months: z.number().int().min(0).default(24),
    /** the snow store (McCabe & Markstrom 2007) in front of the models, where a basin has temperatures (data/snow.ts) */
    snow: z.boolean().default(true),
    min_scored_months: z.number().int().min(2).default(12),
    models: z.array(z.enum(MODEL_NAMES as [string, ...string[]])).min(1).default([...MODEL_NAMES]),
    /** shared capacity bounds (mm); also the capacity bounds of the single-model calibrations */
    capacity_bounds: bounds.default([10, 2000]),
    /** other parameter bounds by model and parameter, e.g. {gr2m: {X2: [0.2, 1.5]}} */
    bounds: z.record(z.string(), z.record(z.string(), bounds)).default({}),
    joint: z.boolean().default(true),
    sceua: z
      .object({
        complexes: z.number().int().min(1).default(2),
        points_per_complex: z.number().int().min(2).optional(),
        subcomplex_size: z.number().int().min(2).optional(),
        evolution_steps: z.number().int().min(1).optional(),
        max_evaluations: z.number().int().min(1).default(10000),
        joint_max_evaluations: z.number().int().min(1).default(30000),
        kstop: z.number().int().min(1).default(10),
        improvement: z.number().min(0).default(0.001),
        parameter_spread: z.number().min(0).default(0.001),
      })
      .strict()
      .default({ complexes: 2, max_evaluations: 10000, joint_max_evaluations: 30000, kstop: 10, improvement: 0.001, parameter_spread: 0.001 }),
    /** labels are kept where the joint KGE (the single KGE without joint) is above this */
    kge_threshold: z.number().default(0),
    hydrograph_basins: z.array(z.string()).default([]),
    seed: z.number().int().min(0).default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const m of Object.keys(c.bounds))
      if (!MODEL_NAMES.includes(m as never)) ctx.addIssue({ code: "custom", path: ["bounds", m], message: `unknown model '${m}'; models are ${MODEL_NAMES.join(", ")}` });
    if (c.joint && c.models.length < 2) ctx.addIssue({ code: "custom", path: ["joint"], message: "a joint calibration needs at least two models" });
  });

export type CalibrateConfig = z.infer<typeof calibrateSchema>;
export type DatasetConfig = CalibrateConfig["datasets"][number];
