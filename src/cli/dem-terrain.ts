// The procedural terrain generators of src/surrogate/procedural handed to `dem` (whose floor may not
// import the surrogate): urban patches with their street mask, and bare ground. The urban patch is
// generateUrbanPatch's, drawn in the same order so the ground and buildings are the same
// (test/dem/procedural.test.ts checks it), with the street mask that generateUrbanPatch does not return.
import { Rng } from "../util/random.js";
import { generateGround } from "../surrogate/procedural/index.js";
import { drawTerrainParams, generateTerrain } from "../surrogate/procedural/terrain.js";
import { drawLayoutParams, generateLayout } from "../surrogate/procedural/layout.js";
import type { TerrainGenerators, UrbanPatchLike } from "../dem/procedural.js";

export function urbanPatchWithStreets(seed: number, width: number, height: number, cell: number, baseElevation = 100): UrbanPatchLike {
  const rng = new Rng(seed);
  const terrain = drawTerrainParams(rng);
  const layout = drawLayoutParams(rng);
  const z = generateTerrain(width, height, cell, terrain, rng);
  const l = generateLayout(width, height, cell, layout, rng);
  const ground = new Float32Array(width * height);
  for (let i = 0; i < ground.length; i++) ground[i] = baseElevation + z[i] - l.streetLowering[i];
  return { ground, buildings: Float32Array.from(l.heights), street: Uint8Array.from(l.street) };
}

export const terrainGenerators: TerrainGenerators = {
  urban: (seed, w, h, cell) => urbanPatchWithStreets(seed, w, h, cell),
  ground: (seed, w, h, cell) => generateGround(seed, w, h, cell),
};
