// A procedural urban patch, reproducible from its seed: bare ground (terrain with streets below the
// kerb) and building heights above ground. See terrain.ts and layout.ts for what is drawn and why.
import { Rng } from "../../util/random.js";
import { drawTerrainParams, generateTerrain, TerrainParams } from "./terrain.js";
import { drawLayoutParams, generateLayout, LayoutParams } from "./layout.js";

export interface UrbanPatch {
  width: number;
  height: number;
  cell: number;
  /** ground elevation (m), buildings not included */
  ground: Float32Array;
  /** building height above the ground (m), 0 where there is none */
  buildings: Float32Array;
  params: { terrain: TerrainParams; layout: LayoutParams; buildingFraction: number };
}

export function generateUrbanPatch(seed: number, width = 128, height = 128, cell = 2, baseElevation = 100): UrbanPatch {
  const rng = new Rng(seed);
  const terrain = drawTerrainParams(rng);
  const layout = drawLayoutParams(rng);
  const z = generateTerrain(width, height, cell, terrain, rng);
  const l = generateLayout(width, height, cell, layout, rng);
  return assemble(width, height, cell, baseElevation, z, l.streetLowering, l.heights, { terrain, layout });
}

/** Procedural ground alone (no streets, no buildings), for real footprints without a DEM. */
export function generateGround(seed: number, width = 128, height = 128, cell = 2, baseElevation = 100): Float32Array {
  const rng = new Rng(seed);
  const z = generateTerrain(width, height, cell, drawTerrainParams(rng), rng);
  return Float32Array.from(z, (v) => baseElevation + v);
}

function assemble(width: number, height: number, cell: number, baseElevation: number, z: Float64Array, lowering: Float64Array, heights: Float64Array, p: { terrain: TerrainParams; layout: LayoutParams }): UrbanPatch {
  const l = { streetLowering: lowering, heights };
  const ground = new Float32Array(width * height);
  const buildings = new Float32Array(width * height);
  let built = 0;
  for (let i = 0; i < ground.length; i++) {
    ground[i] = baseElevation + z[i] - l.streetLowering[i];
    buildings[i] = l.heights[i];
    if (l.heights[i] > 0) built++;
  }
  return { width, height, cell, ground, buildings, params: { ...p, buildingFraction: built / ground.length } };
}
