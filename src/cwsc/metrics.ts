// Scores of predicted against labelled capacities: R², RMSE and bias (mm) over groups, each group
// once (its cells' mean against its label), and R² over cells (each cell against its group's label,
// the way a random split of grid cells is scored).
import { bias, r2, rmse } from "../metrics/index.js";

export interface SetScores {
  groups: number;
  r2: number;
  rmse: number;
  bias: number;
  cells: number;
  cell_r2: number;
}

const safe = (f: () => number) => {
  try {
    return f();
  } catch {
    return NaN;
  }
};

export function scores(labels: number[], predicted: number[], cellLabels: number[], cellPredicted: number[]): SetScores {
  return {
    groups: labels.length,
    r2: safe(() => r2(labels, predicted)),
    rmse: safe(() => rmse(labels, predicted)),
    bias: safe(() => bias(labels, predicted)),
    cells: cellLabels.length,
    cell_r2: safe(() => r2(cellLabels, cellPredicted)),
  };
}
