// The volume dominated by a set of points (minimisation) and bounded by a reference point: a sweep
// in two dimensions, and in more the exclusive-volume recursion of While et al. (2012, WFG).

function boxVolume(p: number[], ref: number[]): number {
  let v = 1;
  for (let k = 0; k < p.length; k++) v *= Math.abs(ref[k] - p[k]);
  return v;
}

function sweep2d(points: number[][], ref: number[]): number {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let top = ref[1];
  let volume = 0;
  for (const p of sorted) {
    if (p[1] > top) continue;
    volume += Math.abs(ref[0] - p[0]) * Math.abs(top - p[1]);
    top = p[1];
  }
  return volume;
}

/** Points of s limited to the region that p does not cover, without the ones another limited point covers. */
function limit(p: number[], s: number[][]): number[][] {
  const limited = s.map((q) => q.map((v, k) => Math.max(v, p[k])));
  const out: number[][] = [];
  for (const q of limited) {
    if (out.some((r) => r.every((v, k) => v <= q[k]))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (q.every((v, k) => v <= out[i][k])) out.splice(i, 1);
    out.push(q);
  }
  return out;
}

export function hypervolume(points: number[][], ref: number[]): number {
  const inside = points.filter((p) => p.every((v, k) => v <= ref[k]));
  if (inside.length === 0) return 0;
  if (ref.length === 1) return ref[0] - Math.min(...inside.map((p) => p[0]));
  if (ref.length === 2) return sweep2d(inside, ref);
  const sorted = [...inside].sort((a, b) => a[0] - b[0]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = limit(sorted[i], sorted.slice(i + 1));
    volume += boxVolume(sorted[i], ref) - (rest.length ? hypervolume(rest, ref) : 0);
  }
  return volume;
}
