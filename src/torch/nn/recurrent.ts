// nn.LSTM over aten::lstm (the fused libtorch kernel), with PyTorch's parameter names.
import * as F from "../functional.js";
import { empty, zeros } from "../creation.js";
import { Tensor } from "../tensor.js";
import { Module } from "./module.js";
import { uniform_ } from "./init.js";

export interface LSTMConfig {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
}

export class LSTM extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly hasBias: boolean;
  private readonly flat: Tensor[] = [];

  constructor(readonly inputSize: number, readonly hiddenSize: number, config: LSTMConfig = {}) {
    super();
    this.numLayers = config.numLayers ?? 1;
    this.batchFirst = config.batchFirst ?? false;
    this.dropout = config.dropout ?? 0;
    this.hasBias = config.bias ?? true;
    const bound = 1 / Math.sqrt(hiddenSize);
    for (let l = 0; l < this.numLayers; l++) {
      const inSize = l === 0 ? inputSize : hiddenSize;
      this.flat.push(this.registerParameter(`weight_ih_l${l}`, uniform_(empty([4 * hiddenSize, inSize]), bound)));
      this.flat.push(this.registerParameter(`weight_hh_l${l}`, uniform_(empty([4 * hiddenSize, hiddenSize]), bound)));
      if (this.hasBias) {
        this.flat.push(this.registerParameter(`bias_ih_l${l}`, uniform_(empty([4 * hiddenSize]), bound)));
        this.flat.push(this.registerParameter(`bias_hh_l${l}`, uniform_(empty([4 * hiddenSize]), bound)));
      }
    }
  }

  /** Returns [output, [h_n, c_n]]; gates are ordered i, f, g, o as in PyTorch. */
  forward(x: Tensor, hx?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const batch = x.size(this.batchFirst ? 0 : 1);
    const state: [Tensor, Tensor] = hx ?? [
      zeros([this.numLayers, batch, this.hiddenSize], { dtype: x.dtype, device: x.device }),
      zeros([this.numLayers, batch, this.hiddenSize], { dtype: x.dtype, device: x.device }),
    ];
    const [out, h, c] = F.lstm(x, state, this.flat, {
      hasBiases: this.hasBias,
      numLayers: this.numLayers,
      dropout: this.dropout,
      training: this.training,
      bidirectional: false,
      batchFirst: this.batchFirst,
    });
    return [out, [h, c]];
  }
}
