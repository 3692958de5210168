// A documented, seeded model that turns a fine DEM into global-DEM-like inputs. Every product made
// this way is SYNTHETIC: no real ALOS, ASTER, NASADEM or SRTM tile is involved.
//
// Steps per variant, in order (magnitudes and their sources in `gdemProfiles`; examples/dem/README.md):
//  1. surface = fine DEM + a fraction of the heights of objects on it (buildings from footprints when
//     given; canopy as seeded patches). The objects are the same for every variant of one world
//     (the same trees are seen by every sensor); radar (C-band) keeps less of the canopy than optics.
//  2. block average to the variant's cell (30 m or 90 m) on a grid whose corner is shifted by a
//     random phase against the fine grid (global grids are not aligned with local ones);
//  3. on the coarse grid: a bias, spatially correlated noise (shared in part between SRTM and
//     NASADEM, which are processed from the same radar data), white noise, striping along a track
//     direction, voids filled by smooth interpolation, ASTER's cloud "pits and bumps";
//  4. rounding to whole metres, as the global products are distributed (Int16 metres);
//  5. bilinear interpolation back onto the fine grid (what `dem stack` does with a real tile).
import { Coarse, Rng, blockAverage, bilinearToFine, correlatedField, gaussianBlur, nearestToFine, normal, rng } from "./fields.js";

export const GDEM_NAMES = ["alos", "aster", "nasadem", "srtm"] as const;
export type GdemName = (typeof GDEM_NAMES)[number];

export interface GdemProfile {
  name: GdemName;
  /** distributed cell size (m) */
  cell: number;
  sensor: "radar" | "optical";
  /** mean and spread (m) of the whole-scene bias, drawn per scene */
  biasMean: number;
  biasStd: number;
  /** correlated noise: standard deviation (m) and correlation length (m) */
  noiseStd: number;
  noiseLength: number;
  /** uncorrelated noise per coarse cell (m) */
  whiteStd: number;
  /** fraction of canopy and of building heights that stay in the surface */
  canopyFraction: number;
  buildingFraction: number;
  /** fraction of the area in voids (filled by smooth interpolation) */
  voidFraction: number;
  /** stripe amplitude (m), period (m) */
  stripeAmplitude: number;
  stripePeriod: number;
  /** fraction of cells under ASTER-like cloud artefacts and their amplitude (m) */
  artefactFraction: number;
  artefactAmplitude: number;
  /** this variant's own seed, combined with the scene seed */
  seed: number;
}

// Error budgets per product, scaled to the mean absolute errors against lidar that Carrera-Hernández
// (2021, Remote Sens. Environ. 261, 112474) reports over 350 million cells in Mexico: AW3D30 2.5 m,
// NASADEM 3.1 m, SRTM 3.8 m, ASTER GDEM3 6.0 m (the same ranking as Uuemaa et al. 2020, Remote Sens.
// 12, 3482, over six global DEMs). The terms below sum to roughly those MAEs on moderate terrain
// with canopy; the block averaging adds the loss of detail on top.
export const gdemProfiles: Record<GdemName, GdemProfile> = {
  alos: { name: "alos", cell: 30, sensor: "optical", biasMean: 0.3, biasStd: 0.6, noiseStd: 1.8, noiseLength: 150, whiteStd: 0.8, canopyFraction: 0.8, buildingFraction: 0.6, voidFraction: 0.002, stripeAmplitude: 0, stripePeriod: 1000, artefactFraction: 0, artefactAmplitude: 0, seed: 1 },
  aster: { name: "aster", cell: 30, sensor: "optical", biasMean: -1.0, biasStd: 1.5, noiseStd: 3.5, noiseLength: 120, whiteStd: 2.0, canopyFraction: 0.75, buildingFraction: 0.5, voidFraction: 0.01, stripeAmplitude: 1.0, stripePeriod: 1500, artefactFraction: 0.01, artefactAmplitude: 12, seed: 2 },
  nasadem: { name: "nasadem", cell: 30, sensor: "radar", biasMean: 0.5, biasStd: 0.7, noiseStd: 2.2, noiseLength: 250, whiteStd: 1.0, canopyFraction: 0.5, buildingFraction: 0.5, voidFraction: 0.003, stripeAmplitude: 0.5, stripePeriod: 900, artefactFraction: 0, artefactAmplitude: 0, seed: 3 },
  srtm: { name: "srtm", cell: 90, sensor: "radar", biasMean: 1.0, biasStd: 1.0, noiseStd: 2.8, noiseLength: 300, whiteStd: 1.5, canopyFraction: 0.5, buildingFraction: 0.5, voidFraction: 0.005, stripeAmplitude: 1.0, stripePeriod: 900, artefactFraction: 0, artefactAmplitude: 0, seed: 4 },
};

export interface SceneOptions {
  seed: number;
  /** fine cell size (m) */
  cell: number;
  /** heights of buildings above ground on the fine grid (0 where none), e.g. rasterized footprints */
  buildings?: Float32Array;
  /** share of the area under canopy (0 for none) and the canopy height range (m) */
  canopyCover?: number;
  canopyHeight?: [number, number];
  /**
   * Varies every error magnitude of the scene by a factor drawn from [1 − jitter, 1 + jitter] (0: the
   * nominal profiles). Training uses it so the model meets many degradations, not one.
   */
  jitter?: number;
  /**
   * With jitter > 0, also vary the form of the degradation per product: a Gaussian point-spread
   * before the block averaging (σ up to half a coarse cell), the correlation length × 0.5–2, a
   * product left unrounded (30 %), and the interpolation back to the fine grid nearest-neighbour
   * instead of bilinear (15 %). Training meets a family of degradations, not one.
   */
}

export interface DegradedVariant {
  name: GdemName;
  coarse: Coarse;
  /** the coarse product interpolated back to the fine grid */
  fine: Float32Array;
}

/** A seed for a (scene, variant) pair that differs for every pair. */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  return h >>> 0;
}

function canopyField(width: number, height: number, cell: number, cover: number, range: [number, number], rand: Rng): Float32Array {
  const out = new Float32Array(width * height);
  if (!(cover > 0)) return out;
  // patches of about 40 m, heights varying smoothly over about 60 m
  const patch = correlatedField(width, height, 40 / cell, rand);
  const tall = correlatedField(width, height, 60 / cell, rand);
  const sorted = Float32Array.from(patch).sort();
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor((1 - cover) * sorted.length))];
  for (let i = 0; i < out.length; i++) {
    if (patch[i] <= threshold) continue;
    const t = Math.min(1, Math.max(0, 0.5 + tall[i] / 4));
    out[i] = range[0] + t * (range[1] - range[0]);
  }
  // crowns are rounded: soften the patch edges over one cell
  return gaussianBlur(out, width, height, Math.max(0.5, 5 / cell));
}

/** Voids (seeded patches) set to NaN, then filled from their surroundings by a wide blur. */
function fillVoids(c: Coarse, fraction: number, rand: Rng): void {
  if (!(fraction > 0)) return;
  const f = correlatedField(c.width, c.height, 1.5, rand);
  const sorted = Float32Array.from(f).sort();
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor((1 - fraction) * sorted.length))];
  const holed = Float32Array.from(c.data, (v, i) => (f[i] > threshold ? NaN : v));
  const filled = gaussianBlur(holed, c.width, c.height, 4);
  for (let i = 0; i < holed.length; i++) if (Number.isNaN(holed[i]) && !Number.isNaN(c.data[i])) c.data[i] = filled[i];
}

/**
 * Degrades a fine DEM (NaN = nodata) into one synthetic product per profile. Same inputs and seed,
 * same outputs.
 */
export function degradeScene(fine: Float32Array, width: number, height: number, profiles: GdemProfile[], o: SceneOptions): DegradedVariant[] {
  const world = rng(mixSeed(o.seed, 0));
  const jitter = o.jitter ?? 0;
  const vary = (r: Rng) => 1 + jitter * (2 * r() - 1);
  const canopy = canopyField(width, height, o.cell, o.canopyCover ?? 0, o.canopyHeight ?? [4, 15], world);
  // SRTM and NASADEM come from the same radar acquisitions: part of their noise is common
  const radarCommonSeed = mixSeed(o.seed, 99);
  const stripeAngle = world() * Math.PI;
  return profiles.map((p) => {
    const r = rng(mixSeed(o.seed, p.seed));
    const k = vary(r);
    const surface = new Float32Array(fine.length);
    for (let i = 0; i < fine.length; i++) surface[i] = fine[i] + p.canopyFraction * vary(r) * canopy[i] + (o.buildings ? p.buildingFraction * o.buildings[i] : 0);
    const factor = Math.max(1, Math.round(p.cell / o.cell));
    // the form of the degradation (drawn from a stream of its own so that the nominal products stay as they were)
    const form = rng(mixSeed(o.seed, p.seed + 1000));
    const varied = jitter > 0;
    const psf = varied ? form() * 0.5 * factor : 0;
    const lengthFactor = varied ? Math.exp(Math.log(0.5) + Math.log(4) * form()) : 1;
    const rounded = !varied || form() >= 0.3;
    const nearest = varied && form() < 0.15;
    const c = blockAverage(psf > 0.3 ? gaussianBlur(surface, width, height, psf) : surface, width, height, factor, Math.floor(r() * factor), Math.floor(r() * factor));
    const n = c.width * c.height;
    const corrCells = (lengthFactor * p.noiseLength) / (factor * o.cell);
    const own = correlatedField(c.width, c.height, corrCells, r);
    const common = p.sensor === "radar" ? correlatedField(c.width, c.height, corrCells, rng(radarCommonSeed)) : null;
    const bias = p.biasMean * vary(r) + p.biasStd * normal(r);
    const cellM = factor * o.cell;
    const dirX = Math.cos(stripeAngle + (p.sensor === "optical" ? 0.3 : 0));
    const dirY = Math.sin(stripeAngle + (p.sensor === "optical" ? 0.3 : 0));
    const phase = r() * 2 * Math.PI;
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) {
        const i = y * c.width + x;
        if (Number.isNaN(c.data[i])) continue;
        const noise = common ? Math.sqrt(0.5) * (own[i] + common[i]) : own[i];
        const stripe = p.stripeAmplitude * Math.sin(((x * dirX + y * dirY) * cellM * 2 * Math.PI) / p.stripePeriod + phase);
        c.data[i] += bias + k * (p.noiseStd * noise + p.whiteStd * normal(r) + stripe);
      }
    fillVoids(c, p.voidFraction * vary(r), r);
    if (p.artefactFraction > 0) {
      const blobs = correlatedField(c.width, c.height, 1.2, r);
      const sign = correlatedField(c.width, c.height, 3, r);
      const sorted = Float32Array.from(blobs).sort();
      const threshold = sorted[Math.min(n - 1, Math.floor((1 - p.artefactFraction * vary(r)) * n))];
      for (let i = 0; i < n; i++) if (blobs[i] > threshold && !Number.isNaN(c.data[i])) c.data[i] += Math.sign(sign[i]) * p.artefactAmplitude * k * Math.min(1, blobs[i] - threshold + 0.3);
    }
    if (rounded) for (let i = 0; i < n; i++) c.data[i] = Math.round(c.data[i]);
    const back = nearest ? nearestToFine(c, width, height) : bilinearToFine(c, width, height);
    for (let i = 0; i < back.length; i++) if (Number.isNaN(fine[i])) back[i] = NaN;
    return { name: p.name, coarse: c, fine: back };
  });
}
