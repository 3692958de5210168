// Network inputs: per-channel normalisation fitted on the training cells (mean and standard
// deviation over the cells of the training groups, not each patch by its own min and max, which
// would throw the magnitudes away), and k × k patches around cells with longitude wrapping round
// the globe; cells off land or beyond the poles are 0 (the channel mean) and a land channel says
// which they are.
import { LATTICE, LATTICE_CELLS } from "./data/lattice.js";
import { InputStack } from "./inputs.js";
import { RunningStats } from "../util/running-stats.js";

export interface ChannelNormalization {
  name: string;
  mean: number;
  std: number;
}

export function fitNormalization(stack: InputStack, cells: Iterable<number>): ChannelNormalization[] {
  const stats = stack.names.map(() => new RunningStats());
  for (const c of cells)
    stack.values.forEach((v, k) => {
      if (Number.isFinite(v[c])) stats[k].add(v[c]);
    });
  return stack.names.map((name, k) => {
    if (stats[k].count === 0) throw new Error(`input grid '${name}' has no value on any training cell`);
    return { name, mean: stats[k].mean, std: stats[k].std > 0 ? stats[k].std : 1 };
  });
}

/** The stack normalised, channel-major [C + 1][cell], NaN → 0, the land mask as the last channel. */
export interface NormalizedStack {
  channels: number;
  data: Float32Array;
}

export function normalizeStack(stack: InputStack, norm: ChannelNormalization[]): NormalizedStack {
  if (norm.length !== stack.names.length || norm.some((n, k) => n.name !== stack.names[k]))
    throw new Error(`the model was trained on the input grids [${norm.map((n) => n.name).join(", ")}], the config gives [${stack.names.join(", ")}]`);
  const C = stack.names.length + 1;
  const data = new Float32Array(C * LATTICE_CELLS);
  stack.values.forEach((v, k) => {
    const { mean, std } = norm[k];
    const base = k * LATTICE_CELLS;
    for (let c = 0; c < LATTICE_CELLS; c++) data[base + c] = Number.isFinite(v[c]) ? (v[c] - mean) / std : 0;
  });
  data.set(stack.land, (C - 1) * LATTICE_CELLS);
  return { channels: C, data };
}

/**
 * Patches [cells.length, C, k, k]: patch of cell (r, c) covers rows r − ⌊k/2⌋ … r − ⌊k/2⌋ + k − 1
 * and the same columns. flips[i] bit 0 mirrors patch i left-right, bit 1 up-down (augmentation).
 */
export function patchesAt(s: NormalizedStack, cells: ArrayLike<number>, k: number, flips?: Uint8Array): Float32Array {
  const C = s.channels;
  const out = new Float32Array(cells.length * C * k * k);
  const h = Math.floor(k / 2);
  const W = LATTICE.width;
  for (let i = 0; i < cells.length; i++) {
    const r0 = Math.floor(cells[i] / W) - h;
    const c0 = (cells[i] % W) - h;
    const f = flips ? flips[i] : 0;
    for (let ch = 0; ch < C; ch++) {
      const src = ch * LATTICE_CELLS;
      const dst = (i * C + ch) * k * k;
      for (let y = 0; y < k; y++) {
        const r = r0 + y;
        if (r < 0 || r >= LATTICE.height) continue;
        const yy = f & 2 ? k - 1 - y : y;
        for (let x = 0; x < k; x++) {
          const col = (((c0 + x) % W) + W) % W;
          const xx = f & 1 ? k - 1 - x : x;
          out[dst + yy * k + xx] = s.data[src + r * W + col];
        }
      }
    }
  }
  return out;
}
