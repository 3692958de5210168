// U-Net (Ronneberger et al. 2015): `depth` levels, channels base·2^level, two 3×3 conv + norm + ReLU
// per level, max-pool down, transposed-conv up, skip connections by concatenation.
import { cat } from "../creation.js";
import * as F from "../functional.js";
import { Tensor } from "../tensor.js";
import { Module } from "./module.js";
import { BatchNorm2d, Conv2d, ConvTranspose2d, GroupNorm } from "./layers.js";

export interface UNetConfig {
  inChannels: number;
  outChannels: number;
  base?: number;
  depth?: number;
  norm?: "batch" | "group" | "none";
}

class DoubleConv extends Module {
  private readonly conv1: Conv2d;
  private readonly conv2: Conv2d;
  private readonly norm1: Module & { forward(x: Tensor): Tensor } | null;
  private readonly norm2: Module & { forward(x: Tensor): Tensor } | null;
  constructor(cin: number, cout: number, norm: UNetConfig["norm"]) {
    super();
    const bias = norm === "none";
    this.conv1 = this.registerModule("conv1", new Conv2d(cin, cout, 3, { padding: 1, bias }));
    this.conv2 = this.registerModule("conv2", new Conv2d(cout, cout, 3, { padding: 1, bias }));
    const makeNorm = () => (norm === "batch" ? new BatchNorm2d(cout) : norm === "group" ? new GroupNorm(Math.min(8, cout), cout) : null);
    const n1 = makeNorm();
    const n2 = makeNorm();
    this.norm1 = n1 ? this.registerModule("norm1", n1) : null;
    this.norm2 = n2 ? this.registerModule("norm2", n2) : null;
  }
  forward(x: Tensor): Tensor {
    let y = this.conv1.forward(x);
    if (this.norm1) y = this.norm1.forward(y);
    y = this.conv2.forward(F.relu(y));
    if (this.norm2) y = this.norm2.forward(y);
    return F.relu(y);
  }
}

export class UNet extends Module {
  readonly depth: number;
  private readonly down: DoubleConv[] = [];
  private readonly up: ConvTranspose2d[] = [];
  private readonly decode: DoubleConv[] = [];
  readonly head: Conv2d;

  constructor(readonly config: UNetConfig) {
    super();
    const base = config.base ?? 32;
    const norm = config.norm ?? "batch";
    this.depth = config.depth ?? 4;
    let cin = config.inChannels;
    for (let l = 0; l < this.depth; l++) {
      const cout = base * 2 ** l;
      this.down.push(this.registerModule(`down${l}`, new DoubleConv(cin, cout, norm)));
      cin = cout;
    }
    for (let l = this.depth - 2; l >= 0; l--) {
      const cout = base * 2 ** l;
      this.up.push(this.registerModule(`up${l}`, new ConvTranspose2d(cout * 2, cout, 2, { stride: 2 })));
      this.decode.push(this.registerModule(`decode${l}`, new DoubleConv(cout * 2, cout, norm)));
    }
    this.head = this.registerModule("head", new Conv2d(base, config.outChannels, 1));
  }

  /** Input height and width must be divisible by 2^(depth−1). */
  forward(x: Tensor): Tensor {
    const f = 2 ** (this.depth - 1);
    const [, , h, w] = x.shape;
    if (h % f !== 0 || w % f !== 0) throw new RangeError(`U-Net of depth ${this.depth} needs height and width divisible by ${f}, got ${h}×${w}`);
    const skips: Tensor[] = [];
    let y = x;
    for (let l = 0; l < this.depth; l++) {
      if (l > 0) y = F.maxPool2d(y, 2);
      y = this.down[l].forward(y);
      skips.push(y);
    }
    for (let i = 0; i < this.up.length; i++) {
      const skip = skips[this.depth - 2 - i];
      y = this.decode[i].forward(cat([this.up[i].forward(y), skip], 1));
    }
    return this.head.forward(y);
  }
}
