// The surrogate as a differentiable function of the ground elevations and the building channel of a
// whole raster: the encoding of seed 002 in tensors (c·(z − mean z), buildings), padded by repetition
// to the network's multiple, and HR = d(v + 0.5). The network is frozen: gradients go to the inputs.
// A model with the depression channel gets fill − surface on the whole raster, the fill taken as the
// surface at each cell's spill cell (priority flood of the current surface): its gradient is −1 in a
// depression and +1 per cell it holds at the spill cell, so lowering a rim drains the pond behind it.
import { cat, F, tensor, Tensor } from "../torch/index.js";
import { SurrogateModel } from "../surrogate/model-file.js";
import { priorityFloodSpill } from "../surrogate/baseline.js";

export interface DesignField {
  width: number;
  height: number;
  /** cells outside the DEM (nodata): walls, never changed */
  blocked: Uint8Array;
}

export class DifferentiableSurrogate {
  private readonly padW: number;
  private readonly padH: number;
  private readonly validMask: Tensor;
  private readonly validCount: number;
  private readonly device: string;

  constructor(readonly model: SurrogateModel, readonly field: DesignField, device = "cpu") {
    model.net.freeze();
    const m = 2 ** (model.meta.arch.depth - 1);
    const P = model.meta.scenario.patch_size;
    this.padW = Math.max(P, Math.ceil(field.width / m) * m) - field.width;
    this.padH = Math.max(P, Math.ceil(field.height / m) * m) - field.height;
    this.device = device;
    const valid = Float32Array.from(field.blocked, (b) => (b ? 0 : 1));
    this.validCount = valid.reduce((a, b) => a + b, 0);
    this.validMask = tensor(valid, [1, 1, field.height, field.width], { device });
  }

  /** A [1, 1, H, W] tensor of the raster's values on the device. */
  input(values: ArrayLike<number>, requiresGrad = false): Tensor {
    const t = tensor(Float32Array.from(values), [1, 1, this.field.height, this.field.width], { device: this.device });
    return requiresGrad ? t.requiresGrad_() : t;
  }

  /** Each cell's spill cell in the priority-flood fill of a surface (blocked cells walls), as an int64 index. */
  private spillIndex(surface: Float32Array): Tensor {
    const { spill } = priorityFloodSpill(Float64Array.from(surface), this.field.width, this.field.height, this.field.blocked);
    return tensor(spill, [spill.length], { dtype: "int64", device: this.device });
  }

  /** The network's input [1, C, H, W] (before padding): what encodePatch gives for one patch, as tensors. */
  encode(z: Tensor, b: Tensor): Tensor {
    const c = this.model.meta.encoding.c;
    const mean = z.mul(this.validMask).sum().div(this.validCount);
    const terrain = z.sub(mean).mul(c).mul(this.validMask);
    const buildings = b.mul(this.validMask).add(this.validMask.rsub(1));
    const channels = [terrain, buildings];
    const dep = this.model.meta.encoding.depression;
    if (dep) {
      const surface = z.add(b.mul(dep.building_height_m));
      const spill = this.spillIndex(surface.detach().to("cpu").data() as Float32Array);
      const filled = surface.reshape(-1).indexSelect(0, spill).reshape(1, 1, this.field.height, this.field.width);
      channels.push(filled.sub(surface).mul(this.validMask));
    }
    return cat(channels, 1);
  }

  /** depth, velocity and HR [1, 1, H, W] for ground z (blocked cells hold any finite value) and building channel b ∈ [0, 1]. */
  forward(z: Tensor, b: Tensor): { depth: Tensor; velocity: Tensor; hr: Tensor } {
    let x = this.encode(z, b);
    if (this.padW || this.padH) x = F.pad(x, [0, this.padW, 0, this.padH], "replicate");
    let y = this.model.net.forward(x);
    if (this.padW || this.padH) y = y.narrow(2, 0, this.field.height).narrow(3, 0, this.field.width);
    const depth = y.narrow(1, 0, 1);
    const velocity = y.narrow(1, 1, 1);
    return { depth, velocity, hr: depth.mul(velocity.add(0.5)) };
  }
}
