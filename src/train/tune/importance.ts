// Parameter importance by fANOVA (Hutter et al. 2014), as Optuna's default evaluator: a random forest
// of regression trees fitted to (parameters → objective) over the complete trials, and for each
// parameter the share of each tree's variance over the search space that its main effect explains
// (the variance of the tree's prediction averaged over all other parameters), averaged over trees and
// normalised to sum to 1. Log-scaled parameters are modelled on their log scale, choices by their
// index. Optuna uses scikit-learn's forest; this one is grown here with the same defaults (64 trees,
// bootstrap samples, every feature tried at each split, leaves of one sample).
import { Distribution, isSingle } from "./distributions.js";
import { FrozenTrial } from "./frozen-trial.js";
import { MersenneTwister } from "./rng.js";

interface Node {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

interface Tree {
  nodes: Node[];
}

export interface ImportanceOptions {
  nTrees?: number;
  maxDepth?: number;
  seed?: number;
  /** Which objective of a multi-objective study; default 0. */
  objective?: number;
}

function encode(d: Distribution, internal: number): number {
  return d.kind !== "categorical" && d.log ? Math.log(internal) : internal;
}

function bounds(d: Distribution): [number, number] {
  if (d.kind === "categorical") return [-0.5, d.choices.length - 0.5];
  if (d.log) return [Math.log(d.low), Math.log(d.high)];
  return [d.low, d.high];
}

/** The importance of each parameter that every complete trial has, largest first; they sum to 1. */
export function parameterImportances(trials: readonly FrozenTrial[], o: ImportanceOptions = {}): { name: string; importance: number }[] {
  const k = o.objective ?? 0;
  const complete = trials.filter((t) => t.state === "complete" && t.values && Number.isFinite(t.values[k]));
  if (complete.length < 2) throw new Error(`parameter importance needs at least 2 complete trials, the study has ${complete.length}`);
  // the parameters every complete trial shares with the same kind of distribution, and the widest range seen
  const space: Record<string, Distribution> = {};
  for (const name of Object.keys(complete[0].distributions)) {
    if (!complete.every((t) => name in t.params && t.distributions[name].kind === complete[0].distributions[name].kind)) continue;
    const ds = complete.map((t) => t.distributions[name]);
    space[name] = ds.reduce((a, b) => (a.kind === "categorical" || b.kind === "categorical" ? a : { ...a, low: Math.min(a.low, b.low), high: Math.max(a.high, b.high) }) as Distribution);
  }
  const names = Object.keys(space).filter((n) => !isSingle(space[n]));
  const fixed = Object.keys(space).filter((n) => isSingle(space[n]));
  if (names.length === 0) return fixed.map((name) => ({ name, importance: 0 }));
  const X = complete.map((t) => names.map((n) => encode(space[n], t.params[n])));
  const y = complete.map((t) => (t.values as number[])[k]);
  const box = names.map((n) => bounds(space[n]));
  const rng = new MersenneTwister(o.seed ?? 0);
  const fractions: number[][] = names.map(() => []);
  for (let i = 0; i < (o.nTrees ?? 64); i++) {
    const sample = Array.from({ length: X.length }, () => rng.below(X.length));
    const tree = growTree(X, y, sample, o.maxDepth ?? 64);
    const shares = mainEffectShares(tree, box);
    if (shares) shares.forEach((s, f) => fractions[f].push(s));
  }
  const mean = fractions.map((f) => (f.length ? f.reduce((a, b) => a + b, 0) / f.length : 0));
  const total = mean.reduce((a, b) => a + b, 0);
  const out = names.map((name, f) => ({ name, importance: total > 0 ? mean[f] / total : 1 / names.length }));
  out.push(...fixed.map((name) => ({ name, importance: 0 })));
  return out.sort((a, b) => b.importance - a.importance);
}

/** A CART regression tree on the bootstrap sample: best variance-reducing split over all features, thresholds halfway between neighbouring values. */
function growTree(X: number[][], y: number[], sample: number[], maxDepth: number): Tree {
  const nodes: Node[] = [];
  const d = X[0].length;
  const build = (idx: number[], depth: number): number => {
    const id = nodes.length;
    const mean = idx.reduce((s, i) => s + y[i], 0) / idx.length;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: mean });
    if (idx.length < 2 || depth >= maxDepth) return id;
    let best = { gain: 1e-12, feature: -1, threshold: 0 };
    const sse = idx.reduce((s, i) => s + (y[i] - mean) ** 2, 0);
    for (let f = 0; f < d; f++) {
      const order = [...idx].sort((a, b) => X[a][f] - X[b][f]);
      let sumL = 0;
      let sqL = 0;
      const sumAll = idx.reduce((s, i) => s + y[i], 0);
      const sqAll = idx.reduce((s, i) => s + y[i] * y[i], 0);
      for (let j = 0; j < order.length - 1; j++) {
        const v = y[order[j]];
        sumL += v;
        sqL += v * v;
        const a = X[order[j]][f];
        const b = X[order[j + 1]][f];
        if (a === b) continue;
        const nL = j + 1;
        const nR = order.length - nL;
        const sseL = sqL - (sumL * sumL) / nL;
        const sseR = sqAll - sqL - ((sumAll - sumL) * (sumAll - sumL)) / nR;
        const gain = sse - sseL - sseR;
        if (gain > best.gain) best = { gain, feature: f, threshold: (a + b) / 2 };
      }
    }
    if (best.feature < 0) return id;
    const left = idx.filter((i) => X[i][best.feature] <= best.threshold);
    const right = idx.filter((i) => X[i][best.feature] > best.threshold);
    const node = nodes[id];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = build(left, depth + 1);
    node.right = build(right, depth + 1);
    return id;
  };
  build(sample, 0);
  return { nodes };
}

/** For each feature, Var_x_f( E_{x_-f}[tree] ) / Var_x[tree] over the box; null when the tree is constant. */
function mainEffectShares(tree: Tree, box: [number, number][]): number[] | null {
  const d = box.length;
  const leaves: { value: number; lo: number[]; hi: number[] }[] = [];
  const walk = (id: number, lo: number[], hi: number[]) => {
    const n = tree.nodes[id];
    if (n.feature < 0) {
      leaves.push({ value: n.value, lo, hi });
      return;
    }
    const t = Math.min(Math.max(n.threshold, lo[n.feature]), hi[n.feature]);
    walk(n.left, lo, hi.map((v, k) => (k === n.feature ? t : v)));
    walk(n.right, lo.map((v, k) => (k === n.feature ? t : v)), hi);
  };
  walk(0, box.map((b) => b[0]), box.map((b) => b[1]));
  const frac = (l: (typeof leaves)[number], k: number) => (box[k][1] > box[k][0] ? (l.hi[k] - l.lo[k]) / (box[k][1] - box[k][0]) : 1);
  const volume = leaves.map((l) => box.reduce((p, _, k) => p * frac(l, k), 1));
  const mean = leaves.reduce((s, l, i) => s + l.value * volume[i], 0);
  const total = leaves.reduce((s, l, i) => s + volume[i] * (l.value - mean) ** 2, 0);
  if (!(total > 1e-300)) return null;
  const shares: number[] = [];
  for (let f = 0; f < d; f++) {
    // the cells of feature f between the tree's thresholds on it
    const cuts = [...new Set(leaves.flatMap((l) => [l.lo[f], l.hi[f]]))].sort((a, b) => a - b);
    let variance = 0;
    for (let c = 0; c + 1 < cuts.length; c++) {
      const mid = (cuts[c] + cuts[c + 1]) / 2;
      const width = box[f][1] > box[f][0] ? (cuts[c + 1] - cuts[c]) / (box[f][1] - box[f][0]) : 1;
      let m = 0;
      for (let i = 0; i < leaves.length; i++) {
        const l = leaves[i];
        if (mid < l.lo[f] || mid > l.hi[f]) continue;
        m += l.value * (volume[i] / frac(l, f));
      }
      variance += width * (m - mean) ** 2;
    }
    shares.push(variance / total);
  }
  return shares;
}
