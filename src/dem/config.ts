// The `catchment dem train` config.
import { z } from "zod";
import { GDEM_NAMES } from "./degrade.js";
import { Z_UNITS } from "./fine.js";
import { proceduralSchema } from "./procedural.js";

const range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, "expected [low, high] with low ≤ high");

export const fineDemSchema = z
  .object({
    path: z.string(),
    z_units: z.enum(Object.keys(Z_UNITS) as [keyof typeof Z_UNITS]).default("m"),
    crs: z.string().optional(),
    /** building footprints (vector, or a raster of heights above ground): partly in the synthetic surfaces, and an input layer when `layers` names osm_buildings */
    buildings: z.string().optional(),
    buildings_where: z.string().optional(),
    building_height: z.number().positive().default(6),
    roads: z.string().optional(),
    /** OSM-like water polygons for the land-cover classes */
    water: z.string().optional(),
    /**
     * Real landforms at another scale: the DEM is read at `cell × rescale` metres and taken as `cell`
     * metres with its elevations divided by `rescale` (slopes kept). E.g. a 90 m SRTM tile with
     * rescale 18 gives 5 m terrain with the shapes of real hills and valleys.
     */
    rescale: z.number().positive().optional(),
    /** every window of this DEM trains (no validation or test blocks) */
    train_only: z.boolean().default(false),
  })
  .strict();

export const demTrainSchema = z
  .object({
    experiment_name: z.string().optional(),
    /** target cell size (m); the seed's is 5 m */
    cell: z.number().positive().default(5),
    fine_dems: z.array(fineDemSchema).default([]),
    /** procedural patches (bare-ground target; buildings and streets as the OSM-like layers), new ones every epoch */
    procedural: proceduralSchema.optional(),
    gdems: z.array(z.enum(GDEM_NAMES)).min(1).default([...GDEM_NAMES]),
    /** extra input layers rasterized from each fine DEM's vectors */
    layers: z.array(z.enum(["osm_buildings", "osm_roads"])).default([]),
    /** the layers are optional inputs: the model gets a given-flag per layer and works without them (a fine DEM without footprints or roads has them not given) */
    layers_optional: z.boolean().default(false),
    /** with layers_optional: each layer of each training window is dropped (as if not given) with this probability */
    layer_dropout: z.number().min(0).max(1).default(0),
    mode: z.enum(["residual", "direct"]).default("residual"),
    base: z.number().int().min(2).default(16),
    depth: z.number().int().min(2).max(6).default(4),
    norm: z.enum(["batch", "group", "none"]).default("batch"),
    patch_size: z.number().int().min(8).default(96),
    stride: z.number().int().min(1).default(48),
    block_size: z.number().int().min(8).default(192),
    split: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)]).default([0.7, 0.15, 0.15]),
    split_seed: z.number().int().min(0).default(7),
    batch_size: z.number().int().min(1).default(12),
    epochs: z.number().int().min(1).default(40),
    learning_rate: z.number().positive().default(1e-3),
    /** learning rate multiplied by this every epoch */
    lr_decay: z.number().positive().max(1).default(1),
    weight_decay: z.number().min(0).default(0),
    loss: z.enum(["mse", "l1"]).default("mse"),
    /** weight of the L1 difference of slopes (finite differences) added to the loss; 0 for none */
    slope_weight: z.number().min(0).default(0),
    /** synthetic degradation: magnitudes vary by ±jitter per realization; relief scaled by a log-uniform factor; canopy cover */
    jitter: z.number().min(0).max(0.95).default(0.5),
    relief_scale: range.default([0.5, 3]),
    canopy_cover: range.default([0, 0.15]),
    /** training realizations per fine DEM and epoch */
    realizations: z.number().int().min(1).default(1),
    /** share of the training windows drawn for each realization (many realizations of part of the area mix relief scales within an epoch) */
    window_fraction: z.number().positive().max(1).default(1),
    min_valid_fraction: z.number().min(0).max(1).default(0.5),
    seed: z.number().int().min(0).default(1),
    device: z.string().default("cpu"),
  })
  .strict()
  .superRefine((c, ctx) => {
    const f = 2 ** (c.depth - 1);
    if (c.patch_size % f !== 0) ctx.addIssue({ code: "custom", path: ["patch_size"], message: `must be a multiple of ${f} for a U-Net of depth ${c.depth}` });
    if (c.block_size < c.patch_size) ctx.addIssue({ code: "custom", path: ["block_size"], message: `must be at least patch_size (${c.patch_size}) so that whole windows fit in a block` });
    if (c.fine_dems.length === 0 && !c.procedural) ctx.addIssue({ code: "custom", path: ["fine_dems"], message: "give at least one fine DEM or procedural patches" });
    if (c.procedural && c.procedural.size < c.patch_size) ctx.addIssue({ code: "custom", path: ["procedural", "size"], message: `must be at least patch_size (${c.patch_size})` });
    if (c.layer_dropout > 0 && !c.layers_optional) ctx.addIssue({ code: "custom", path: ["layer_dropout"], message: "needs layers_optional: true" });
    if (!(c.split[0] > 0)) ctx.addIssue({ code: "custom", path: ["split"], message: "the training fraction must be above 0" });
    if (!c.layers_optional) c.layers.forEach((l, i) => {
      const key = l === "osm_buildings" ? "buildings" : "roads";
      c.fine_dems.forEach((d, k) => {
        if (!d[key]) ctx.addIssue({ code: "custom", path: ["fine_dems", k, key], message: `layer '${l}' (layers[${i}]) needs '${key}' for every fine DEM` });
      });
    });
  });

export type DemTrainConfig = z.infer<typeof demTrainSchema>;

