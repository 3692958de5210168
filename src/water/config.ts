// The water-extraction run config: where the imagery comes from (one scene of band files, or a time
// series of band stacks with a QA stack), how the first labels are made (QA bits or index
// thresholds), the label-noise correction, the spatial or temporal split, training, and the reference.
import { z } from "zod";
import { QA_PRODUCTS } from "./qa.js";
import { ACTIVATIONS } from "./model.js";

const bandName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "band names are letters, digits and _ (Earth Engine's band names)");

export const INDEX_NAMES = ["ndwi", "mndwi", "awei_nsh", "awei_sh"] as const;
export type IndexName = (typeof INDEX_NAMES)[number];
export const INDEX_ROLES = ["blue", "green", "red", "nir", "swir1", "swir2"] as const;
export type IndexRole = (typeof INDEX_ROLES)[number];

const sceneSchema = z
  .object({
    /** model band name → a single-band raster (or file#band); resampled onto the grid of `grid` */
    bands: z.record(bandName, z.string()).refine((b) => Object.keys(b).length > 0, "at least one band"),
    /** the band whose grid the stack uses (default: the first) */
    grid: z.string().optional(),
    /** resample that grid to cells of this size (its CRS units, e.g. 30 m) over the same extent */
    resolution: z.number().positive().optional(),
    /** every band value is multiplied by this on loading (e.g. 0.0001: L1C digital numbers to reflectance) */
    scale: z.number().positive().default(1),
    resampling: z.enum(["nearest", "bilinear", "cubic", "average"]).default("bilinear"),
    /** values treated as no data in every band, besides each file's own nodata (e.g. [0]) */
    nodata: z.array(z.number()).default([]),
    /** the scene's QA band, on the same grid (for labels.source: qa) */
    qa: z.string().optional(),
  })
  .strict();

const seriesSchema = z
  .object({
    /** model band name → a stack with one band per date */
    bands: z.record(bandName, z.string()).refine((b) => Object.keys(b).length > 0, "at least one band"),
    /** the QA stack, one band per date */
    qa: z.string(),
    /** a CSV whose column `date` gives the date of each band (row i = band i) */
    dates: z.string().optional(),
    /** every n-th date (the n-th, 2n-th, …) is held back for evaluation */
    test_every: z.number().int().min(2).default(4),
    nodata: z.array(z.number()).default([]),
  })
  .strict();

const thresholds = z.partialRecord(z.enum(INDEX_NAMES), z.number()).refine((t) => Object.keys(t).length > 0, "at least one index");

const labelsSchema = z.discriminatedUnion("source", [
  z
    .object({
      source: z.literal("qa"),
      product: z.enum(QA_PRODUCTS as [string, ...string[]]),
      /** lowest two-bit confidence that sets a flag: 1 low, 2 medium, 3 high */
      min_confidence: z.number().int().min(1).max(3).default(3),
    })
    .strict(),
  z
    .object({
      source: z.literal("index"),
      /** water where every listed index exceeds its threshold */
      water: thresholds,
      /** land where every listed index is below its threshold */
      land: thresholds,
    })
    .strict(),
]);

const noiseSchema = z
  .object({
    /** a label is improbable when its spectrum's tail probability under its class's normal model is below this */
    alpha: z.number().gt(0).lt(0.5).default(0.001),
    /** improbable labels: flip to the other class when that one explains the spectrum, else drop; or always drop */
    action: z.enum(["flip", "flag"]).default("flip"),
    /** self-learning rounds with the pixel CNN after the normal-model step */
    rounds: z.number().int().min(0).default(2),
    /** a round relabels a pixel when the CNN gives the other class at least this (prior-corrected) probability */
    confidence: z.number().gt(0.5).lt(1).default(0.9),
    epochs_per_round: z.number().int().min(1).default(3),
  })
  .strict();

const splitSchema = z
  .object({
    /** square blocks of this many pixels go wholly to train or test */
    block_size: z.number().int().min(8).default(256),
    test_fraction: z.number().gt(0).lt(1).default(0.5),
    seed: z.number().int().min(0).default(1),
  })
  .strict();

const trainSchema = z
  .object({
    epochs: z.number().int().min(1).default(10),
    /** water and non-water windows drawn per epoch, each (balanced sampling) */
    samples_per_class: z.number().int().min(1).default(20000),
    batch_size: z.number().int().min(1).default(256),
    learning_rate: z.number().positive().default(1e-3),
    widths: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([16, 32, 64, 128]),
    activation: z.enum(ACTIVATIONS).default("relu"),
    /** water where p ≥ threshold; "prior": 1 − the training labels' water share (undoes balanced sampling's prior) */
    threshold: z.union([z.literal("prior"), z.number().gt(0).lt(1)]).default("prior"),
  })
  .strict();

const referenceSchema = z.discriminatedUnion("source", [
  z
    .object({
      source: z.literal("vector"),
      path: z.string(),
      /** OGR SQL filters: polygons that are water, and polygons that are land; every other pixel is left out */
      water_where: z.string(),
      land_where: z.string(),
    })
    .strict(),
  z.object({ source: z.literal("qa") }).strict(),
]);

export const waterSchema = z
  .object({
    experiment_name: z.string().regex(/^[\w.-]+$/, "letters, digits, _ . -").default("water"),
    scene: sceneSchema.optional(),
    series: seriesSchema.optional(),
    /** which model band plays which role in the indices (MNDWI: green, swir1; AWEI: blue, green, nir, swir1, swir2) */
    index_bands: z.partialRecord(z.enum(INDEX_ROLES), bandName).default({}),
    /** band value × scale + offset = reflectance (for AWEI; the normalised differences do not depend on it) */
    reflectance_scale: z.number().positive().default(1),
    reflectance_offset: z.number().default(0),
    labels: labelsSchema,
    noise: noiseSchema.default(noiseSchema.parse({})),
    split: splitSchema.default(splitSchema.parse({})),
    train: trainSchema.default(trainSchema.parse({})),
    reference: referenceSchema,
    seed: z.number().int().min(0).default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const bad = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (!c.scene === !c.series) bad(["scene"], "give exactly one of scene (band files) and series (band stacks with a QA stack)");
    const bands = Object.keys(c.scene?.bands ?? c.series?.bands ?? {});
    for (const [role, b] of Object.entries(c.index_bands)) if (!bands.includes(b)) bad(["index_bands", role], `'${b}' is not one of the bands [${bands.join(", ")}]`);
    if (c.scene?.grid && !bands.includes(c.scene.grid)) bad(["scene", "grid"], `'${c.scene.grid}' is not one of the bands`);
    if (c.series && c.labels.source !== "qa") bad(["labels", "source"], "a series is labelled by its QA stack (source: qa)");
    if (c.scene && c.labels.source === "qa" && !c.scene.qa) bad(["scene", "qa"], "labels.source qa needs the scene's QA band (scene.qa)");
    if (c.reference.source === "qa" && !c.series) bad(["reference", "source"], "a QA reference needs a series (its held-back dates)");
    if (c.labels.source === "index")
      for (const side of ["water", "land"] as const)
        for (const ix of Object.keys(c.labels[side]) as IndexName[])
          for (const role of indexRoles[ix]) if (!c.index_bands[role]) bad(["index_bands", role], `labels.${side}.${ix} needs index_bands.${role}`);
  });

export type WaterConfig = z.infer<typeof waterSchema>;

/** The bands each index takes. */
export const indexRoles: Record<IndexName, IndexRole[]> = {
  ndwi: ["green", "nir"],
  mndwi: ["green", "swir1"],
  awei_nsh: ["green", "nir", "swir1", "swir2"],
  awei_sh: ["blue", "green", "nir", "swir1", "swir2"],
};

export const waterPathKeys = ["scene.bands.*", "scene.qa", "series.bands.*", "series.qa", "series.dates", "reference.path"] as const;

export function modelBands(cfg: WaterConfig): string[] {
  return Object.keys(cfg.scene?.bands ?? cfg.series?.bands ?? {});
}
