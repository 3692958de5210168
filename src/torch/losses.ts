// Loss functions with PyTorch's reductions, and the basin-averaged NSE loss of Kratzert et al. 2019.
import { rawOp } from "./dispatch.js";
import { T, Tensor } from "./tensor.js";

export type Reduction = "none" | "mean" | "sum";
const reductionCode = { none: 0, mean: 1, sum: 2 } as const;

const op = {
  mse: rawOp("aten::mse_loss"),
  l1: rawOp("aten::l1_loss"),
  huber: rawOp("aten::huber_loss"),
  bce: rawOp("aten::binary_cross_entropy"),
  bceLogits: rawOp("aten::binary_cross_entropy_with_logits"),
  crossEntropy: rawOp("aten::cross_entropy_loss"),
};

export const mseLoss = (input: Tensor, target: Tensor, reduction: Reduction = "mean") => T(op.mse([input.id, target.id, reductionCode[reduction]]));
export const l1Loss = (input: Tensor, target: Tensor, reduction: Reduction = "mean") => T(op.l1([input.id, target.id, reductionCode[reduction]]));
export const huberLoss = (input: Tensor, target: Tensor, delta = 1, reduction: Reduction = "mean") =>
  T(op.huber([input.id, target.id, reductionCode[reduction], delta]));
export const binaryCrossEntropy = (probabilities: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = "mean") =>
  T(op.bce([probabilities.id, target.id, weight?.id ?? null, reductionCode[reduction]]));
export const binaryCrossEntropyWithLogits = (
  logits: Tensor,
  target: Tensor,
  o: { weight?: Tensor; posWeight?: Tensor; reduction?: Reduction } = {},
) => T(op.bceLogits([logits.id, target.id, o.weight?.id ?? null, o.posWeight?.id ?? null, reductionCode[o.reduction ?? "mean"]]));
/** logits [N, C, ...], target class indices [N, ...] (int64); ignoreIndex labels are skipped. */
export const crossEntropy = (
  logits: Tensor,
  target: Tensor,
  o: { weight?: Tensor; reduction?: Reduction; ignoreIndex?: number; labelSmoothing?: number } = {},
) => T(op.crossEntropy([logits.id, target.id, o.weight?.id ?? null, reductionCode[o.reduction ?? "mean"], o.ignoreIndex ?? -100, o.labelSmoothing ?? 0]));

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
