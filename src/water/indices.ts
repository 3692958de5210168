// Water indices on reflectance: NDWI (McFeeters 1996), MNDWI (Xu 2006) and AWEI without and with
// shadow (Feyisa et al. 2014). They make the noisy first labels of a scene without QA band and the
// threshold baselines of the evaluation.
import { Raster } from "../geo/raster.js";
import { IndexName, IndexRole, WaterConfig, indexRoles } from "./config.js";
import { LABEL } from "./qa.js";

export const INDEX_FORMULAS: Record<IndexName, string> = {
  ndwi: "(green − nir) / (green + nir)",
  mndwi: "(green − swir1) / (green + swir1)",
  awei_nsh: "4 (green − swir1) − (0.25 nir + 2.75 swir2)",
  awei_sh: "blue + 2.5 green − 1.5 (nir + swir1) − 0.25 swir2",
};

type Reflectance = Partial<Record<IndexRole, Float32Array>>;

function reflectance(cfg: WaterConfig, raster: Raster, roles: IndexRole[], what: string): Reflectance {
  const out: Reflectance = {};
  for (const role of roles) {
    const name = cfg.index_bands[role];
    if (!name) throw new Error(`${what} needs index_bands.${role} in the config`);
    const band = raster.bands.find((b) => b.name === name);
    if (!band) throw new Error(`${what}: band '${name}' (${role}) is not in the scene`);
    out[role] = Float32Array.from(band.data, (v) => v * cfg.reflectance_scale + cfg.reflectance_offset);
  }
  return out;
}

/** The index per pixel (NaN where an input is missing or a ratio's denominator is 0). */
export function waterIndex(kind: IndexName, cfg: WaterConfig, raster: Raster): Float32Array {
  const r = reflectance(cfg, raster, indexRoles[kind], kind.toUpperCase());
  const n = raster.width * raster.height;
  const out = new Float32Array(n);
  const nd = (a: number, b: number) => (a + b === 0 ? NaN : (a - b) / (a + b));
  for (let i = 0; i < n; i++) {
    const g = r.green?.[i] ?? NaN;
    switch (kind) {
      case "ndwi":
        out[i] = nd(g, (r.nir as Float32Array)[i]);
        break;
      case "mndwi":
        out[i] = nd(g, (r.swir1 as Float32Array)[i]);
        break;
      case "awei_nsh":
        out[i] = 4 * (g - (r.swir1 as Float32Array)[i]) - (0.25 * (r.nir as Float32Array)[i] + 2.75 * (r.swir2 as Float32Array)[i]);
        break;
      case "awei_sh":
        out[i] = (r.blue as Float32Array)[i] + 2.5 * g - 1.5 * ((r.nir as Float32Array)[i] + (r.swir1 as Float32Array)[i]) - 0.25 * (r.swir2 as Float32Array)[i];
        break;
    }
  }
  return out;
}

/** Whether the config's index bands allow this index. */
export function canCompute(kind: IndexName, cfg: WaterConfig): boolean {
  return indexRoles[kind].every((r) => cfg.index_bands[r] !== undefined);
}

/** Water where every water threshold is exceeded, land where every land threshold is undercut, unknown elsewhere. */
export function indexLabels(cfg: WaterConfig, raster: Raster, water: Partial<Record<IndexName, number>>, land: Partial<Record<IndexName, number>>): Uint8Array {
  const kinds = [...new Set([...Object.keys(water), ...Object.keys(land)])] as IndexName[];
  const values = new Map(kinds.map((k) => [k, waterIndex(k, cfg, raster)]));
  const n = raster.width * raster.height;
  const out = new Uint8Array(n).fill(LABEL.unknown);
  for (let i = 0; i < n; i++) {
    let isWater = true;
    let isLand = true;
    for (const k of kinds) {
      const v = (values.get(k) as Float32Array)[i];
      if (Number.isNaN(v)) {
        isWater = isLand = false;
        break;
      }
      if (water[k] !== undefined && !(v > (water[k] as number))) isWater = false;
      if (land[k] !== undefined && !(v < (land[k] as number))) isLand = false;
    }
    if (isWater && Object.keys(water).length) out[i] = LABEL.water;
    else if (isLand && Object.keys(land).length) out[i] = LABEL.land;
  }
  return out;
}
