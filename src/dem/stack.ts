// `catchment dem stack`: named inputs resampled onto the target grid in seed 000's order (global
// DEMs, Landsat-8 bands and indices, Sentinel-2 bands and indices, Sentinel-1 bands, OSM layers,
// target DEM); any group may be absent; OSM layers rasterized from vectors; indices computed from
// bands of the stack; per-band statistics.
import { z } from "zod";
import { Band, Grid, Raster, bandStats, buildStack, describeCrs, downscalingOrder, inDownscalingOrder, rasterize, readGrid, sameCrs, spectralIndex, BandStats, isValid } from "../geo/index.js";
import type { DownscalingKind, SpectralIndex } from "../geo/index.js";
import { Z_UNITS } from "./fine.js";

const kinds = downscalingOrder as unknown as [DownscalingKind, ...DownscalingKind[]];

const rasterInput = z
  .object({
    name: z.string(),
    kind: z.enum(kinds),
    path: z.string(),
    band: z.number().int().min(1).optional(),
    resampling: z.enum(["nearest", "bilinear", "cubic", "average"]).optional(),
    z_units: z.enum(Object.keys(Z_UNITS) as [keyof typeof Z_UNITS]).optional(),
  })
  .strict();
const indexInput = z
  .object({
    name: z.string(),
    kind: z.enum(["landsat8_index", "sentinel2_index"]),
    index: z.enum(["ndvi", "ndwi", "mndwi", "ndbi"]),
    /** band names of this stack for the index's inputs, e.g. {nir: s2_b08, red: s2_b04} */
    from: z.partialRecord(z.enum(["red", "green", "nir", "swir1"]), z.string()),
  })
  .strict();
const vectorInput = z
  .object({
    name: z.string(),
    kind: z.literal("osm_layer"),
    vector: z.string(),
    where: z.string().optional(),
    all_touched: z.boolean().default(false),
    /** burn this attribute instead of 1 */
    attribute: z.string().optional(),
  })
  .strict();

type StackItem = z.infer<typeof rasterInput> | z.infer<typeof indexInput> | z.infer<typeof vectorInput>;

// an input is a raster (path), an index (index) or a vector layer (vector): validated as that kind, so errors name its keys
const stackInput = z.unknown().transform((v, ctx): StackItem => {
  const o = (v ?? {}) as Record<string, unknown>;
  const schema = "index" in o ? indexInput : "vector" in o ? vectorInput : rasterInput;
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}` : issue.message });
  return z.NEVER;
});

export const demStackSchema = z
  .object({
    /** a raster whose grid (CRS, extent) is the target grid */
    grid: z.string(),
    /** target cell size (m); default the grid raster's */
    cell: z.number().positive().optional(),
    inputs: z.array(stackInput).min(1),
  })
  .strict();
export type DemStackConfig = z.infer<typeof demStackSchema>;


export interface DemStack {
  raster: Raster;
  kinds: DownscalingKind[];
  stats: (BandStats & { name: string; kind: DownscalingKind })[];
  notes: string[];
}

function targetGrid(cfg: DemStackConfig): Grid {
  const g = readGrid(cfg.grid);
  if (!cfg.cell) return g;
  const [x0, dx, , y0, , dy] = g.geotransform;
  return {
    width: Math.max(1, Math.round((g.width * Math.abs(dx)) / cfg.cell)),
    height: Math.max(1, Math.round((g.height * Math.abs(dy)) / cfg.cell)),
    geotransform: [x0, cfg.cell, 0, y0, 0, -cfg.cell],
    crs: g.crs,
  };
}

export function buildDemStack(cfg: DemStackConfig): DemStack {
  const grid = targetGrid(cfg);
  const notes: string[] = [];
  const names = new Set<string>();
  for (const i of cfg.inputs) {
    if (names.has(i.name)) throw new Error(`inputs: band name '${i.name}' is used twice`);
    names.add(i.name);
  }
  const ordered = inDownscalingOrder(cfg.inputs);
  const bands = new Map<string, Band>();
  // rasters first (indices need them), then indices and vectors
  for (const i of ordered) {
    if (!("path" in i)) continue;
    const g = readGrid(i.path);
    if (g.crs && grid.crs && !sameCrs(g.crs, grid.crs)) notes.push(`${i.path}: in ${describeCrs(g.crs)}, reprojected to the grid's ${describeCrs(grid.crs)}`);
    const [b] = buildStack(grid, [{ name: i.name, path: i.path, band: i.band, resampling: i.resampling ?? "bilinear" }]).bands;
    const k = Z_UNITS[i.z_units ?? "m"];
    if (k !== 1) {
      for (let j = 0; j < b.data.length; j++) if (isValid(b.data[j], b.nodata)) b.data[j] *= k;
      notes.push(`${i.path}: ${i.name} converted from ${i.z_units} to metres`);
    }
    let valid = 0;
    for (const v of b.data) if (isValid(v, b.nodata)) valid++;
    if (i.kind === "target_dem" && valid < b.data.length) notes.push(`${i.name}: ${b.data.length - valid} nodata cells in the target; they are masked and never trained on`);
    bands.set(i.name, b);
  }
  for (const i of ordered) {
    if ("index" in i) {
      const from: Partial<Record<"red" | "green" | "nir" | "swir1", Band>> = {};
      for (const [role, name] of Object.entries(i.from)) {
        const b = bands.get(name);
        if (!b) throw new Error(`inputs: index '${i.name}' takes '${name}' as ${role}, but the stack has no raster band '${name}'`);
        from[role as "red"] = b;
      }
      bands.set(i.name, { ...spectralIndex(i.index as SpectralIndex, from), name: i.name });
    } else if ("vector" in i) {
      bands.set(i.name, rasterize({ path: i.vector, where: i.where }, grid, { ...(i.attribute ? { attribute: i.attribute, defaultValue: 0 } : { burn: 1 }), allTouched: i.all_touched, type: "Float32", name: i.name }));
    }
  }
  const outBands = ordered.map((i) => {
    const b = bands.get(i.name) as Band;
    const data = Float32Array.from(b.data, (v) => (isValid(v, b.nodata) ? v : NaN));
    return { name: i.name, type: "Float32" as const, nodata: NaN, data };
  });
  const stats = outBands.map((b, j) => ({ name: b.name, kind: ordered[j].kind, ...bandStats(b) }));
  for (const s of stats) if (s.count === 0) throw new Error(`inputs: band '${s.name}' has no valid cell on the target grid`);
  return { raster: { ...grid, bands: outBands }, kinds: ordered.map((i) => i.kind), stats, notes };
}
