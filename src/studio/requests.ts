// What the page may ask for, checked before anything runs. Design settings are the design
// capability's own keys (designSchema checks them and applies its defaults); the studio adds only
// the drawn polygons and its limits.
import { z } from "zod";
import { designSchema, DesignConfig } from "../design/config.js";
import { validateConfig } from "../util/config.js";
import { ringSchema, Ring } from "./polygons.js";

export const MAX_ITERATIONS = 1000;
export const MAX_POLYGONS = 50;

export const designRequestSchema = z
  .object({
    aoi: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("polygons"), polygons: z.array(ringSchema).min(1, "draw at least one area of interest").max(MAX_POLYGONS) }).strict(),
      z.object({ kind: z.literal("hr"), threshold: z.number().min(0.001).max(100) }).strict(),
    ]),
    protect: z.array(ringSchema).max(MAX_POLYGONS).default([]),
    protect_buildings: z.boolean().default(false),
    modify: z.enum(["terrain", "buildings", "both"]).optional(),
    mode: z.enum(["one-step", "iterative"]).optional(),
    iterations: z.number().int().min(1).max(MAX_ITERATIONS, `the studio runs at most ${MAX_ITERATIONS} iterations`).optional(),
    step: z.number().positive().optional(),
    clip: z.number().positive().optional(),
    max_change: z.number().positive().nullable().optional(),
    budget: z.number().nullable().optional(),
    balance: z.boolean().optional(),
    smoothness: z.number().min(0).optional(),
  })
  .strict();

export type DesignRequest = z.infer<typeof designRequestSchema>;

export interface DesignPlan {
  cfg: DesignConfig;
  aoiPolygons: Ring[];
  protectPolygons: Ring[];
}

/** The design config of a request: polygons go to files in `out` (written by the job, in the raster's CRS). */
export function planDesign(request: unknown, files: { dem: string; buildings?: string; model: string }, out: string): DesignPlan {
  const r = validateConfig("design settings", request, designRequestSchema);
  const aoi = r.aoi.kind === "polygons" ? `${out}/aoi.gpkg` : `hr>${r.aoi.threshold}`;
  const protect = [...(r.protect.length ? [`${out}/protect.gpkg`] : []), ...(r.protect_buildings ? ["buildings"] : [])];
  const raw: Record<string, unknown> = { dem: files.dem, buildings: files.buildings, model: files.model, aoi, protect, check: false, out };
  for (const k of ["modify", "mode", "iterations", "step", "clip", "balance", "smoothness"] as const) if (r[k] !== undefined) raw[k] = r[k];
  if (r.max_change != null) raw.max_change = r.max_change;
  if (r.budget != null) raw.budget = r.budget;
  const cfg = validateConfig("design settings", raw, designSchema);
  return { cfg, aoiPolygons: r.aoi.kind === "polygons" ? r.aoi.polygons : [], protectPolygons: r.protect };
}

/** The design capability's defaults, for the page's form. */
export function designDefaults(): Record<string, unknown> {
  const d = designSchema.parse({ dem: "-", out: "-" });
  return { modify: d.modify, mode: d.mode, iterations: d.iterations, step: d.step, clip: d.clip, aoi_threshold: d.aoi_threshold, balance: d.balance, smoothness: d.smoothness };
}
