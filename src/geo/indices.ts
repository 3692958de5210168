// Normalized-difference spectral indices on co-registered bands; NaN where an input is missing
// or both are zero.
import { Band, isValid } from "./raster.js";

export type SpectralIndex = "ndvi" | "ndwi" | "mndwi" | "ndbi";

/** Which bands each index takes, as (a − b) / (a + b). */
export const indexBands: Record<SpectralIndex, [string, string]> = {
  ndvi: ["nir", "red"], // Rouse et al. 1974
  ndwi: ["green", "nir"], // McFeeters 1996
  mndwi: ["green", "swir1"], // Xu 2006
  ndbi: ["swir1", "nir"], // Zha et al. 2003
};

export function normalizedDifference(a: Band, b: Band, name: string): Band {
  if (a.data.length !== b.data.length) throw new Error(`${name}: bands '${a.name}' and '${b.name}' have different sizes`);
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    const sum = x + y;
    out[i] = isValid(x, a.nodata) && isValid(y, b.nodata) && sum !== 0 ? (x - y) / sum : NaN;
  }
  return { name, type: "Float32", nodata: NaN, data: out };
}

/** bands: the named inputs the index needs (e.g. { nir: B08, red: B04 }). */
export function spectralIndex(kind: SpectralIndex, bands: Partial<Record<"red" | "green" | "nir" | "swir1", Band>>): Band {
  const [an, bn] = indexBands[kind];
  const a = bands[an as keyof typeof bands];
  const b = bands[bn as keyof typeof bands];
  if (!a || !b) throw new Error(`${kind.toUpperCase()} needs the ${an} and ${bn} bands`);
  return normalizedDifference(a, b, kind);
}
