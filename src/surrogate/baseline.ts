// A naive physics baseline for the surrogate's depth map: water stands in the surface's depressions,
// as deep as the rain that drains into each can fill it.
//  1. Priority-flood fill (Barnes et al. 2014) of the surface (ground + buildings) from the open
//     boundary: the depression depth of a cell is filled − surface.
//  2. Every cell sends its rain (storm depth × cell area) down the steepest D8 descent of the surface
//     until it reaches a cell with no lower neighbour; water ending inside a depression is its inflow.
//  3. A depression holds at most its volume: with less inflow it fills to the level whose stored
//     volume equals the inflow (found by bisection), with more it is full and the rest spills away.
// No flow between depressions and no velocities: a floor to beat, not a model.
import { MinHeap } from "../util/min-heap.js";

/** The priority-flood fill of z from the open boundary (blocked cells are walls). */
export function priorityFlood(z: Float64Array, W: number, H: number, blocked?: Uint8Array): Float64Array {
  return priorityFloodSpill(z, W, H, blocked).filled;
}

/**
 * The fill, and for each cell the cell whose elevation sets its fill level (its spill cell: itself
 * where the fill does not raise it), so that filled[i] = z[spill[i]] exactly.
 */
export function priorityFloodSpill(z: Float64Array, W: number, H: number, blocked?: Uint8Array): { filled: Float64Array; spill: Int32Array } {
  const filled = Float64Array.from(z);
  const spill = new Int32Array(W * H);
  for (let i = 0; i < spill.length; i++) spill[i] = i;
  const done = new Uint8Array(W * H);
  const heap = new MinHeap(4 * (W + H));
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      if (r === 0 || c === 0 || r === H - 1 || c === W - 1) {
        const i = r * W + c;
        if (blocked?.[i]) continue;
        heap.push(filled[i], i);
        done[i] = 1;
      }
    }
  // Priority-Flood+Queue (Barnes et al. 2014, Algorithm 2): cells raised to the level of the cell that
  // reached them go through a plain queue, not the heap
  const dr = Int32Array.of(-1, -1, -1, 0, 0, 1, 1, 1);
  const dc = Int32Array.of(-1, 0, 1, -1, 1, -1, 0, 1);
  const pit = new Int32Array(W * H);
  let head = 0, tail = 0;
  while (heap.size || head < tail) {
    const i = head < tail ? pit[head++] : heap.popValue();
    const level = filled[i];
    const r = (i / W) | 0, c = i - r * W;
    for (let k = 0; k < 8; k++) {
      const rr = r + dr[k], cc = c + dc[k];
      if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
      const j = rr * W + cc;
      if (done[j] || (blocked !== undefined && blocked[j])) continue;
      done[j] = 1;
      if (filled[j] <= level) {
        if (filled[j] < level) {
          filled[j] = level;
          spill[j] = spill[i];
        }
        pit[tail++] = j;
      } else heap.push(filled[j], j);
    }
  }
  return { filled, spill };
}

/** Depths (m) of the baseline for a surface z (m), a storm depth (m) on every cell. */
export function depressionBaseline(z: Float64Array, W: number, H: number, rainDepth: number, blocked?: Uint8Array): Float32Array {
  const n = W * H;
  const filled = priorityFlood(z, W, H, blocked);
  // depressions: 8-connected regions where the fill is above the surface
  const label = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (label[i] >= 0 || !(filled[i] - z[i] > 1e-9)) continue;
    const id = members.length;
    const cells: number[] = [];
    const stack = [i];
    label[i] = id;
    while (stack.length) {
      const a = stack.pop() as number;
      cells.push(a);
      const r = Math.floor(a / W), c = a % W;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
          const b = rr * W + cc;
          if (label[b] < 0 && filled[b] - z[b] > 1e-9 && Math.abs(filled[b] - filled[a]) < 1e-9) {
            label[b] = id;
            stack.push(b);
          }
        }
    }
    members.push(cells);
  }
  // D8 steepest descent on the surface; where a path ends decides whose rain it is
  const receiver = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (blocked?.[i]) continue;
    const r = Math.floor(i / W), c = i % W;
    let best = 0;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        if (!dr && !dc) continue;
        const rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
        const j = rr * W + cc;
        if (blocked?.[j]) continue;
        const s = (z[i] - z[j]) / Math.hypot(dr, dc);
        if (s > best) {
          best = s;
          receiver[i] = j;
        }
      }
  }
  const terminal = new Int32Array(n).fill(-2);
  const inflow = new Float64Array(members.length);
  for (let i = 0; i < n; i++) {
    if (blocked?.[i]) continue;
    const path: number[] = [];
    let a = i;
    while (terminal[a] === -2 && receiver[a] >= 0) {
      path.push(a);
      a = receiver[a];
      if (path.length > n) break;
    }
    const end = terminal[a] === -2 ? a : terminal[a];
    terminal[a] = end;
    for (const p of path) terminal[p] = end;
    if (label[end] >= 0) inflow[label[end]] += rainDepth;
  }
  const depth = new Float32Array(n);
  members.forEach((cells, id) => {
    const top = filled[cells[0]];
    const stored = (level: number) => cells.reduce((s, i) => s + Math.max(0, level - z[i]), 0);
    let level = top;
    if (stored(top) > inflow[id]) {
      let lo = Math.min(...cells.map((i) => z[i])), hi = top;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (stored(mid) > inflow[id]) hi = mid;
        else lo = mid;
      }
      level = lo;
    }
    for (const i of cells) depth[i] = Math.max(0, level - z[i]);
  });
  return depth;
}
