// The plain LSTM baseline: dynamic inputs only, a linear head with dropout on the last step.
import { nn, Tensor, F } from "../../torch/index.js";

export class LSTMRegressor extends nn.Module {
  readonly lstm: nn.LSTM;
  readonly head: nn.Linear;
  constructor(inputs: number, hidden: number, readonly dropout = 0, initialForgetBias = 0) {
    super();
    this.lstm = this.registerModule("lstm", new nn.LSTM(inputs, hidden, { batchFirst: true }));
    this.head = this.registerModule("head", new nn.Linear(hidden, 1));
    if (initialForgetBias) {
      // PyTorch gate order i, f, g, o: the forget gate is the second block of the bias
      const b = this.lstm.namedParameters().find(([k]) => k === "bias_hh_l0")?.[1];
      b?.narrow(0, hidden, hidden).detach().fill_(initialForgetBias);
    }
  }
  /** x [B, T, inputs] → [B, 1] */
  forward(x: Tensor): Tensor {
    const [out] = this.lstm.forward(x);
    return this.head.forward(F.dropout(out.select(1, -1), this.dropout, this.training));
  }
}
