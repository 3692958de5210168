// Loss functions with PyTorch's reductions, and the basin-averaged NSE loss of Kratzert et al. 2019.
import * as aten from "./generated/aten.js";
import type { Reduction } from "./generated/aten.js";
import { Tensor } from "./tensor.js";

export type { Reduction };

export const mseLoss = (input: Tensor, target: Tensor, reduction: Reduction = "mean") => aten.mseLoss(input, target, { reduction });
export const l1Loss = (input: Tensor, target: Tensor, reduction: Reduction = "mean") => aten.l1Loss(input, target, { reduction });
export const huberLoss = (input: Tensor, target: Tensor, delta = 1, reduction: Reduction = "mean") => aten.huberLoss(input, target, { reduction, delta });
export const binaryCrossEntropy = (probabilities: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = "mean") =>
  aten.binaryCrossEntropy(probabilities, target, { weight, reduction });
export const binaryCrossEntropyWithLogits = (
  logits: Tensor,
  target: Tensor,
  o: { weight?: Tensor; posWeight?: Tensor; reduction?: Reduction } = {},
) => aten.binaryCrossEntropyWithLogits(logits, target, { weight: o.weight, posWeight: o.posWeight, reduction: o.reduction });
/** logits [N, C, ...], target class indices [N, ...] (int64); ignoreIndex labels are skipped. */
export const crossEntropy = (
  logits: Tensor,
  target: Tensor,
  o: { weight?: Tensor; reduction?: Reduction; ignoreIndex?: number; labelSmoothing?: number } = {},
) => aten.crossEntropyLoss(logits, target, { weight: o.weight, reduction: o.reduction, ignoreIndex: o.ignoreIndex, labelSmoothing: o.labelSmoothing });

/**
 * Basin-averaged NSE loss (Kratzert et al. 2019, eq. 3):
 *   mean over samples of (ŷ − y)² / (σ_b + ε)²
 * where σ_b is the standard deviation of the target in sample's basin over the training period.
 * Samples whose target is NaN are left out.
 */
export function nseLoss(prediction: Tensor, target: Tensor, basinStd: Tensor, eps = 0.1): Tensor {
  const valid = target.isnan().logicalNot();
  const weights = basinStd.add(eps).square().reciprocal();
  const squared = prediction.sub(target.nanToNum(0)).square().mul(weights);
  const masked = squared.where(valid, squared.mul(0));
  return masked.sum().div(valid.sum().clampMin(1));
}
