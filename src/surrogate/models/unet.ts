// The surrogate U-Net: two or three input channels (terrain, buildings, depression depth: see
// encoding.ts), two non-negative outputs (max depth
// in m, max velocity in m/s) through a softplus, which keeps gradients alive on dry cells.
import { nn, F, noGrad, Tensor } from "../../torch/index.js";

export interface SurrogateArch {
  model: string;
  base: number;
  depth: number;
  norm: "batch" | "group" | "none";
  /** input channels (absent in models from before the depression channel: 2) */
  inputs?: number;
}

export class SurrogateUNet extends nn.Module {
  readonly unet: nn.UNet;
  constructor(readonly arch: SurrogateArch) {
    super();
    this.unet = this.registerModule("unet", new nn.UNet({ inChannels: arch.inputs ?? 2, outChannels: 2, base: arch.base, depth: arch.depth, norm: arch.norm }));
    // start near dry (softplus(−4.6) ≈ 0.01) instead of 0.69 m and 0.69 m/s everywhere
    noGrad(() => this.unet.head.bias?.fill_(-4.6));
  }
  forward(x: Tensor): Tensor {
    return F.softplus(this.unet.forward(x));
  }
  /** height and width must be multiples of this */
  get multiple(): number {
    return 2 ** (this.arch.depth - 1);
  }
}
