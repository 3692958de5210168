// torch.nn.functional by PyTorch's names (camelCase), each a thin call of one ATen operator.
import { rawOp } from "./dispatch.js";
import { T, Tensor } from "./tensor.js";

type Pair = number | [number, number];

const op = {
  linear: rawOp("aten::linear"),
  conv2d: rawOp("aten::conv2d"),
  convTranspose2d: rawOp("aten::conv_transpose2d", "input"),
  maxPool2d: rawOp("aten::max_pool2d"),
  avgPool2d: rawOp("aten::avg_pool2d"),
  adaptiveAvgPool2d: rawOp("aten::adaptive_avg_pool2d"),
  upsampleNearest2d: rawOp("aten::upsample_nearest2d", "vec"),
  upsampleBilinear2d: rawOp("aten::upsample_bilinear2d", "vec"),
  batchNorm: rawOp("aten::batch_norm"),
  groupNorm: rawOp("aten::group_norm"),
  layerNorm: rawOp("aten::layer_norm"),
  dropout: rawOp("aten::dropout"),
  embedding: rawOp("aten::embedding"),
  lstm: rawOp("aten::lstm", "input"),
  constantPad: rawOp("aten::constant_pad_nd"),
  reflectionPad2d: rawOp("aten::reflection_pad2d"),
  replicationPad2d: rawOp("aten::replication_pad2d"),
  leakyRelu: rawOp("aten::leaky_relu"),
  gelu: rawOp("aten::gelu"),
  elu: rawOp("aten::elu"),
  softplus: rawOp("aten::softplus"),
  silu: rawOp("aten::silu"),
  relu: rawOp("aten::relu"),
  sigmoid: rawOp("aten::sigmoid"),
  tanh: rawOp("aten::tanh"),
  pixelShuffle: rawOp("aten::pixel_shuffle"),
};

export const linear = (x: Tensor, weight: Tensor, bias: Tensor | null = null) => T(op.linear([x.id, weight.id, bias?.id ?? null]));

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}
export const conv2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, o: Conv2dOptions = {}) =>
  T(op.conv2d([x.id, weight.id, bias?.id ?? null, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, o.groups ?? 1]));

export interface ConvTranspose2dOptions extends Conv2dOptions {
  outputPadding?: Pair;
}
export const convTranspose2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, o: ConvTranspose2dOptions = {}) =>
  T(op.convTranspose2d([x.id, weight.id, bias?.id ?? null, o.stride ?? 1, o.padding ?? 0, o.outputPadding ?? 0, o.groups ?? 1, o.dilation ?? 1]));

export const maxPool2d = (x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0) =>
  T(op.maxPool2d([x.id, kernel, stride, padding, 1, false]));
export const avgPool2d = (x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0) =>
  T(op.avgPool2d([x.id, kernel, stride, padding, false, true, null]));
export const adaptiveAvgPool2d = (x: Tensor, outputSize: Pair) => T(op.adaptiveAvgPool2d([x.id, outputSize]));

export interface InterpolateOptions {
  size?: [number, number];
  scaleFactor?: number;
  mode?: "nearest" | "bilinear";
  alignCorners?: boolean;
}
export function interpolate(x: Tensor, o: InterpolateOptions): Tensor {
  const size = o.size ?? null;
  const scales = size === null ? [o.scaleFactor ?? 1, o.scaleFactor ?? 1] : null;
  if ((o.mode ?? "nearest") === "nearest") return T(op.upsampleNearest2d([x.id, size, scales]));
  return T(op.upsampleBilinear2d([x.id, size, o.alignCorners ?? false, scales]));
}

export const batchNorm = (
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  momentum = 0.1,
  eps = 1e-5,
) => T(op.batchNorm([x.id, weight?.id ?? null, bias?.id ?? null, runningMean?.id ?? null, runningVar?.id ?? null, training, momentum, eps, true]));

export const groupNorm = (x: Tensor, groups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5) =>
  T(op.groupNorm([x.id, groups, weight?.id ?? null, bias?.id ?? null, eps, true]));
export const layerNorm = (x: Tensor, shape: number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5) =>
  T(op.layerNorm([x.id, shape, weight?.id ?? null, bias?.id ?? null, eps, true]));
export const dropout = (x: Tensor, p: number, training: boolean) => (training && p > 0 ? T(op.dropout([x.id, p, true])) : x);
export const embedding = (indices: Tensor, weight: Tensor) => T(op.embedding([weight.id, indices.id, -1, false, false]));

/** aten::lstm over a whole sequence: returns [output, h_n, c_n]. params: per layer w_ih, w_hh, b_ih, b_hh. */
export function lstm(
  x: Tensor,
  hx: [Tensor, Tensor],
  params: Tensor[],
  o: { hasBiases: boolean; numLayers: number; dropout: number; training: boolean; bidirectional: boolean; batchFirst: boolean },
): [Tensor, Tensor, Tensor] {
  const r = op.lstm([x.id, [hx[0].id, hx[1].id], params.map((p) => p.id), o.hasBiases, o.numLayers, o.dropout, o.training, o.bidirectional, o.batchFirst]) as number[];
  return [T(r[0]), T(r[1]), T(r[2])];
}

/** pad lists (left, right, top, bottom, …) from the last dimension backwards, as F.pad. */
export function pad(x: Tensor, padding: number[], mode: "constant" | "reflect" | "replicate" = "constant", value = 0): Tensor {
  if (mode === "constant") return T(op.constantPad([x.id, padding, value]));
  if (mode === "reflect") return T(op.reflectionPad2d([x.id, padding]));
  return T(op.replicationPad2d([x.id, padding]));
}

export const relu = (x: Tensor) => T(op.relu([x.id]));
export const sigmoid = (x: Tensor) => T(op.sigmoid([x.id]));
export const tanh = (x: Tensor) => T(op.tanh([x.id]));
export const leakyRelu = (x: Tensor, slope = 0.01) => T(op.leakyRelu([x.id, slope]));
export const gelu = (x: Tensor, approximate: "none" | "tanh" = "none") => T(op.gelu([x.id, approximate]));
export const elu = (x: Tensor, alpha = 1) => T(op.elu([x.id, alpha, 1, 1]));
export const softplus = (x: Tensor, beta = 1, threshold = 20) => T(op.softplus([x.id, beta, threshold]));
export const silu = (x: Tensor) => T(op.silu([x.id]));
export const pixelShuffle = (x: Tensor, factor: number) => T(op.pixelShuffle([x.id, factor]));
