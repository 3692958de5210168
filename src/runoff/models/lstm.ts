// The plain LSTM baseline (no statics), on the fused aten::lstm.
import type { Tensor } from "../../torch/index.js";
import type { nn } from "../../torch/index.js";
import { Head, ModelSpec, RunoffModel } from "./base.js";

export class PlainLSTM extends RunoffModel {
  readonly lstm: nn.LSTM;
  readonly head: Head;
  constructor(spec: ModelSpec) {
    super(spec);
    this.lstm = this.fusedLstm(spec.dynamicInputs);
    this.head = this.registerModule("head", new Head(spec.hiddenSize, spec.dropout));
  }
  forward(xd: Tensor): Tensor {
    return this.head.forward(this.lstm.forward(xd)[0].select(1, -1));
  }
}
