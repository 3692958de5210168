// `catchment cwsc train` config: labels, input grids, splits, patch and network, training recipe.
import { z } from "zod";
import { BIOCLIM_NAMES, DEFAULT_LOG, DERIVED_NAMES } from "./inputs.js";

export const inputsSchema = z
  .object({
    /** the 19-band bioclim GeoTIFF on the 0.5° lattice */
    bioclim: z.string(),
    /** Xanthos' half-degree grids folder (runoff, flow distance; soil moisture for comparison) */
    xanthos: z.string().optional(),
    channels: z.array(z.string()).min(1).default([...BIOCLIM_NAMES, ...DERIVED_NAMES]),
    log: z.array(z.string()).optional(),
    extra: z.array(z.object({ name: z.string(), path: z.string(), band: z.number().int().min(1).default(1) }).strict()).default([]),
  })
  .strict()
  .transform((i) => ({ ...i, log: i.log ?? DEFAULT_LOG.filter((n) => i.channels.includes(n)) }));

const labelsSchema = z.union([
  z.object({ calibration: z.string() }).strict(),
  z.object({ raster: z.string(), kge_raster: z.string().optional() }).strict(),
]);

export const trainSchema = z
  .object({
    experiment_name: z.string().optional(),
    /** a `cwsc calibrate` run folder (per-basin labels), or a capacity raster on the lattice (gridded labels) */
    labels: labelsSchema,
    kge_threshold: z.number().default(0),
    inputs: inputsSchema,
    splits: z.array(z.enum(["random", "blocked"])).min(1).default(["random", "blocked"]),
    test_fraction: z.number().gt(0).lt(1).default(0.3),
    block_degrees: z.number().positive().max(180).default(30),
    patch_size: z.number().int().min(1).max(64).default(10),
    network: z
      .object({ blocks: z.number().int().min(1).default(5), width: z.number().int().min(1).default(16), dropout: z.number().min(0).lt(1).default(0) })
      .strict()
      .default({ blocks: 5, width: 16, dropout: 0 }),
    /** the network predicts the standardised log (or plain) capacity */
    target: z.enum(["log", "linear"]).default("log"),
    epochs: z.number().int().min(1).default(60),
    batch_size: z.number().int().min(2).default(64),
    /** cells drawn from each training group per epoch, so that large basins do not swamp small ones */
    cells_per_group: z.number().int().min(1).default(16),
    learning_rate: z.number().positive().default(1e-3),
    weight_decay: z.number().min(0).default(1e-4),
    augment: z.boolean().default(true),
    /** networks per split, seeds seed, seed + 1, …; their standardised outputs are averaged */
    ensemble: z.number().int().min(1).max(32).default(1),
    /** share of each network's training basins held back to choose its epoch (0: the last epoch) */
    validation_fraction: z.number().min(0).lt(1).default(0),
    seed: z.number().int().min(0).default(1),
    device: z.string().default("cpu"),
  })
  .strict();

export type TrainConfig = z.infer<typeof trainSchema>;
