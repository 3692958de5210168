// What the network sees, as in seed 002: two channels, the terrain and the buildings (and, optionally,
// the depression depth).
//
// Terrain: t = c·(z − z̄) with c = 0.01 m⁻¹ and z̄ the mean ground elevation of the patch (buildings
// not included). Flooding does not change when the whole patch is raised or lowered (only
// differences of elevation drive the flow), and subtracting the patch mean makes the input, and so the
// prediction, exactly invariant to that shift; c brings metres of relief to the order of 0.01–0.1, so
// a 100 m hillside patch and a flat one both stay in the range a network trains well on. Unlike a
// min–max scaling it keeps the relief's magnitude, which the depth of ponds depends on. The scale is
// the model's (model.json): the shipped model uses c = 0.5, because with 0.01 a 15 cm kerb is a
// 0.0015 step beside the building channel's 1 and the network learns the streets slowly (measured on
// examples/surrogate/dataset.yml, epoch 4 of 30: validation depth d1 0.524 and CSI@0.1 0.198 with
// c = 0.01, 0.585 and 0.307 with c = 0.5).
// Buildings: 1 on building cells, 0 elsewhere. The simulator raises buildings by their height, and
// a few metres already stop the water of these storms, so the height itself is not an input.
// Nodata cells (closed in the simulator) are walls: building 1, terrain 0.
// Depression (optional third channel): filled − surface in metres, where the surface is the ground
// with building cells raised by building_height_m and `filled` its priority-flood fill from the
// patch edge (nodata cells are walls). Where water ponds is a property of the whole patch that a
// convolution sees only through a wide receptive field; the fill hands it over. In the design's
// differentiable forward the fill of a cell is the surface at its spill cell (the cell whose height
// sets its level), so the channel's gradient is −1 inside a depression and +1 at its spill cell per
// cell it holds (× building_height_m for the building channel): gradients still reach the terrain.

import { priorityFlood } from "./baseline.js";

export interface Encoding {
  /** terrain scale c (1/m) */
  c: number;
  /** the depression-depth channel, with the height building cells get in its surface */
  depression?: { building_height_m: number };
}

export function inputChannels(e: Encoding): number {
  return e.depression ? 3 : 2;
}

/** filled − surface (m) of ground + building_height_m·[building], nodata cells walls (depth 0). */
export function depressionDepth(ground: ArrayLike<number>, buildings: ArrayLike<number>, width: number, height: number, buildingHeight: number): Float32Array {
  const n = width * height;
  const surface = new Float64Array(n);
  const blocked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ground[i])) {
      blocked[i] = 1;
      continue;
    }
    surface[i] = ground[i] + (buildings[i] > 0 ? buildingHeight : 0);
  }
  const filled = priorityFlood(surface, width, height, blocked);
  const depth = new Float32Array(n);
  for (let i = 0; i < n; i++) if (!blocked[i]) depth[i] = filled[i] - surface[i];
  return depth;
}

export const defaultEncoding: Encoding = { c: 0.01 };

export function meanGround(ground: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < ground.length; i++)
    if (Number.isFinite(ground[i])) {
      s += ground[i];
      n++;
    }
  if (n === 0) throw new RangeError("a patch with no valid ground cell");
  return s / n;
}

/** [C, H·W] channel-major values for one square patch: terrain, buildings (and depression depth). */
export function encodePatch(ground: ArrayLike<number>, buildings: ArrayLike<number>, e: Encoding = defaultEncoding, into?: Float32Array, offset = 0): Float32Array {
  const n = ground.length;
  const out = into ?? new Float32Array(inputChannels(e) * n);
  const m = meanGround(ground);
  for (let i = 0; i < n; i++) {
    const valid = Number.isFinite(ground[i]);
    out[offset + i] = valid ? e.c * (ground[i] - m) : 0;
    out[offset + n + i] = !valid || buildings[i] > 0 ? 1 : 0;
  }
  if (e.depression) {
    const side = Math.round(Math.sqrt(n));
    if (side * side !== n) throw new RangeError(`a patch of ${n} cells is not square`);
    out.set(depressionDepth(ground, buildings, side, side, e.depression.building_height_m), offset + 2 * n);
  }
  return out;
}
