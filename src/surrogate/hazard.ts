// Seed 002's hazard rating from the maxima: HR = d_max·(v_max + 0.5), debris factor 0 (see
// CONVENTIONS.md: its thresholds 0.1 and 0.5 lie below FD2320's 0.5 minimum on any wet cell). A
// product of the two predicted maps, so gradients flow through both.
import { Tensor } from "../torch/index.js";

export function hazardRating(depth: number, velocity: number): number {
  return depth * (velocity + 0.5);
}

export function hazardRatingMap(depth: ArrayLike<number>, velocity: ArrayLike<number>): Float32Array {
  const out = new Float32Array(depth.length);
  for (let i = 0; i < out.length; i++) out[i] = hazardRating(depth[i], velocity[i]);
  return out;
}

/** HR of predictions [N, 2, H, W] (depth, velocity) → [N, 1, H, W]. */
export function hazardRatingTensor(prediction: Tensor): Tensor {
  const d = prediction.narrow(1, 0, 1);
  const v = prediction.narrow(1, 1, 1);
  return d.mul(v.add(0.5));
}
