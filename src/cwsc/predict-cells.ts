// The network applied to lattice cells: patches in batches, eval mode, no gradients, back to mm.
import { noGrad, tensor, tidy } from "../torch/index.js";
import { CwscNet } from "./network.js";
import { ModelInfo, toCapacity } from "./model-file.js";
import { NormalizedStack, patchesAt } from "./patches.js";
import { cellLat } from "./data/lattice.js";
import { LabelGroup } from "./labels.js";

export function predictCells(net: CwscNet, info: ModelInfo, stack: NormalizedStack, cells: ArrayLike<number>, device: string, batch = 1024, onBatch?: (done: number) => void): Float64Array {
  const out = new Float64Array(cells.length);
  const k = info.patch_size;
  net.eval();
  for (let i = 0; i < cells.length; i += batch) {
    const part = Array.prototype.slice.call(cells, i, Math.min(cells.length, i + batch)) as number[];
    const y = tidy(() => noGrad(() => net.forward(tensor(patchesAt(stack, part, k), [part.length, stack.channels, k, k]).to(device)).to("cpu").toFloat64Array()));
    y.forEach((v, j) => (out[i + j] = toCapacity(info, v)));
    onBatch?.(Math.min(cells.length, i + batch));
  }
  return out;
}

/** A group's capacity: the area-weighted (cos latitude) mean of its cells' predictions. */
export function groupMean(g: LabelGroup, cellValue: (cell: number) => number): number {
  let s = 0;
  let w = 0;
  for (const c of g.cells) {
    const a = Math.cos((cellLat(c) * Math.PI) / 180);
    s += a * cellValue(c);
    w += a;
  }
  return s / w;
}
