// `catchment surrogate train --config s.yml`.
import { z } from "zod";
import { surrogateModels } from "./models/registry.js";

export const surrogateTrainSchema = z
  .object({
    dataset: z.string(),
    /** "original": the original patches; "expanded": with their bump variants (seed 002's two sets) */
    variants: z.enum(["original", "expanded"]).default("original"),
    model: surrogateModels.schema().default("unet"),
    base: z.number().int().min(4).default(16),
    depth: z.number().int().min(2).max(7).default(5),
    norm: z.enum(["batch", "group", "none"]).default("group"),
    /** c of the terrain input c·(z − z̄), 1/m (seed 002: 0.01; see encoding.ts) */
    terrain_scale: z.number().positive().default(0.01),
    /** a third input channel: the depression depth of a priority-flood fill (see encoding.ts) */
    depression_channel: z.boolean().default(false),
    epochs: z.number().int().min(1).default(30),
    batch_size: z.number().int().min(1).default(12),
    learning_rate: z.number().positive().default(1e-3),
    /** cosine annealing to learning_rate × final_lr_fraction over the epochs */
    final_lr_fraction: z.number().min(0).max(1).default(0.05),
    weight_decay: z.number().min(0).default(0),
    /** weight of wet cells (target depth > wet_depth) against dry ones in the loss */
    wet_weight: z.number().min(1).default(5),
    wet_depth: z.number().positive().default(0.05),
    /** weight of the hazard rating d·(v + 0.5) term next to depth and velocity */
    hazard_weight: z.number().min(0).default(1),
    augment: z.boolean().default(true),
    seed: z.number().int().min(0).default(1),
    device: z.string().default("cpu"),
    keep_checkpoints: z.number().int().min(1).default(2),
    /** start from the weights of a trained surrogate (fine-tuning); its scenario, encoding and architecture must match this run's */
    init: z.string().optional(),
    /** use at most this many patches per split (quick runs, tests) */
    max_patches: z.number().int().min(1).optional(),
  })
  .strict();

export type SurrogateTrainConfig = z.infer<typeof surrogateTrainSchema>;
