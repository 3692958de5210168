// The EA-LSTM family of Li et al. 2022 / Kratzert et al. 2019 and the plain LSTM baseline. Every
// model maps (dynamics [B, T, F], statics [B, S] | null) → [B, 1] through a dropout + linear head
// on the last step. The EA variants share EALSTMCell; the others use the fused aten::lstm.
import { nn, F, cat, noGrad, Tensor } from "../../torch/index.js";
import { EALSTMCell } from "./ealstm.js";

export type ModelName = "ealstm" | "ctlstm" | "srlstm_ea" | "fmlstm" | "lstm";

export interface ModelSpec {
  model: ModelName;
  dynamicInputs: number;
  staticInputs: number;
  hiddenSize: number;
  initialForgetBias: number;
  dropout: number;
  embeddingSize?: number;
}

export abstract class RunoffModel extends nn.Module {
  constructor(readonly spec: ModelSpec) {
    super();
  }
  abstract forward(dynamics: Tensor, statics: Tensor | null): Tensor;

  /** nn.LSTM with the forget-gate bias set (gate order i, f, g, o; the bias_hh block, as in neuralhydrology). */
  protected fusedLstm(inputs: number): nn.LSTM {
    const lstm = this.registerModule("lstm", new nn.LSTM(inputs, this.spec.hiddenSize, { batchFirst: true }));
    const bias = lstm.namedParameters().find(([k]) => k === "bias_hh_l0")?.[1];
    const H = this.spec.hiddenSize;
    if (this.spec.initialForgetBias && bias) noGrad(() => bias.narrow(0, H, H).fill_(this.spec.initialForgetBias));
    return lstm;
  }
}

function needStatics(statics: Tensor | null, model: string): Tensor {
  if (!statics) throw new Error(`model '${model}' needs a static vector per basin`);
  return statics;
}

class Head extends nn.Module {
  readonly fc: nn.Linear;
  constructor(hidden: number, readonly p: number) {
    super();
    this.fc = this.registerModule("fc", new nn.Linear(hidden, 1));
  }
  forward(h: Tensor): Tensor {
    return this.fc.forward(F.dropout(h, this.p, this.training));
  }
}

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
      new EALSTMCell({ dynamicInputs: spec.dynamicInputs, staticInputs: E || spec.staticInputs, hiddenSize: spec.hiddenSize, initialForgetBias: spec.initialForgetBias }),
    );
    this.head = this.registerModule("head", new Head(spec.hiddenSize, spec.dropout));
  }
  forward(xd: Tensor, xs: Tensor | null): Tensor {
    let s = needStatics(xs, this.spec.model);
    if (this.embedding) s = this.embedding.forward(s).relu();
    return this.head.forward(this.cell.lastHidden(xd, s));
  }
}

export function createModel(spec: ModelSpec): RunoffModel {
  switch (spec.model) {
    case "lstm":
      return new PlainLSTM(spec);
    case "ctlstm":
      return new ConcatLSTM(spec);
    case "fmlstm":
      return new FeatureModulatedLSTM(spec);
    case "ealstm":
    case "srlstm_ea":
      return new EntityAwareLSTM(spec);
  }
}
