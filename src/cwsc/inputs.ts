// The input grids of the network, as named channels on the 0.5° lattice: the 19 bioclim
// variables, Xanthos' mean annual runoff (UNH/GRDC composite) and DRT flow distance, annual
// Thornthwaite PET and the aridity index PET/P derived from bioclim, and any GeoTIFF on the
// lattice. Skewed quantities enter as log(1 + x). Cells off the bioclim land mask are not land.
// FAO maximum soil moisture is the comparison grid of `cwsc predict`, so it is never an input.
import { readRaster } from "../geo/io.js";
import { Bioclim, readBioclim, readXanthos, XanthosGrids } from "./data/grids.js";
import { LATTICE_CELLS, bandOnLattice, cellLat } from "./data/lattice.js";
import { petClimatology } from "./data/pet.js";

export const BIOCLIM_NAMES = Array.from({ length: 19 }, (_, i) => `bio${i + 1}`);
export const DERIVED_NAMES = ["runoff", "flow_distance", "pet", "aridity"] as const;
/** Channels log-transformed by default: precipitation totals, runoff, distance, PET, aridity. */
export const DEFAULT_LOG = ["bio12", "bio13", "bio14", "bio16", "bio17", "bio18", "bio19", "runoff", "flow_distance", "pet", "aridity"];
/** Grids that may not be inputs because they validate the map. */
export const COMPARISON_GRIDS = ["soil_moisture"];

export interface ExtraGrid {
  name: string;
  path: string;
  band: number;
}

export interface InputSpec {
  bioclim: string;
  xanthos?: string;
  channels: string[];
  extra: ExtraGrid[];
  log: string[];
}

export interface InputStack {
  names: string[];
  /** per channel, on the lattice, transformed (log where asked), NaN where missing */
  values: Float32Array[];
  /** 1 on land cells (where bioclim has values) */
  land: Uint8Array;
}

/** Checks the channel list against what the sources provide; one line per problem. */
export function checkInputSpec(spec: InputSpec, source: string): void {
  const known = new Set<string>([...BIOCLIM_NAMES, ...DERIVED_NAMES, ...spec.extra.map((e) => e.name)]);
  for (const c of spec.channels) {
    if (COMPARISON_GRIDS.includes(c))
      throw new Error(`${source}: key 'inputs.channels': '${c}' (Xanthos FAO maximum soil moisture) is the grid the map is validated against; it cannot also be an input`);
    if (!known.has(c)) throw new Error(`${source}: key 'inputs.channels': unknown grid '${c}'; known are ${[...known].join(", ")}`);
    if ((c === "runoff" || c === "flow_distance") && !spec.xanthos) throw new Error(`${source}: key 'inputs.xanthos': channel '${c}' needs the Xanthos grids folder`);
  }
  const dup = spec.channels.find((c, i) => spec.channels.indexOf(c) !== i);
  if (dup) throw new Error(`${source}: key 'inputs.channels': '${dup}' is listed twice`);
  for (const e of spec.extra) if (COMPARISON_GRIDS.includes(e.name)) throw new Error(`${source}: key 'inputs.extra': '${e.name}' is the comparison grid; it cannot be an input`);
  for (const l of spec.log) if (!spec.channels.includes(l)) throw new Error(`${source}: key 'inputs.log': '${l}' is not among the channels`);
}

export function buildInputs(spec: InputSpec): InputStack {
  const bio = readBioclim(spec.bioclim);
  let xanthos: XanthosGrids | null = null;
  const getXanthos = () => (xanthos ??= readXanthos(spec.xanthos as string));
  const land = Uint8Array.from(bio.bands[0], (v) => (Number.isFinite(v) ? 1 : 0));
  let pet: Float32Array | null = null;
  const annualPet = () => (pet ??= thornthwaiteAnnual(bio));
  const values = spec.channels.map((name): Float32Array => {
    let v: Float32Array;
    if (BIOCLIM_NAMES.includes(name)) v = bio.bands[BIOCLIM_NAMES.indexOf(name)];
    else if (name === "runoff") v = getXanthos().runoff;
    else if (name === "flow_distance") v = getXanthos().flowDistance;
    else if (name === "pet") v = annualPet();
    else if (name === "aridity") {
      const p = bio.bands[11];
      const e = annualPet();
      v = Float32Array.from(e, (x, i) => (p[i] > 0 ? x / p[i] : NaN));
    } else {
      const extra = spec.extra.find((e) => e.name === name) as ExtraGrid;
      const r = readRaster(extra.path, { bands: [extra.band] });
      v = bandOnLattice(r, 0, extra.path);
    }
    const out = Float32Array.from(v, (x, i) => (land[i] ? x : NaN));
    if (spec.log.includes(name)) for (let i = 0; i < out.length; i++) out[i] = Math.log1p(Math.max(0, out[i]));
    return out;
  });
  return { names: [...spec.channels], values, land };
}

/** Annual Thornthwaite PET (mm/year) of every land cell, from the bioclim temperature climatology. */
export function thornthwaiteAnnual(bio: Bioclim): Float32Array {
  const out = new Float32Array(LATTICE_CELLS).fill(NaN);
  const days = [31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  for (let c = 0; c < LATTICE_CELLS; c++) {
    const t = bio.temperatureAt(c);
    if (!t) continue;
    out[c] = petClimatology(cellLat(c), t).reduce((s, v, m) => s + v * days[m], 0);
  }
  return out;
}
