// CT-LSTM (Li et al. 2022): statics concatenated to every time step's inputs.
import { cat, Tensor } from "../../torch/index.js";
import type { nn } from "../../torch/index.js";
import { Head, ModelSpec, RunoffModel, needStatics } from "./base.js";

/** CT-LSTM: the statics concatenated to the inputs of every time step. */
export class ConcatLSTM extends RunoffModel {
  readonly lstm: nn.LSTM;
  readonly head: Head;
  constructor(spec: ModelSpec) {
    super(spec);
    this.lstm = this.fusedLstm(spec.dynamicInputs + spec.staticInputs);
    this.head = this.registerModule("head", new Head(spec.hiddenSize, spec.dropout));
  }
  forward(xd: Tensor, xs: Tensor | null): Tensor {
    const s = needStatics(xs, "ctlstm");
    const [B, T] = xd.shape;
    const x = cat([xd, s.unsqueeze(1).expand(B, T, s.shape[1])], 2);
    return this.head.forward(this.lstm.forward(x)[0].select(1, -1));
  }
}
