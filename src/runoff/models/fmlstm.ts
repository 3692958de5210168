// FM-LSTM (Li et al. 2022): feature modulation of the last hidden state by the statics.
import { nn, Tensor } from "../../torch/index.js";
import { Head, ModelSpec, RunoffModel, needStatics } from "./base.js";

/** FM-LSTM: a standard LSTM whose last hidden state is modulated by p = σ(W_s·x_s + b_s) before the head. */
export class FeatureModulatedLSTM extends RunoffModel {
  readonly lstm: nn.LSTM;
  readonly modulation: nn.Linear;
  readonly head: Head;
  constructor(spec: ModelSpec) {
    super(spec);
    this.lstm = this.fusedLstm(spec.dynamicInputs);
    this.modulation = this.registerModule("modulation", new nn.Linear(spec.staticInputs, spec.hiddenSize));
    this.head = this.registerModule("head", new Head(spec.hiddenSize, spec.dropout));
  }
  forward(xd: Tensor, xs: Tensor | null): Tensor {
    const p = this.modulation.forward(needStatics(xs, "fmlstm")).sigmoid();
    return this.head.forward(this.lstm.forward(xd)[0].select(1, -1).mul(p));
  }
}
