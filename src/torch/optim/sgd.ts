import { Tensor } from "../tensor.js";
import { Optimizer } from "./optimizer.js";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/** torch.optim.SGD, same update order. */
export class SGD extends Optimizer {
  constructor(params: Tensor[], readonly options: SGDOptions) {
    super(params, options.lr);
  }
  protected update(p: Tensor, g: Tensor, state: Map<string, Tensor>): void {
    const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = this.options;
    let d = weightDecay !== 0 ? g.add(p, weightDecay) : g;
    if (momentum !== 0) {
      const fresh = !state.has("momentum_buffer");
      const buf = this.initState(state, "momentum_buffer", () => d.clone());
      if (!fresh) buf.mul_(momentum).add_(d, 1 - dampening);
      d = nesterov ? d.add(buf, momentum) : buf;
    }
    p.add_(d, -this.lr);
  }
}
