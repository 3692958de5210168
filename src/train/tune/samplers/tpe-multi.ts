// Multi-objective TPE (Ozaki et al. 2020) as Optuna 3.1 does it: the "good" trials are the first
// non-domination ranks, the rank that does not fit whole is cut down by greedy hypervolume subset
// selection, and each good trial weighs by its share of the hypervolume.
import { hypervolume } from "./hypervolume.js";

const EPS = 1e-12;

type Score = [number, number[]];

export function nondominationRanks(points: number[][]): number[] {
  const n = points.length;
  const dominates = (a: number[], b: number[]) => a.every((v, k) => v <= b[k]) && a.some((v, k) => v < b[k]);
  const ranks = new Array<number>(n).fill(-1);
  let rank = 0;
  let left = n;
  while (left > 0) {
    const front: number[] = [];
    for (let i = 0; i < n; i++) {
      if (ranks[i] !== -1) continue;
      let dominated = false;
      for (let j = 0; j < n && !dominated; j++) if (j !== i && ranks[j] === -1 && dominates(points[j], points[i])) dominated = true;
      if (!dominated) front.push(i);
    }
    for (const i of front) ranks[i] = rank;
    left -= front.length;
    rank++;
  }
  return ranks;
}

function referencePoint(points: number[][]): number[] {
  const worst = points[0].map((_, k) => Math.max(...points.map((p) => p[k])));
  return worst.map((w) => {
    const r = Math.max(1.1 * w, 0.9 * w);
    return r === 0 ? EPS : r;
  });
}

/** Greedy hypervolume subset selection: repeatedly take the point that adds the most volume. */
export function greedyHypervolumeSubset(points: number[][], size: number, ref: number[]): number[] {
  const contributions = points.map((p) => hypervolume([p], ref));
  const selected: number[][] = [];
  const chosen: number[] = [];
  let hvSelected = 0;
  while (chosen.length < size) {
    let best = 0;
    for (let i = 1; i < contributions.length; i++) if (contributions[i] > contributions[best]) best = i;
    contributions[best] = -1;
    const v = points[best];
    for (let j = 0; j < points.length; j++) {
      if (contributions[j] === -1) continue;
      const p = v.map((x, k) => Math.max(x, points[j][k]));
      contributions[j] -= hypervolume([...selected, p], ref) - hvSelected;
    }
    selected.push(v);
    chosen.push(best);
    hvSelected = hypervolume(selected, ref);
  }
  return chosen;
}

export function multiObjectiveSplit(scores: Score[], nBelow: number): { below: number[]; above: number[]; belowWeights: Float64Array } {
  const points = scores.map((s) => s[1]);
  const ranks = nondominationRanks(points);
  const below: number[] = [];
  let rank = 0;
  for (;;) {
    const front = ranks.flatMap((r, i) => (r === rank ? [i] : []));
    if (front.length === 0 || below.length + front.length > nBelow) {
      const need = nBelow - below.length;
      if (need > 0 && front.length > 0) {
        const pts = front.map((i) => points[i]);
        for (const k of greedyHypervolumeSubset(pts, need, referencePoint(pts))) below.push(front[k]);
      }
      break;
    }
    below.push(...front);
    rank++;
  }
  // not sorted: whole ranks in trial order, then the subset in the order it was chosen (as Optuna,
  // whose component order decides which kernel a random draw picks)
  const inBelow = new Set(below);
  const above = scores.map((_, i) => i).filter((i) => !inBelow.has(i));
  return { below, above, belowWeights: hypervolumeWeights(below.map((i) => points[i])) };
}

/** Each point's exclusive hypervolume share, scaled so the largest is 1. */
function hypervolumeWeights(points: number[][]): Float64Array {
  const n = points.length;
  if (n === 0) return new Float64Array(0);
  if (n === 1) return Float64Array.of(1);
  const ref = referencePoint(points);
  const total = hypervolume(points, ref);
  const c = points.map((_, i) => total - hypervolume(points.filter((_, j) => j !== i), ref) + EPS);
  const max = Math.max(...c);
  return Float64Array.from(c, (v) => Math.min(Math.max(v / max, 0), 1));
}
