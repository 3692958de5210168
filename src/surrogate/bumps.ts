// The seed's "artificial bumps": a smooth grey-scale field made of a few trigonometric functions of
// the cell coordinates, added to the ground to make terrain variants of a training patch
// (z' = z + Σ_k a_k · sin(2π(x cos θ_k + y sin θ_k)/λ_k + φ_k), optionally times a second wave).
import { Rng } from "../util/random.js";

export interface BumpOptions {
  /** total amplitude range (m): the field's largest |value| is drawn from it */
  amplitude_m: [number, number];
  terms: [number, number];
  wavelength_m: [number, number];
}

export const defaultBumps: BumpOptions = { amplitude_m: [0.2, 1.5], terms: [2, 5], wavelength_m: [20, 300] };

export function bumpField(width: number, height: number, cell: number, o: BumpOptions, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float64Array(width * height);
  const k = rng.int(o.terms[0], o.terms[1]);
  for (let t = 0; t < k; t++) {
    const lambda = rng.logUniform(o.wavelength_m[0], o.wavelength_m[1]);
    const theta = rng.uniform(0, 2 * Math.PI);
    const phase = rng.uniform(0, 2 * Math.PI);
    const weight = rng.uniform(0.3, 1);
    // every other term is a product of two waves (crossed ridges and hollows), as sin(u)·cos(v)
    const product = rng.chance(0.5);
    const lambda2 = rng.logUniform(o.wavelength_m[0], o.wavelength_m[1]);
    const theta2 = theta + Math.PI / 2 + rng.uniform(-0.5, 0.5);
    const phase2 = rng.uniform(0, 2 * Math.PI);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const x = (c + 0.5) * cell, y = (r + 0.5) * cell;
        let v = Math.sin((2 * Math.PI * (x * Math.cos(theta) + y * Math.sin(theta))) / lambda + phase);
        if (product) v *= Math.cos((2 * Math.PI * (x * Math.cos(theta2) + y * Math.sin(theta2))) / lambda2 + phase2);
        out[r * width + c] += weight * v;
      }
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const amp = rng.uniform(o.amplitude_m[0], o.amplitude_m[1]);
  return Float32Array.from(out, (v) => (peak > 0 ? (v / peak) * amp : 0));
}
