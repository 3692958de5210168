// A baseline beside the network: ridge regression of the (log) capacity on the basin means of the
// normalised input grids, its penalty chosen by 5-fold cross-validation on the training groups
// alone. It shows what the residual network adds over a linear model of the same inputs.
import { LabelGroup } from "./labels.js";
import { NormalizedStack } from "./patches.js";
import { LATTICE_CELLS } from "./data/lattice.js";
import { shuffled } from "../util/random.js";

const PENALTIES = [0.01, 0.1, 1, 10, 100, 1000];

/** Mean of each normalised input channel (not the land mask) over a group's cells. */
export function groupFeatures(stack: NormalizedStack, g: LabelGroup): number[] {
  return Array.from({ length: stack.channels - 1 }, (_, k) => {
    let s = 0;
    for (const c of g.cells) s += stack.data[k * LATTICE_CELLS + c];
    return s / g.cells.length;
  });
}

/** Solves (XᵀX + λI′) w = Xᵀy with an unpenalised intercept (X gets a leading column of ones). */
function fitRidge(X: number[][], y: number[], lambda: number): number[] {
  const q = X[0].length + 1;
  const A = Array.from({ length: q }, () => new Float64Array(q));
  const b = new Float64Array(q);
  X.forEach((row, i) => {
    const z = [1, ...row];
    for (let a = 0; a < q; a++) {
      b[a] += z[a] * y[i];
      for (let c = 0; c < q; c++) A[a][c] += z[a] * z[c];
    }
  });
  for (let a = 1; a < q; a++) A[a][a] += lambda;
  // Gauss–Jordan with partial pivoting
  for (let i = 0; i < q; i++) {
    let p = i;
    for (let r = i + 1; r < q; r++) if (Math.abs(A[r][i]) > Math.abs(A[p][i])) p = r;
    [A[i], A[p]] = [A[p], A[i]];
    [b[i], b[p]] = [b[p], b[i]];
    for (let r = 0; r < q; r++) {
      if (r === i || A[i][i] === 0) continue;
      const f = A[r][i] / A[i][i];
      for (let c = i; c < q; c++) A[r][c] -= f * A[i][c];
      b[r] -= f * b[i];
    }
  }
  return Array.from(b, (v, i) => (A[i][i] === 0 ? 0 : v / A[i][i]));
}

const predictRidge = (w: number[], x: number[]) => x.reduce((s, v, k) => s + w[k + 1] * v, w[0]);

export interface RidgeModel {
  lambda: number;
  predict(x: number[]): number;
}

export function ridgeCv(X: number[][], y: number[], seed: number): RidgeModel {
  const order = shuffled(X.map((_, i) => i), seed);
  const folds = 5;
  let best = PENALTIES[0];
  let bestErr = Infinity;
  for (const lambda of PENALTIES) {
    let err = 0;
    for (let f = 0; f < folds; f++) {
      const test = order.filter((_, k) => k % folds === f);
      const train = order.filter((_, k) => k % folds !== f);
      const w = fitRidge(train.map((i) => X[i]), train.map((i) => y[i]), lambda);
      for (const i of test) err += (predictRidge(w, X[i]) - y[i]) ** 2;
    }
    if (err < bestErr) [best, bestErr] = [lambda, err];
  }
  const w = fitRidge(X, y, best);
  return { lambda: best, predict: (x) => predictRidge(w, x) };
}
