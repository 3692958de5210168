// Smooth random fields as sums of plane waves with random directions and phases: wavelengths drawn
// log-uniformly between two bounds, amplitudes following a power law of the wavelength (fractal
// relief when the exponent is positive). Normalised to unit standard deviation over the grid.
import { Rng } from "../../util/random.js";

export interface WaveField {
  /** shortest and longest wavelength, metres */
  minWavelength: number;
  maxWavelength: number;
  /** number of plane waves */
  modes: number;
  /** amplitude ∝ wavelength^exponent (1 ≈ natural terrain, 0 = white over the band) */
  exponent: number;
}

export function waveField(width: number, height: number, cell: number, f: WaveField, rng: Rng): Float64Array {
  const out = new Float64Array(width * height);
  for (let m = 0; m < f.modes; m++) {
    const lambda = rng.logUniform(f.minWavelength, f.maxWavelength);
    const theta = rng.uniform(0, 2 * Math.PI);
    const phase = rng.uniform(0, 2 * Math.PI);
    const amp = lambda ** f.exponent;
    const kx = ((2 * Math.PI) / lambda) * Math.cos(theta) * cell;
    const ky = ((2 * Math.PI) / lambda) * Math.sin(theta) * cell;
    // cos(a + b) = cos a cos b − sin a sin b: one cos/sin per row and per column instead of per cell
    const cx = new Float64Array(width);
    const sx = new Float64Array(width);
    for (let c = 0; c < width; c++) {
      cx[c] = Math.cos(kx * c + phase);
      sx[c] = Math.sin(kx * c + phase);
    }
    for (let r = 0; r < height; r++) {
      const cy = amp * Math.cos(ky * r);
      const sy = amp * Math.sin(ky * r);
      const row = r * width;
      for (let c = 0; c < width; c++) out[row + c] += cx[c] * cy - sx[c] * sy;
    }
  }
  return normalised(out);
}

export function normalised(a: Float64Array): Float64Array {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  const sd = Math.sqrt(s / a.length) || 1;
  for (let i = 0; i < a.length; i++) a[i] = (a[i] - m) / sd;
  return a;
}

/** 0→1 smoothly over [0, 1] (smoothstep), clamped outside. */
export function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}
