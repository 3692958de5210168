// Static vectors per basin (Li et al. 2022): physical descriptors, Gaussian random vectors,
// one-hot identity, physical + Gaussian ("mixed"), or none.
import { RunningStats } from "../util/running-stats.js";
import { seededRandom } from "../util/random.js";
import { RunoffConfig } from "./config.js";
import { DatasetSpec, loadAttributes } from "./data/basins.js";
import { attributeMatrix } from "./data/attributes.js";
import { cellNumber, parseTable } from "../util/table.js";

export interface StaticVectors {
  names: string[];
  byBasin: Map<string, Float32Array>;
}

/** FNV-1a of the basin id, so a basin's random vector does not depend on which other basins are listed. */
function basinHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function gaussianVector(basin: string, dim: number, seed: number): Float32Array {
  const rand = seededRandom((basinHash(basin) ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i += 2) {
    // Box–Muller
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < dim) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Attributes standardized with the training basins' mean and std (a constant attribute becomes 0). */
function physical(cfg: RunoffConfig, spec: DatasetSpec, train: string[], all: string[]): Map<string, Float32Array> {
  const table = loadAttributes(spec);
  const raw = attributeMatrix(table, cfg.static_attributes, all);
  const trainRows = attributeMatrix(table, cfg.static_attributes, train);
  const stats = cfg.static_attributes.map((_, j) => {
    const s = new RunningStats();
    for (const row of trainRows) s.add(row[j]);
    return s;
  });
  return new Map(all.map((b, i) => [b, Float32Array.from(raw[i], (v, j) => (stats[j].std > 0 ? (v - stats[j].mean) / stats[j].std : 0))]));
}

export function buildStatics(cfg: RunoffConfig, spec: DatasetSpec, train: string[], all: string[]): StaticVectors {
  const d = cfg.static_dim ?? 0;
  switch (cfg.static_vector) {
    case "none":
      return { names: [], byBasin: new Map(all.map((b) => [b, new Float32Array(0)])) };
    case "physical":
      return { names: [...cfg.static_attributes], byBasin: physical(cfg, spec, train, all) };
    case "gaussian":
      return { names: Array.from({ length: d }, (_, i) => `g${i}`), byBasin: new Map(all.map((b) => [b, gaussianVector(b, d, cfg.static_seed)])) };
    case "one_hot": {
      const byBasin = new Map<string, Float32Array>();
      for (const b of all) {
        const k = train.indexOf(b);
        if (k < 0) throw new Error(`static_vector one_hot: basin ${b} is not a training basin, so it has no identity vector`);
        const v = new Float32Array(train.length);
        v[k] = 1;
        byBasin.set(b, v);
      }
      return { names: train.map((b) => `basin_${b}`), byBasin };
    }
    case "mixed": {
      const phys = physical(cfg, spec, train, all);
      const extra = d - cfg.static_attributes.length;
      const byBasin = new Map(all.map((b) => {
        const v = new Float32Array(d);
        v.set(phys.get(b) as Float32Array);
        v.set(gaussianVector(b, extra, cfg.static_seed), cfg.static_attributes.length);
        return [b, v];
      }));
      return { names: [...cfg.static_attributes, ...Array.from({ length: extra }, (_, i) => `g${i}`)], byBasin };
    }
  }
}

export function staticsCsv(s: StaticVectors): string {
  const rows = [...s.byBasin].map(([b, v]) => [b, ...Array.from(v, String)].join(","));
  return [["basin_id", ...s.names].join(","), ...rows].join("\n") + "\n";
}

export function parseStaticsCsv(text: string, path: string): StaticVectors {
  const t = parseTable(text, path, { delimiter: "," });
  const names = t.columns.slice(1);
  const byBasin = new Map<string, Float32Array>();
  t.rows.forEach((r, i) => byBasin.set(r[0], Float32Array.from(names, (_, c) => cellNumber(t, i, c + 1))));
  return { names, byBasin };
}
