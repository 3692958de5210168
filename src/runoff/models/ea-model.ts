// EA-LSTM (Kratzert et al. 2019) and SR-LSTM-EA (Li et al. 2022) as runoff models around EALSTMCell.
import { nn, Tensor } from "../../torch/index.js";
import { EALSTMCell } from "./ealstm.js";
import { Head, ModelSpec, RunoffModel, needStatics } from "./base.js";

/** EA-LSTM, and SR-LSTM-EA when an embedding size is given (statics → ReLU(Linear) → input gate). */
export class EntityAwareLSTM extends RunoffModel {
  readonly cell: EALSTMCell;
  readonly embedding: nn.Linear | null;
  readonly head: Head;
  constructor(spec: ModelSpec) {
    super(spec);
    const E = spec.model === "srlstm_ea" ? (spec.embeddingSize ?? spec.staticInputs) : 0;
    this.embedding = E ? this.registerModule("embedding", new nn.Linear(spec.staticInputs, E)) : null;
    this.cell = this.registerModule(
      "cell",
      new EALSTMCell({ dynamicInputs: spec.dynamicInputs, staticInputs: E || spec.staticInputs, hiddenSize: spec.hiddenSize, initialForgetBias: spec.initialForgetBias, init: spec.init }),
    );
    this.head = this.registerModule("head", new Head(spec.hiddenSize, spec.dropout));
  }
  forward(xd: Tensor, xs: Tensor | null): Tensor {
    let s = needStatics(xs, this.spec.model);
    if (this.embedding) s = this.embedding.forward(s).relu();
    return this.head.forward(this.cell.lastHidden(xd, s));
  }
}
