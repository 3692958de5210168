// torch.nn.functional by PyTorch's names (camelCase), each a thin call of one generated ATen wrapper.
import * as aten from "./generated/aten.js";
import { Tensor } from "./tensor.js";

type Pair = number | [number, number];

export const linear = (x: Tensor, weight: Tensor, bias: Tensor | null = null) => aten.linear(x, weight, { bias });

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}
export const conv2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, o: Conv2dOptions = {}) =>
  aten.conv2d(x, weight, { bias, stride: o.stride, padding: o.padding, dilation: o.dilation, groups: o.groups });

export interface ConvTranspose2dOptions extends Conv2dOptions {
  outputPadding?: Pair;
}
export const convTranspose2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, o: ConvTranspose2dOptions = {}) =>
  aten.convTranspose2d(x, weight, { bias, stride: o.stride, padding: o.padding, outputPadding: o.outputPadding, groups: o.groups, dilation: o.dilation });

export const maxPool2d = (x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0) => aten.maxPool2d(x, kernel, { stride, padding });
export const avgPool2d = (x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0) => aten.avgPool2d(x, kernel, { stride, padding });
export const adaptiveAvgPool2d = (x: Tensor, outputSize: Pair) => aten.adaptiveAvgPool2d(x, outputSize);

export interface InterpolateOptions {
  size?: [number, number];
  scaleFactor?: number;
  /** "nearest" is PyTorch's legacy nearest (floor of the scaled index); "nearest-exact" rounds to the nearest centre */
  mode?: "nearest" | "nearest-exact" | "bilinear" | "bicubic";
  alignCorners?: boolean;
}
/** F.interpolate for images [N, C, H, W]. */
export function interpolate(x: Tensor, o: InterpolateOptions): Tensor {
  const size = o.size ?? null;
  const scales = size === null ? [o.scaleFactor ?? 1, o.scaleFactor ?? 1] : null;
  const alignCorners = o.alignCorners ?? false;
  switch (o.mode ?? "nearest") {
    case "nearest":
      return aten.upsampleNearest2d(x, size, scales);
    case "nearest-exact":
      return aten.upsampleNearestExact2d(x, size, scales);
    case "bilinear":
      return aten.upsampleBilinear2d(x, size, alignCorners, scales);
    case "bicubic":
      return aten.upsampleBicubic2d(x, size, alignCorners, scales);
  }
}

export interface GridSampleOptions {
  mode?: aten.GridSampleMode;
  paddingMode?: aten.GridSamplePadding;
  alignCorners?: boolean;
}
/** F.grid_sample: x [N, C, H, W] sampled at grid [N, Ho, Wo, 2] of (x, y) in [-1, 1]; PyTorch's defaults. */
export const gridSample = (x: Tensor, grid: Tensor, o: GridSampleOptions = {}) =>
  aten.gridSampler(x, grid, o.mode ?? "bilinear", o.paddingMode ?? "zeros", o.alignCorners ?? false);

export const batchNorm = (
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  momentum = 0.1,
  eps = 1e-5,
) => aten.batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps, true);

export const groupNorm = (x: Tensor, groups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5) =>
  aten.groupNorm(x, groups, { weight, bias, eps });
export const layerNorm = (x: Tensor, shape: number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5) =>
  aten.layerNorm(x, shape, { weight, bias, eps });
export const dropout = (x: Tensor, p: number, training: boolean) => (training && p > 0 ? aten.dropout(x, p, true) : x);
export const embedding = (indices: Tensor, weight: Tensor) => aten.embedding(weight, indices);

/** aten::lstm over a whole sequence: returns [output, h_n, c_n]. params: per layer w_ih, w_hh, b_ih, b_hh. */
export function lstm(
  x: Tensor,
  hx: [Tensor, Tensor],
  params: Tensor[],
  o: { hasBiases: boolean; numLayers: number; dropout: number; training: boolean; bidirectional: boolean; batchFirst: boolean },
): [Tensor, Tensor, Tensor] {
  return aten.lstm(x, hx, params, o.hasBiases, o.numLayers, o.dropout, o.training, o.bidirectional, o.batchFirst);
}

/** pad lists (left, right, top, bottom, …) from the last dimension backwards, as F.pad. */
export function pad(x: Tensor, padding: number[], mode: "constant" | "reflect" | "replicate" | "circular" = "constant", value = 0): Tensor {
  return mode === "constant" ? aten.constantPadNd(x, padding, { value }) : aten.pad(x, padding, { mode });
}

export const relu = (x: Tensor) => aten.relu(x);
export const sigmoid = (x: Tensor) => aten.sigmoid(x);
export const tanh = (x: Tensor) => aten.tanh(x);
export const leakyRelu = (x: Tensor, slope = 0.01) => aten.leakyRelu(x, { negativeSlope: slope });
export const gelu = (x: Tensor, approximate: "none" | "tanh" = "none") => aten.gelu(x, { approximate });
export const elu = (x: Tensor, alpha = 1) => aten.elu(x, { alpha });
export const softplus = (x: Tensor, beta = 1, threshold = 20) => aten.softplus(x, { beta, threshold });
export const silu = (x: Tensor) => aten.silu(x);
export const pixelShuffle = (x: Tensor, factor: number) => aten.pixelShuffle(x, factor);
