// Synthetic monthly basins in the generic layout (basins.csv + <id>.csv), with runoff made by one of
// the models from known parameters, so a calibration has a known answer.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { forcingSet, simulate } from "../../src/cwsc/models/simulate.js";
import { WaterBalanceModel } from "../../src/cwsc/models/model.js";
import { seededRandom } from "../../src/util/random.js";
import { writeRaster } from "../../src/geo/io.js";
import { readBioclim } from "../../src/cwsc/data/grids.js";
import { LATTICE_CELLS, latticeGrid } from "../../src/cwsc/data/lattice.js";

export interface SyntheticBasin {
  id: string;
  lon: number;
  lat: number;
  p: number[];
  pet: number[];
  q: number[];
  params: number[];
}

export function syntheticBasins(model: WaterBalanceModel, params: number[][], months: number, seed: number): SyntheticBasin[] {
  const rand = seededRandom(seed);
  const basins = params.map((_, b) => {
    const p: number[] = [];
    const pet: number[] = [];
    for (let t = 0; t < months; t++) {
      const season = Math.cos((2 * Math.PI * (t % 12)) / 12);
      p.push(Math.max(0, (60 + 40 * season) * (0.2 + 1.6 * rand() ** 1.5)));
      pet.push(Math.max(0, 70 - 55 * season + 10 * rand()));
    }
    return { id: `syn${b}`, lon: -60 + 25 * b, lat: 45 - 7 * b, p, pet };
  });
  const forcing = forcingSet(basins.map((b) => ({ name: b.id, p: b.p, pet: b.pet })));
  return basins.map((b, i) => {
    const sim = simulate(model, forcing, Int32Array.of(i), params[i].map((v) => Float64Array.of(v)), { warmUp: 0, series: true });
    return { ...b, q: Array.from(sim.q?.[0] ?? []), params: params[i] };
  });
}

/** Writes the basins as a generic data set; `edit` may change a basin's rows before writing. */
export function writeGeneric(dir: string, basins: SyntheticBasin[], edit?: (id: string, rows: string[][]) => string[][], header = ["month", "P", "PET", "Q"]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "basins.csv"), ["id,lon,lat,area_km2", ...basins.map((b) => `${b.id},${b.lon},${b.lat},5000`)].join("\n") + "\n");
  for (const b of basins) {
    let rows = b.p.map((_, t) => [`${1990 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`, String(b.p[t]), String(b.pet[t]), String(b.q[t])]);
    if (edit) rows = edit(b.id, rows);
    writeFileSync(join(dir, `${b.id}.csv`), [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n");
  }
}

/**
 * Gridded capacity labels on `count` random land cells of the lattice, a smooth function of two
 * bioclim inputs: exp(5 + 0.6·(log(1 + bio12) − 6) − 0.03·bio1) mm. Written to `path`.
 */
export function writeSyntheticCapacityLabels(path: string, bioclimPath: string, count: number, seed: number): { land: number[]; labels: Float32Array } {
  const bio = readBioclim(bioclimPath);
  const land: number[] = [];
  for (let c = 0; c < LATTICE_CELLS; c++) if (Number.isFinite(bio.bands[0][c])) land.push(c);
  const rand = seededRandom(seed);
  const labels = new Float32Array(LATTICE_CELLS).fill(-9999);
  for (let k = 0; k < count; k++) {
    const c = land[Math.floor(rand() * land.length)];
    labels[c] = Math.exp(5 + 0.6 * (Math.log1p(bio.bands[11][c]) - 6) - 0.03 * bio.bands[0][c]);
  }
  writeRaster(path, { ...latticeGrid(), bands: [{ name: "capacity", type: "Float32", nodata: -9999, data: labels }] });
  return { land, labels };
}
