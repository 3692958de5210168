// The shape every rainfall-runoff model shares: (dynamics [B, T, F], statics [B, S] | null) → [B, 1]
// through a dropout + linear head on the last step.
import { nn, F, noGrad, Tensor } from "../../torch/index.js";

export interface ModelSpec {
  model: string;
  dynamicInputs: number;
  staticInputs: number;
  hiddenSize: number;
  initialForgetBias: number;
  dropout: number;
  embeddingSize?: number;
  /** EA-LSTM initialisation (see EALSTMCell) */
  init?: "kratzert" | "xavier";
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

export function needStatics(statics: Tensor | null, model: string): Tensor {
  if (!statics) throw new Error(`model '${model}' needs a static vector per basin`);
  return statics;
}

export class Head extends nn.Module {
  readonly fc: nn.Linear;
  constructor(hidden: number, readonly p: number) {
    super();
    this.fc = this.registerModule("fc", new nn.Linear(hidden, 1));
  }
  forward(h: Tensor): Tensor {
    return this.fc.forward(F.dropout(h, this.p, this.training));
  }
}

