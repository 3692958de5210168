// The pixel-based CNN of seed 001: a 7x7xB window in, two class scores for its centre pixel out.
//   conv 3x3 → 16, conv 3x3 → 32, concat the centre 3x3 of the input, conv 3x3 → 64,
//   concat the centre pixel of the input, conv 1x1 → 128, conv 1x1 → 2   (B = 8: 38,514 parameters)
// All convolutions are unpadded ("valid"), so the same network applied to a whole H x W raster gives
// the scores of every pixel with a full 7x7 window at once, as an (H-6) x (W-6) map: the centre crops
// become slices at offsets 2 and 3.
import { cat, F, nn, Tensor } from "../torch/index.js";

export const WINDOW = 7;
export const HALO = (WINDOW - 1) / 2;

export const ACTIVATIONS = ["relu", "tanh", "gelu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface PixelCnnConfig {
  bands: number;
  /** Output channels of conv1, conv2, conv3, conv4 (the seed: 16, 32, 64, 128). */
  widths?: [number, number, number, number];
  activation?: Activation;
}

export const SEED_WIDTHS: [number, number, number, number] = [16, 32, 64, 128];

export class PixelCnn extends nn.Module {
  readonly conv1: nn.Conv2d;
  readonly conv2: nn.Conv2d;
  readonly conv3: nn.Conv2d;
  readonly conv4: nn.Conv2d;
  readonly conv5: nn.Conv2d;
  readonly bands: number;
  readonly widths: [number, number, number, number];
  readonly activation: Activation;

  constructor(c: PixelCnnConfig) {
    super();
    if (!Number.isInteger(c.bands) || c.bands < 1) throw new RangeError(`pixel CNN: bands must be a whole number ≥ 1, got ${c.bands}`);
    const w = (this.widths = c.widths ?? SEED_WIDTHS);
    this.bands = c.bands;
    this.activation = c.activation ?? "relu";
    this.conv1 = this.registerModule("conv1", new nn.Conv2d(c.bands, w[0], 3));
    this.conv2 = this.registerModule("conv2", new nn.Conv2d(w[0], w[1], 3));
    this.conv3 = this.registerModule("conv3", new nn.Conv2d(w[1] + c.bands, w[2], 3));
    this.conv4 = this.registerModule("conv4", new nn.Conv2d(w[2] + c.bands, w[3], 1));
    this.conv5 = this.registerModule("conv5", new nn.Conv2d(w[3], 2, 1));
  }

  private act(x: Tensor): Tensor {
    return this.activation === "relu" ? x.relu() : this.activation === "tanh" ? x.tanh() : F.gelu(x);
  }

  /** x: [N, B, H, W] with H, W ≥ 7 → logits [N, 2, H-6, W-6] (channel 1 = water). */
  forward(x: Tensor): Tensor {
    const [, , H, W] = x.shape;
    if (H < WINDOW || W < WINDOW) throw new RangeError(`pixel CNN: input ${H}x${W} is smaller than the ${WINDOW}x${WINDOW} window`);
    const h1 = this.act(this.conv1.forward(x));
    const h2 = this.act(this.conv2.forward(h1));
    const crop3 = x.slice(2, 2, H - 2).slice(3, 2, W - 2);
    const h3 = this.act(this.conv3.forward(cat([h2, crop3], 1)));
    const centre = x.slice(2, 3, H - 3).slice(3, 3, W - 3);
    const h4 = this.act(this.conv4.forward(cat([h3, centre], 1)));
    return this.conv5.forward(h4);
  }
}

/** The parameter count of the seed's table for B bands and the given widths. */
export function pixelCnnParameterCount(bands: number, widths: [number, number, number, number] = SEED_WIDTHS): number {
  const [a, b, c, d] = widths;
  return (bands * 9 * a + a) + (a * 9 * b + b) + ((b + bands) * 9 * c + c) + ((c + bands) * d + d) + (d * 2 + 2);
}
