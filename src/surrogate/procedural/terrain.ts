// Procedural ground (bare earth, buildings not included) for an urban patch: a regional slope,
// multi-scale relief, sometimes a valley or an embankment step, closed depressions and fine
// roughness. Magnitudes follow what 1–2 m lidar DEMs of towns show: slopes of a few per cent, relief
// of metres over hundreds of metres, hollows decimetres to a metre deep, centimetre roughness.
import { Rng } from "../../util/random.js";
import { smoothstep, waveField } from "./noise.js";

export interface TerrainParams {
  slope: number;
  slopeDirection: number;
  reliefM: number;
  valley: { depthM: number; widthM: number } | null;
  step: { heightM: number } | null;
  depressions: number;
  roughnessM: number;
}

export function drawTerrainParams(rng: Rng): TerrainParams {
  return {
    // mostly gentle (0.3–3 %), a fifth of patches hillside towns (up to 12 %)
    slope: rng.chance(0.2) ? rng.uniform(0.03, 0.12) : rng.logUniform(0.002, 0.03),
    slopeDirection: rng.uniform(0, 2 * Math.PI),
    reliefM: rng.logUniform(0.3, 6),
    valley: rng.chance(0.35) ? { depthM: rng.uniform(0.5, 4), widthM: rng.uniform(12, 70) } : null,
    step: rng.chance(0.2) ? { heightM: rng.uniform(0.3, 2.5) } : null,
    depressions: rng.poisson(2.5),
    roughnessM: rng.logUniform(0.01, 0.12),
  };
}

/** Distance from each cell to a meandering line across the patch, and the side of the line. */
function meanderDistance(width: number, height: number, cell: number, rng: Rng): Float64Array {
  const L = Math.max(width, height) * cell;
  const theta = rng.uniform(0, Math.PI);
  const ux = Math.cos(theta), uy = Math.sin(theta);
  const cx = (width * cell) / 2 + rng.uniform(-0.3, 0.3) * L;
  const cy = (height * cell) / 2 + rng.uniform(-0.3, 0.3) * L;
  const amp = rng.uniform(0, 0.15) * L;
  const wl = rng.uniform(0.6, 1.5) * L;
  const ph = rng.uniform(0, 2 * Math.PI);
  const d = new Float64Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const x = (c + 0.5) * cell - cx, y = (r + 0.5) * cell - cy;
      const along = x * ux + y * uy;
      const across = -x * uy + y * ux;
      d[r * width + c] = across - amp * Math.sin((2 * Math.PI * along) / wl + ph);
    }
  return d;
}

export function generateTerrain(width: number, height: number, cell: number, p: TerrainParams, rng: Rng): Float64Array {
  const n = width * height;
  const z = new Float64Array(n);
  const gx = p.slope * Math.cos(p.slopeDirection), gy = p.slope * Math.sin(p.slopeDirection);
  const relief = waveField(width, height, cell, { minWavelength: 40, maxWavelength: 1200, modes: 48, exponent: 1 }, rng);
  const rough = waveField(width, height, cell, { minWavelength: 2 * cell, maxWavelength: 30, modes: 96, exponent: 0.5 }, rng);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      z[i] = gx * c * cell + gy * r * cell + p.reliefM * relief[i] * 0.5 + p.roughnessM * rough[i];
    }
  if (p.valley) {
    const d = meanderDistance(width, height, cell, rng);
    const s = p.valley.widthM / 2;
    for (let i = 0; i < n; i++) z[i] -= p.valley.depthM * Math.exp(-(d[i] * d[i]) / (2 * s * s));
  }
  if (p.step) {
    // an embankment or terrace edge: a smooth rise of heightM over a few metres along a meandering line
    const d = meanderDistance(width, height, cell, rng);
    const w = rng.uniform(2, 8);
    for (let i = 0; i < n; i++) z[i] += p.step.heightM * smoothstep(d[i] / w + 0.5);
  }
  for (let k = 0; k < p.depressions; k++) {
    const x0 = rng.uniform(0, width * cell), y0 = rng.uniform(0, height * cell);
    const radius = rng.uniform(5, 30);
    const depth = rng.logUniform(0.1, 1.5);
    const rr = 2 * radius;
    for (let r = Math.max(0, Math.floor((y0 - rr) / cell)); r < Math.min(height, Math.ceil((y0 + rr) / cell)); r++)
      for (let c = Math.max(0, Math.floor((x0 - rr) / cell)); c < Math.min(width, Math.ceil((x0 + rr) / cell)); c++) {
        const q = (((c + 0.5) * cell - x0) ** 2 + ((r + 0.5) * cell - y0) ** 2) / (radius * radius);
        z[r * width + c] -= depth * Math.exp(-q);
      }
  }
  return z;
}
