// A planned patch's inputs: ground and building heights on its grid, from the procedural generator,
// the materialised source rasters, and the bumps of a variant.
import { join } from "node:path";
import { readRaster, isValid } from "../../geo/index.js";
import { generateGround, generateUrbanPatch } from "../procedural/index.js";
import { bumpField } from "../bumps.js";
import { Manifest, PatchSpec } from "./manifest.js";

export interface PatchInputs {
  ground: Float32Array;
  buildings: Float32Array;
}

export function patchInputs(dir: string, m: Manifest, p: PatchSpec): PatchInputs {
  const P = m.scenario.patch_size;
  const cell = m.scenario.cell_size_m;
  const src = m.sources.find((s) => s.name === p.source);
  if (!src) throw new Error(`${p.id}: source '${p.source}' is not in dataset.json`);
  let ground: Float32Array;
  let buildings: Float32Array;
  const window = { x: p.x ?? 0, y: p.y ?? 0, width: P, height: P };
  if (p.kind === "procedural") {
    const u = generateUrbanPatch(p.seed, P, P, cell);
    ground = u.ground;
    buildings = u.buildings;
  } else {
    buildings = Float32Array.from(readRaster(join(dir, src.buildings as string), { window }).bands[0].data);
    if (p.kind === "real") {
      const g = readRaster(join(dir, src.ground as string), { window }).bands[0];
      ground = Float32Array.from(g.data, (v) => (isValid(v, g.nodata) ? v : NaN));
    } else {
      // real footprints on procedural ground
      ground = generateGround(p.seed, P, P, cell);
    }
  }
  if (p.variant > 0) {
    const bump = bumpField(P, P, cell, m.config.bumps, p.bumpSeed ?? p.seed);
    ground = Float32Array.from(ground, (v, i) => v + bump[i]);
  }
  return { ground, buildings };
}
