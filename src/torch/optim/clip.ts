import { noGrad, tidy } from "../scope.js";
import { stack } from "../creation.js";
import { Tensor } from "../tensor.js";

/** torch.nn.utils.clip_grad_norm_: scales all gradients so their joint p-norm is ≤ maxNorm; returns the norm before clipping. */
export function clipGradNorm_(params: Tensor[], maxNorm: number, normType = 2): number {
  return noGrad(() =>
    tidy(() => {
      const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
      if (grads.length === 0) return 0;
      const total =
        normType === Infinity ? stack(grads.map((g) => g.abs().max())).max() : stack(grads.map((g) => g.norm(normType))).norm(normType);
      const totalValue = total.item();
      const coef = maxNorm / (totalValue + 1e-6);
      if (coef < 1) for (const g of grads) g.mul_(coef);
      return totalValue;
    }),
  );
}
