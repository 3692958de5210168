// `catchment design`: what to change, where the hazard should fall, how, and within which limits.
import { z } from "zod";

export const designSchema = z
  .object({
    dem: z.string(),
    buildings: z.string().optional(),
    buildings_where: z.string().optional(),
    building_height_attribute: z.string().optional(),
    /** height of footprints without one, of 0/1 masks and of new building cells (default: the model's scenario) */
    building_height: z.number().positive().optional(),
    model: z.string().optional(),
    /** a polygon file, a 0/1 raster, or "hr>T": cells whose predicted HR exceeds T */
    aoi: z.string().default("hr>0.1"),
    modify: z.enum(["terrain", "buildings", "both"]).default("terrain"),
    mode: z.enum(["one-step", "iterative"]).default("iterative"),
    /** one-step: the largest change of that step (m) */
    step: z.number().positive().default(0.5),
    iterations: z.number().int().min(1).default(200),
    /** iterative: largest change per cell and iteration (m), the seed's gradient clipping */
    clip: z.number().positive().default(0.1),
    /** iterative: the AOI threshold recomputed from the prediction at every iteration */
    aoi_threshold: z.number().positive().default(0.1),
    /** cells that must not change: a polygon file, a 0/1 raster, or "buildings" (every building cell, its ground and height) */
    protect: z.array(z.string()).default([]),
    max_change: z.number().positive().optional(),
    budget: z.number().optional(),
    balance: z.boolean().default(false),
    /** length (m) over which each step's terrain gradient is smoothed (Sobolev gradient); 0 = cell by cell */
    smoothness: z.number().min(0).default(12),
    /** re-simulate the original and the design with the model's scenario */
    check: z.boolean().default(true),
    out: z.string(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.budget !== undefined && !(c.budget > 0)) bad("budget", "an earthwork budget must be above 0 m³ (a budget of 0 allows no design)");
    if (c.modify !== "terrain" && c.protect.includes("buildings") && c.modify === "buildings") bad("protect", "--modify buildings with --protect buildings leaves nothing to change");
    if (c.modify !== "terrain" && !c.buildings) bad("modify", `--modify ${c.modify} needs --buildings`);
    if (c.protect.includes("buildings") && !c.buildings) bad("protect", "--protect buildings needs --buildings");
    if (!/^hr\s*>\s*\d/.test(c.aoi.trim()) && c.aoi.trim().toLowerCase().startsWith("hr")) bad("aoi", `'${c.aoi}' is not an AOI; expected a polygon file, a 0/1 raster, or hr>T (e.g. hr>0.1)`);
  });

export type DesignConfig = z.infer<typeof designSchema>;

/** T of an AOI written as "hr>T", or null for a file. */
export function hrThreshold(aoi: string): number | null {
  const m = /^\s*hr\s*>\s*(\d+(?:\.\d+)?)\s*$/i.exec(aoi);
  return m ? Number(m[1]) : null;
}
