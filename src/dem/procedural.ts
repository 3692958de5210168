// Procedural fine DEMs for training: seeded urban patches (bare ground with streets lowered below
// the kerb, building heights, the street mask) and bare terrain drawn at several generation cells,
// as scene sources on the target grid. The target is the bare ground; the buildings go partly into
// the synthetic global-DEM surfaces (as they are in real ones) and, with the streets, give the
// OSM-like osm_buildings and osm_roads layers.
//
// The generators live in src/surrogate/procedural; the floors of the house allow dem → flood only,
// so they are handed in (by the CLI) as `TerrainGenerators`.
import { z } from "zod";
import { SceneSource } from "./data.js";
import { mixSeed } from "./degrade.js";
import { rng } from "./fields.js";
import type { LayerName } from "./sources.js";

export interface UrbanPatchLike {
  /** ground elevation (m), buildings not included */
  ground: Float32Array;
  /** building height above the ground (m), 0 where there is none */
  buildings: Float32Array;
  /** 1 on street cells */
  street: Uint8Array;
}

export interface TerrainGenerators {
  urban(seed: number, width: number, height: number, cell: number): UrbanPatchLike;
  ground(seed: number, width: number, height: number, cell: number): Float32Array;
}

const range = z.tuple([z.number().positive(), z.number().positive()]).refine(([a, b]) => a <= b, "expected [low, high] with low ≤ high");

export const proceduralSchema = z
  .object({
    /** new patches drawn for every epoch (never the same twice) */
    train_patches: z.number().int().min(1).default(32),
    /** fixed patches for validation (a seed stream of their own) */
    validation_patches: z.number().int().min(0).default(6),
    /** patch side in target cells */
    size: z.number().int().min(8).default(192),
    /** share of urban patches; the others are bare terrain */
    urban_fraction: z.number().min(0).max(1).default(0.6),
    /** generation cells (m) of the bare-terrain patches, each drawn on the target grid: a larger one gives shorter, steeper landforms */
    ground_cells: z.array(z.number().positive()).min(1).default([2.5, 5, 10, 20]),
    /** relief of the bare-terrain patches × a log-uniform factor from this range */
    ground_relief: range.default([1, 10]),
    seed: z.number().int().min(0).default(101),
  })
  .strict();
export type ProceduralConfig = z.infer<typeof proceduralSchema>;

/** The seed streams of procedural patches: training (per epoch), validation, and held-out test areas. */
export const STREAM = { train: 1, validation: 2, test: 3 } as const;

export function patchSeed(cfg: ProceduralConfig, stream: keyof typeof STREAM, index: number, epoch = 0): number {
  return mixSeed(mixSeed(cfg.seed, STREAM[stream]), epoch * 100003 + index);
}

export interface ProceduralPatch {
  source: SceneSource;
  kind: "urban" | "ground";
  /** the generation cell (m) of a bare-terrain patch */
  generationCell: number;
}

/** One patch: urban or bare terrain (drawn from the seed), as a scene source with the requested layers. */
export function proceduralPatch(gen: TerrainGenerators, seed: number, cfg: ProceduralConfig, cell: number, layers: LayerName[]): ProceduralPatch {
  const r = rng(seed);
  const n = cfg.size * cfg.size;
  const urban = r() < cfg.urban_fraction;
  const inner = Math.floor(r() * 2 ** 31);
  if (urban) {
    const p = gen.urban(inner, cfg.size, cfg.size, cell);
    const footprints = Float32Array.from(p.buildings, (h) => (h > 0 ? 1 : 0));
    const roads = Float32Array.from(p.street);
    return {
      kind: "urban",
      generationCell: cell,
      source: { dem: Float32Array.from(p.ground), width: cfg.size, height: cfg.size, cell, buildings: Float32Array.from(p.buildings), layers: layers.map((l) => ({ name: l, data: l === "osm_buildings" ? footprints : roads })) },
    };
  }
  const g = cfg.ground_cells[Math.floor(r() * cfg.ground_cells.length) % cfg.ground_cells.length];
  const [lo, hi] = cfg.ground_relief;
  const s = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r());
  const z0 = gen.ground(inner, cfg.size, cfg.size, g);
  let m = 0;
  for (const v of z0) m += v;
  m /= n;
  // bare terrain: the layers are known and empty (no building, no street)
  return {
    kind: "ground",
    generationCell: g,
    source: { dem: Float32Array.from(z0, (v) => m + s * (v - m)), width: cfg.size, height: cfg.size, cell, layers: layers.map((l) => ({ name: l, data: new Float32Array(n) })) },
  };
}
