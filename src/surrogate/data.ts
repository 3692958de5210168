// A dataset's patches in memory for training and evaluation: encoded inputs [N, 2, P, P], targets
// [N, 2, P, P] (max depth, max velocity), with the eight flips and rotations as augmentation.
import { readRaster } from "../geo/index.js";
import { tensor, Tensor } from "../torch/index.js";
import { Encoding, encodePatch } from "./encoding.js";
import { isSimulated, Manifest, patchPath, PatchSpec, SplitName } from "./dataset/manifest.js";

export interface PatchSet {
  ids: string[];
  specs: PatchSpec[];
  size: number;
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
  for (let i = 0; i < ground.length; i++) {
    const z = ground[i];
    if (buildings[i] > 0) built++;
    if (!Number.isFinite(z)) continue;
    lo = Math.min(lo, z);
    hi = Math.max(hi, z);
    const c = i % size;
    const r = Math.floor(i / size);
    if (c + 1 < size && r + 1 < size && Number.isFinite(ground[i + 1]) && Number.isFinite(ground[i + size])) {
      slope += Math.hypot(ground[i + 1] - z, ground[i + size] - z) / cell;
      n++;
    }
  }
  return { relief_m: hi - lo, mean_slope: n ? slope / n : 0, building_fraction: built / ground.length };
}

export function loadSplit(dir: string, m: Manifest, split: SplitName, o: { variants: boolean; encoding: Encoding; limit?: number }): PatchSet {
  let specs = m.patches.filter((p) => p.split === split && (o.variants || p.variant === 0) && isSimulated(dir, p.id));
  if (o.limit !== undefined) specs = specs.slice(0, o.limit);
  const P = m.scenario.patch_size;
  const n = P * P;
  const inputs = new Float32Array(specs.length * 2 * n);
  const targets = new Float32Array(specs.length * 2 * n);
  const stats: PatchStats[] = [];
  specs.forEach((p, k) => {
    const r = readRaster(patchPath(dir, p.id));
    if (r.width !== P || r.height !== P || r.bands.length !== 4) throw new Error(`${patchPath(dir, p.id)}: expected 4 bands of ${P}×${P}, found ${r.bands.length} of ${r.width}×${r.height}`);
    const [ground, buildings, depth, velocity] = r.bands.map((b) => b.data);
    encodePatch(ground, buildings, o.encoding, inputs, k * 2 * n);
    targets.set(depth, k * 2 * n);
    targets.set(velocity, k * 2 * n + n);
    stats.push(patchStats(ground, buildings, P, m.scenario.cell_size_m));
  });
  return { ids: specs.map((p) => p.id), specs, size: P, inputs, targets, stats };
}

/** Cell (r, c) of an image after the k-th of the eight symmetries of the square (k = 0 is the identity). */
function source(k: number, r: number, c: number, P: number): number {
  let rr = r, cc = c;
  if (k & 4) cc = P - 1 - cc; // flip, applied last
  for (let t = 0; t < (k & 3); t++) [rr, cc] = [cc, P - 1 - rr]; // rotations by 90°
  return rr * P + cc;
}

/** Batch tensors for patches `idx`, each under its symmetry `sym` (0 = none). */
export function batchOf(set: PatchSet, idx: number[], sym: number[] | null, device = "cpu"): { x: Tensor; y: Tensor } {
  const P = set.size;
  const n = P * P;
  const B = idx.length;
  const x = new Float32Array(B * 2 * n);
  const y = new Float32Array(B * 2 * n);
  idx.forEach((p, b) => {
    const k = sym ? sym[b] : 0;
    for (let ch = 0; ch < 2; ch++) {
      const from = p * 2 * n + ch * n;
      const to = b * 2 * n + ch * n;
      if (k === 0) {
        x.set(set.inputs.subarray(from, from + n), to);
        y.set(set.targets.subarray(from, from + n), to);
        continue;
      }
      for (let r = 0; r < P; r++)
        for (let c = 0; c < P; c++) {
          const s = source(k, r, c, P);
          x[to + r * P + c] = set.inputs[from + s];
          y[to + r * P + c] = set.targets[from + s];
        }
    }
  });
  return { x: tensor(x, [B, 2, P, P], { device }), y: tensor(y, [B, 2, P, P], { device }) };
}
