// Quality-assessment bands decoded per product from their documented bit tables or class codes:
// Landsat Collection-2 QA_PIXEL, Collection-1 pixel_qa and BQA, the pre-collection BQA, CFmask
// classes and the Sentinel-2 scene classification (SCL). Every product decodes to the same flags.

/** Confidence of a two-bit field: 0 not determined, 1 low / "no", 2 medium / "maybe", 3 high / "yes". */
export type Confidence = 0 | 1 | 2 | 3;

export interface QaFlags {
  fill: Uint8Array;
  cloud: Uint8Array;
  shadow: Uint8Array;
  snow: Uint8Array;
  cirrus: Uint8Array;
  water: Uint8Array;
  /** Clear land or water as the product itself says (its clear bit or class); not derived from the other flags. */
  clear: Uint8Array;
}

export const FLAG_NAMES = ["fill", "cloud", "shadow", "snow", "cirrus", "water", "clear"] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

export interface QaOptions {
  /** Lowest confidence at which a two-bit confidence field counts as set (default 3: high / "yes"). */
  minConfidence?: Confidence;
}

interface ProductSpec {
  title: string;
  /** Where the layout is documented. */
  source: string;
  /** Flags this product cannot express at all (for example water in Collection-1 BQA). */
  lacks: FlagName[];
  decode(v: number, o: Required<QaOptions>): Partial<Record<FlagName, boolean>>;
}

/** bits [start, start + length) of v */
export const bits = (v: number, start: number, length = 1): number => (v >>> start) & ((1 << length) - 1);
const conf = (v: number, start: number, min: Confidence) => bits(v, start, 2) >= min;

const PRODUCTS = {
  landsat_c2_qa_pixel: {
    title: "Landsat Collection 2 QA_PIXEL (Level-1 and Level-2, TM/ETM+/OLI)",
    source: "USGS Landsat 8-9 Collection 2 Level 2 Science Product Guide, table 6-3; Landsat 4-7 guide table 6-3",
    lacks: [],
    decode: (v, o) => ({
      fill: bits(v, 0) === 1,
      cloud: bits(v, 3) === 1 || bits(v, 1) === 1,
      cirrus: bits(v, 2) === 1,
      shadow: bits(v, 4) === 1,
      snow: bits(v, 5) === 1,
      clear: bits(v, 6) === 1,
      water: bits(v, 7) === 1,
    }),
  },
  landsat_c1_pixel_qa: {
    title: "Landsat Collection 1 Level-2 pixel_qa (CFmask bits)",
    source: "USGS Landsat 8 Surface Reflectance Code product guide, table 6-3 (pixel_qa)",
    lacks: [],
    decode: (v, o) => ({
      fill: bits(v, 0) === 1,
      clear: bits(v, 1) === 1,
      water: bits(v, 2) === 1,
      shadow: bits(v, 3) === 1,
      snow: bits(v, 4) === 1,
      cloud: bits(v, 5) === 1,
      cirrus: conf(v, 8, o.minConfidence),
    }),
  },
  landsat_c1_bqa: {
    title: "Landsat Collection 1 Level-1 BQA",
    source: "USGS Landsat Collection 1 Level-1 Quality Assessment band (bits 0 fill, 4 cloud, 5-6 cloud, 7-8 shadow, 9-10 snow/ice, 11-12 cirrus confidence)",
    lacks: ["water", "clear"],
    decode: (v, o) => ({
      fill: bits(v, 0) === 1,
      cloud: bits(v, 4) === 1 || conf(v, 5, o.minConfidence),
      shadow: conf(v, 7, o.minConfidence),
      snow: conf(v, 9, o.minConfidence),
      cirrus: conf(v, 11, o.minConfidence),
    }),
  },
  landsat_pre_collection_bqa: {
    title: "Landsat 8 pre-collection BQA (with water confidence)",
    source: "USGS Landsat 8 pre-collection Quality Assessment band (bits 0 fill, 1 dropped frame, 2 terrain occlusion, 4-5 water, 10-11 snow/ice, 12-13 cirrus, 14-15 cloud; 00 not determined, 01 no, 10 maybe, 11 yes)",
    lacks: ["shadow"],
    decode: (v, o) => {
      const determinedNo = (start: number) => bits(v, start, 2) === 1;
      return {
        fill: bits(v, 0) === 1 || bits(v, 1) === 1,
        water: conf(v, 4, o.minConfidence),
        snow: conf(v, 10, o.minConfidence),
        cirrus: conf(v, 12, o.minConfidence),
        cloud: conf(v, 14, o.minConfidence),
        // clear land only where the product determined "no" for water, snow, cirrus and cloud
        clear: bits(v, 0) === 0 && determinedNo(4) && determinedNo(10) && determinedNo(12) && determinedNo(14),
      };
    },
  },
  cfmask: {
    title: "CFmask classes (0 clear land, 1 water, 2 cloud shadow, 3 snow/ice, 4 cloud, 255 fill)",
    source: "LEDAPS/CFmask class band (Zhu & Woodcock 2012; USGS ESPA cfmask band)",
    lacks: ["cirrus"],
    decode: (v) => ({ clear: v === 0 || v === 1, water: v === 1, shadow: v === 2, snow: v === 3, cloud: v === 4, fill: v === 255 || v < 0 || v > 4 }),
  },
  sentinel2_scl: {
    title: "Sentinel-2 Level-2A scene classification (SCL)",
    source: "ESA Sentinel-2 L2A product specification: 0 no data, 1 saturated/defective, 2 dark area, 3 cloud shadow, 4 vegetation, 5 not vegetated, 6 water, 7 unclassified, 8 cloud medium, 9 cloud high, 10 thin cirrus, 11 snow/ice",
    lacks: [],
    decode: (v) => ({
      fill: v === 0 || v === 1 || v > 11,
      shadow: v === 3 || v === 2,
      clear: v === 4 || v === 5 || v === 6,
      water: v === 6,
      cloud: v === 8 || v === 9,
      cirrus: v === 10,
      snow: v === 11,
    }),
  },
} satisfies Record<string, ProductSpec>;

export type QaProduct = keyof typeof PRODUCTS;
export const QA_PRODUCTS = Object.keys(PRODUCTS) as QaProduct[];

export function qaProduct(name: string): QaProduct {
  if (!(name in PRODUCTS)) throw new Error(`unknown QA product '${name}'; known products: ${QA_PRODUCTS.join(", ")}`);
  return name as QaProduct;
}

export function describeProduct(product: QaProduct): { title: string; source: string; lacks: FlagName[] } {
  const p: ProductSpec = PRODUCTS[product];
  return { title: p.title, source: p.source, lacks: [...p.lacks] };
}

/** Values that are no data of the QA band itself (its nodata value, NaN) decode as fill. */
export function decodeQa(product: QaProduct, values: ArrayLike<number>, o: QaOptions & { nodata?: number | null } = {}): QaFlags {
  const spec: ProductSpec = PRODUCTS[product];
  const opts: Required<QaOptions> = { minConfidence: o.minConfidence ?? 3 };
  const n = values.length;
  const out = Object.fromEntries(FLAG_NAMES.map((k) => [k, new Uint8Array(n)])) as unknown as QaFlags;
  // a QA band has few distinct values: decode each once
  const cache = new Map<number, Partial<Record<FlagName, boolean>>>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v) || (o.nodata !== undefined && o.nodata !== null && v === o.nodata)) {
      out.fill[i] = 1;
      continue;
    }
    let d = cache.get(v);
    if (!d) {
      d = spec.decode(v, opts);
      cache.set(v, d);
    }
    for (const k of FLAG_NAMES) if (d[k]) out[k][i] = 1;
  }
  return out;
}

/** Label codes of water masks and label rasters. */
export const LABEL = { land: 0, water: 1, unknown: 255 } as const;

/**
 * Water labels from QA flags, the seed's way: water where the product flags water and no cloud,
 * shadow, snow, cirrus or fill; land where it says clear and not water; unknown elsewhere.
 */
export function qaLabels(product: QaProduct, flags: QaFlags): Uint8Array {
  const { lacks } = describeProduct(product);
  if (lacks.includes("water"))
    throw new Error(`QA product '${product}' (${PRODUCTS[product].title}) has no water flag, so it cannot give water labels; use index labels (labels.source: index) or a product with water bits`);
  const n = flags.fill.length;
  const out = new Uint8Array(n).fill(LABEL.unknown);
  for (let i = 0; i < n; i++) {
    if (flags.fill[i] || flags.cloud[i] || flags.shadow[i] || flags.snow[i] || flags.cirrus[i]) continue;
    if (flags.water[i]) out[i] = LABEL.water;
    else if (flags.clear[i]) out[i] = LABEL.land;
  }
  return out;
}

/** Fraction of pixels with each flag set. */
export function flagFractions(flags: QaFlags): Record<FlagName, number> {
  const n = flags.fill.length;
  return Object.fromEntries(FLAG_NAMES.map((k) => [k, flags[k].reduce((a, b) => a + b, 0) / n])) as Record<FlagName, number>;
}
