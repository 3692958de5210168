// A dataset's patches in memory for training and evaluation: encoded inputs [N, C, P, P], targets
// [N, 2, P, P] (max depth, max velocity), with the eight flips and rotations as augmentation.
import { readRaster } from "../geo/index.js";
import { tensor, Tensor } from "../torch/index.js";
import { Encoding, encodePatch, inputChannels } from "./encoding.js";
import { isSimulated, Manifest, patchPath, PatchSpec, SplitName } from "./dataset/manifest.js";

export interface PatchSet {
  ids: string[];
  specs: PatchSpec[];
  size: number;
  /** input channels per patch (the encoding's) */
  channels: number;
  inputs: Float32Array;
  targets: Float32Array;
  /** per patch: ground relief (m), mean slope, building fraction */
  stats: PatchStats[];
}

export interface PatchStats {
  relief_m: number;
  mean_slope: number;
  building_fraction: number;
}

export function patchStats(ground: ArrayLike<number>, buildings: ArrayLike<number>, size: number, cell: number): PatchStats {
  let lo = Infinity, hi = -Infinity, built = 0, slope = 0, n = 0;
  for (let r = 0, i = 0; r < size; r++)
    for (let c = 0; c < size; c++, i++) {
      const z = ground[i];
      if (buildings[i] > 0) built++;
      if (!Number.isFinite(z)) continue;
      if (z < lo) lo = z;
      if (z > hi) hi = z;
      if (c + 1 < size && r + 1 < size) {
        const dx = ground[i + 1] - z, dy = ground[i + size] - z;
        if (Number.isFinite(dx) && Number.isFinite(dy)) {
          slope += Math.sqrt(dx * dx + dy * dy) / cell;
          n++;
        }
      }
    }
  return { relief_m: hi - lo, mean_slope: n ? slope / n : 0, building_fraction: built / ground.length };
}

export function loadSplit(dir: string, m: Manifest, split: SplitName, o: { variants: boolean; encoding: Encoding; limit?: number }): PatchSet {
  let specs = m.patches.filter((p) => p.split === split && (o.variants || p.variant === 0) && isSimulated(dir, p.id));
  if (o.limit !== undefined) specs = specs.slice(0, o.limit);
  const P = m.scenario.patch_size;
  const n = P * P;
  const C = inputChannels(o.encoding);
  const inputs = new Float32Array(specs.length * C * n);
  const targets = new Float32Array(specs.length * 2 * n);
  const stats: PatchStats[] = [];
  specs.forEach((p, k) => {
    const r = readRaster(patchPath(dir, p.id));
    if (r.width !== P || r.height !== P || r.bands.length !== 4) throw new Error(`${patchPath(dir, p.id)}: expected 4 bands of ${P}×${P}, found ${r.bands.length} of ${r.width}×${r.height}`);
    const [ground, buildings, depth, velocity] = r.bands.map((b) => b.data);
    encodePatch(ground, buildings, o.encoding, inputs, k * C * n);
    targets.set(depth, k * 2 * n);
    targets.set(velocity, k * 2 * n + n);
    stats.push(patchStats(ground, buildings, P, m.scenario.cell_size_m));
  });
  return { ids: specs.map((p) => p.id), specs, size: P, channels: C, inputs, targets, stats };
}

/** Cell (r, c) of an image after the k-th of the eight symmetries of the square (k = 0 is the identity). */
function source(k: number, r: number, c: number, P: number): number {
  let rr = r, cc = c;
  if (k & 4) cc = P - 1 - cc; // flip, applied last
  for (let t = 0; t < (k & 3); t++) [rr, cc] = [cc, P - 1 - rr]; // rotations by 90°
  return rr * P + cc;
}

const sourceMaps = new Map<string, Int32Array>();

/** For each cell of a P × P image under symmetry k, the cell it comes from (computed once per P and k). */
function sourceMap(k: number, P: number): Int32Array {
  const key = `${P}:${k}`;
  let map = sourceMaps.get(key);
  if (!map) {
    map = new Int32Array(P * P);
    for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) map[r * P + c] = source(k, r, c, P);
    sourceMaps.set(key, map);
  }
  return map;
}

/** Copies the C channels of patch p of `src` into batch slot b of `dst`, under symmetry k. */
function copyPatch(src: Float32Array, dst: Float32Array, C: number, p: number, b: number, k: number, P: number): void {
  const n = P * P;
  if (k === 0) {
    dst.set(src.subarray(p * C * n, (p + 1) * C * n), b * C * n);
    return;
  }
  const map = sourceMap(k, P);
  for (let ch = 0; ch < C; ch++) {
    const from = p * C * n + ch * n;
    const to = b * C * n + ch * n;
    for (let i = 0; i < n; i++) dst[to + i] = src[from + map[i]];
  }
}

/** Batch tensors for patches `idx`, each under its symmetry `sym` (0 = none). */
export function batchOf(set: PatchSet, idx: number[], sym: number[] | null, device = "cpu"): { x: Tensor; y: Tensor } {
  const P = set.size;
  const n = P * P;
  const B = idx.length;
  const C = set.channels;
  const x = new Float32Array(B * C * n);
  const y = new Float32Array(B * 2 * n);
  idx.forEach((p, b) => {
    const k = sym ? sym[b] : 0;
    copyPatch(set.inputs, x, C, p, b, k, P);
    copyPatch(set.targets, y, 2, p, b, k, P);
  });
  return { x: tensor(x, [B, C, P, P], { device }), y: tensor(y, [B, 2, P, P], { device }) };
}
