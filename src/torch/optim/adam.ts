import { zerosLike } from "../creation.js";
import { Tensor } from "../tensor.js";
import { Optimizer } from "./optimizer.js";

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/** torch.optim.Adam (decoupled = false) and AdamW (decoupled = true), in the arithmetic order of PyTorch 1.13. */
export class Adam extends Optimizer {
  protected decoupled = false;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;

  constructor(params: Tensor[], options: AdamOptions = {}) {
    super(params, options.lr ?? 1e-3);
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  protected update(p: Tensor, g: Tensor, state: Map<string, Tensor>): void {
    const [b1, b2] = this.betas;
    const lr = this.lr;
    if (this.weightDecay !== 0) {
      if (this.decoupled) p.mul_(1 - lr * this.weightDecay);
      else g = g.add(p, this.weightDecay);
    }
    const m = this.initState(state, "exp_avg", () => zerosLike(p));
    const v = this.initState(state, "exp_avg_sq", () => zerosLike(p));
    m.mul_(b1).add_(g, 1 - b1);
    v.mul_(b2).addcmul_(g, g, 1 - b2);
    const bc1 = 1 - b1 ** this.stepCount;
    const bc2 = 1 - b2 ** this.stepCount;
    const denom = v.sqrt().div_(Math.sqrt(bc2)).add_(this.eps);
    p.addcdiv_(m, denom, -lr / bc1);
  }
}

export class AdamW extends Adam {
  constructor(params: Tensor[], options: AdamOptions = {}) {
    super(params, { weightDecay: 1e-2, ...options });
    this.decoupled = true;
  }
}
