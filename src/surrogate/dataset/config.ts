// `catchment surrogate dataset --config d.yml`: where the patches come from, the scenario they are
// simulated with, the terrain variants, and the split.
import { z } from "zod";
import { scenarioSchema } from "../scenario.js";

const range = (lo: number) => z.tuple([z.number().min(lo), z.number().min(lo)]).refine(([a, b]) => a <= b, "expected [low, high] with low ≤ high");

const buildingKeys = {
  /** footprints (vector) or a raster of heights above ground (0 = none; a 0/1 raster is a mask) */
  buildings: z.string(),
  buildings_where: z.string().optional(),
  building_height_attribute: z.string().optional(),
  /** height of footprints without a height, and of a 0/1 mask */
  building_height: z.number().positive().default(5),
};

/** Real terrain: a DEM with its buildings, cut into windows. */
const realSource = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only"),
    dem: z.string(),
    ...buildingKeys,
    /** window step in cells (default: half a patch) */
    stride: z.number().int().positive().optional(),
    /** nodata allowed in a window (closed cells in the simulation) */
    max_nodata_fraction: z.number().min(0).max(0.5).default(0),
  })
  .strict();

/** Real building layouts (footprints) on procedural ground: many real shapes and densities where no DEM is at hand. */
const layoutSource = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only"),
    ...buildingKeys,
    /** a projected CRS in metres for the footprints, e.g. EPSG:32632 */
    crs: z.string(),
    stride: z.number().int().positive().optional(),
    /** windows with less of their area built are dropped */
    min_building_fraction: z.number().min(0).max(1).default(0.03),
  })
  .strict();

const proceduralSource = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/).default("procedural"),
    count: z.number().int().min(1),
  })
  .strict();

export const datasetSchema = z
  .object({
    scenario: scenarioSchema.default(scenarioSchema.parse({})),
    seed: z.number().int().min(0).default(1),
    procedural: z.array(proceduralSource).default([]),
    real: z.array(realSource).default([]),
    layouts: z.array(layoutSource).default([]),
    /** the seed's expanded set: `variants` copies of each training patch with artificial bumps */
    bumps: z
      .object({ variants: z.number().int().min(0), amplitude_m: range(0).default([0.2, 1.5]), terms: range(1).default([2, 5]), wavelength_m: range(1).default([20, 300]) })
      .strict()
      .default({ variants: 0, amplitude_m: [0.2, 1.5], terms: [2, 5], wavelength_m: [20, 300] }),
    split: z
      .object({
        validation: z.number().min(0).max(0.5).default(0.1),
        test: z.number().min(0).max(0.5).default(0.15),
        /** windows of real sources are split by square blocks of this many cells, so overlapping windows never share two splits */
        block_cells: z.number().int().positive().optional(),
      })
      .strict()
      .default({ validation: 0.1, test: 0.15 }),
    /** simulations at once (processes, one thread each) */
    workers: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((d) => d.procedural.length + d.real.length + d.layouts.length > 0, { message: "give at least one source: procedural, real or layouts", path: ["procedural"] });

export type DatasetConfig = z.infer<typeof datasetSchema>;

export const datasetPathKeys = ["real.*.dem", "real.*.buildings", "layouts.*.buildings"] as const;
