// Linear, convolution, normalization, dropout and embedding layers.
import * as F from "../functional.js";
import { empty, ones, zeros, tensor } from "../creation.js";
import { Tensor } from "../tensor.js";
import { Module } from "./module.js";
import { defaultWeightInit, fanIn, uniform_ } from "./init.js";

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (Array.isArray(v) ? v : [v, v]);

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, bias = true) {
    super();
    this.weight = this.registerParameter("weight", defaultWeightInit(empty([outFeatures, inFeatures])));
    this.bias = bias ? this.registerParameter("bias", uniform_(empty([outFeatures]), 1 / Math.sqrt(inFeatures))) : null;
  }
  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }
}

export interface Conv2dConfig {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(inChannels: number, outChannels: number, kernel: Pair, readonly config: Conv2dConfig = {}) {
    super();
    const [kh, kw] = pair(kernel);
    const groups = config.groups ?? 1;
    this.weight = this.registerParameter("weight", defaultWeightInit(empty([outChannels, inChannels / groups, kh, kw])));
    const bound = 1 / Math.sqrt(fanIn(this.weight.shape));
    this.bias = config.bias === false ? null : this.registerParameter("bias", uniform_(empty([outChannels]), bound));
  }
  forward(x: Tensor): Tensor {
    return F.conv2d(x, this.weight, this.bias, this.config);
  }
}

export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(inChannels: number, outChannels: number, kernel: Pair, readonly config: Conv2dConfig & { outputPadding?: Pair } = {}) {
    super();
    const [kh, kw] = pair(kernel);
    const groups = config.groups ?? 1;
    this.weight = this.registerParameter("weight", defaultWeightInit(empty([inChannels, outChannels / groups, kh, kw])));
    const bound = 1 / Math.sqrt(fanIn(this.weight.shape));
    this.bias = config.bias === false ? null : this.registerParameter("bias", uniform_(empty([outChannels]), bound));
  }
  forward(x: Tensor): Tensor {
    return F.convTranspose2d(x, this.weight, this.bias, this.config);
  }
}

export class BatchNorm2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly numBatchesTracked: Tensor;
  constructor(readonly numFeatures: number, readonly eps = 1e-5, readonly momentum = 0.1) {
    super();
    this.weight = this.registerParameter("weight", ones([numFeatures]));
    this.bias = this.registerParameter("bias", zeros([numFeatures]));
    this.runningMean = this.registerBuffer("running_mean", zeros([numFeatures]));
    this.runningVar = this.registerBuffer("running_var", ones([numFeatures]));
    this.numBatchesTracked = this.registerBuffer("num_batches_tracked", tensor([0], { dtype: "int64" }).reshape());
  }
  forward(x: Tensor): Tensor {
    if (this.training) this.numBatchesTracked.add_(1);
    return F.batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, this.training, this.momentum, this.eps);
  }
}

export class GroupNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  constructor(readonly numGroups: number, numChannels: number, readonly eps = 1e-5) {
    super();
    this.weight = this.registerParameter("weight", ones([numChannels]));
    this.bias = this.registerParameter("bias", zeros([numChannels]));
  }
  forward(x: Tensor): Tensor {
    return F.groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }
}

export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (p < 0 || p >= 1) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training);
  }
}

export class Embedding extends Module {
  readonly weight: Tensor;
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number) {
    super();
    this.weight = this.registerParameter("weight", empty([numEmbeddings, embeddingDim]).normal_(0, 1));
  }
  forward(indices: Tensor): Tensor {
    return F.embedding(indices, this.weight);
  }
}
