// The global 0.5° grids: the 19 bioclim variables (GeoTIFF), and Xanthos' flat lists over its
// 67,420 land cells (coordinates.csv maps them to the lattice): FAO maximum soil moisture, WBM
// mean runoff, cell areas, and the DRT flow-distance grid (280 rows from 83.75° N down).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readRaster } from "../../geo/io.js";
import { BioclimTemperature } from "./pet.js";
import { LATTICE, LATTICE_CELLS, bandOnLattice } from "./lattice.js";

export interface Bioclim {
  path: string;
  /** bio1..bio19 on the lattice, NaN off land */
  bands: Float32Array[];
  temperatureAt(cell: number): BioclimTemperature | null;
}

export function readBioclim(path: string): Bioclim {
  const r = readRaster(path);
  if (r.bands.length !== 19) throw new Error(`${path}: has ${r.bands.length} bands; a bioclim stack has 19 (bio1..bio19)`);
  const bands = r.bands.map((_, i) => bandOnLattice(r, i, path));
  return {
    path,
    bands,
    temperatureAt(cell) {
      const [bio1, bio10, bio11] = [0, 9, 10].map((i) => bands[i][cell]);
      return Number.isFinite(bio1) && Number.isFinite(bio10) && Number.isFinite(bio11) ? { bio1, bio10, bio11 } : null;
    },
  };
}

export interface XanthosGrids {
  dir: string;
  /** lattice index of each Xanthos cell (cell_id − 1) */
  cellIndex: Int32Array;
  /** FAO maximum soil moisture (mm) */
  soilMoisture: Float32Array;
  /** UNH/GRDC composite mean annual runoff (WBM calibrated), mm/year */
  runoff: Float32Array;
  /** cell area, km² */
  area: Float32Array;
  /** DRT flow distance (the file's units) */
  flowDistance: Float32Array;
}

function lines(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  return readFileSync(path, "utf8").replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
}

function numbersOf(path: string, header: boolean): number[] {
  return lines(path)
    .slice(header ? 1 : 0)
    .map((l, i) => {
      const v = Number(l.trim());
      if (!Number.isFinite(v)) throw new Error(`${path}: line ${i + 1 + (header ? 1 : 0)} has '${l.trim()}', expected a number`);
      return v;
    });
}

export function readXanthos(dir: string): XanthosGrids {
  const coords = lines(join(dir, "coordinates.csv")).map((l) => l.split(",").map(Number));
  const cellIndex = Int32Array.from(coords, (c, i) => {
    const [id, , , ilon, ilat] = c;
    if (id !== i + 1 || !(ilon >= 1 && ilon <= 720 && ilat >= 1 && ilat <= 360)) throw new Error(`${join(dir, "coordinates.csv")}: line ${i + 1} is not 'id, lon, lat, ilon, ilat' for cell ${i + 1}`);
    return (LATTICE.height - ilat) * LATTICE.width + (ilon - 1);
  });
  const onLattice = (values: ArrayLike<number>, what: string) => {
    if (values.length !== cellIndex.length) throw new Error(`${what}: ${values.length} values for ${cellIndex.length} Xanthos cells`);
    const out = new Float32Array(LATTICE_CELLS).fill(NaN);
    cellIndex.forEach((cell, i) => (out[cell] = values[i]));
    return out;
  };
  const soilMoisture = onLattice(numbersOf(join(dir, "soil_moisture.csv"), true), join(dir, "soil_moisture.csv"));
  const areaHa = numbersOf(join(dir, "Grid_Areas_ID.csv"), false);
  const area = onLattice(areaHa.map((v) => v * 0.01), join(dir, "Grid_Areas_ID.csv"));
  // km³/yr per listed cell (others 0) → mm/yr over the cell's area
  const runoffKm3 = new Float64Array(cellIndex.length);
  for (const l of lines(join(dir, "wbmc_qestimates.csv"))) {
    const [id, v] = l.split(",").map(Number);
    if (!(id >= 1 && id <= cellIndex.length) || !Number.isFinite(v)) throw new Error(`${join(dir, "wbmc_qestimates.csv")}: '${l}' is not 'cell_id, km³/yr'`);
    runoffKm3[id - 1] = v;
  }
  const runoff = onLattice(Float64Array.from(runoffKm3, (v, i) => (Math.max(0, v) / (areaHa[i] * 0.01)) * 1e6), join(dir, "wbmc_qestimates.csv"));
  const fd = lines(join(dir, "DRT_half_FDISTANCE_globe.txt"));
  if (fd.length !== 280) throw new Error(`${join(dir, "DRT_half_FDISTANCE_globe.txt")}: ${fd.length} rows, expected 280 (83.75° N to 55.75° S)`);
  const flowDistance = new Float32Array(LATTICE_CELLS).fill(NaN);
  fd.forEach((row, r) => {
    const v = row.trim().split(/\s+/).map(Number);
    if (v.length !== 720) throw new Error(`${join(dir, "DRT_half_FDISTANCE_globe.txt")}: row ${r + 1} has ${v.length} values, expected 720`);
    // row 0 is the lattice row of 83.75° N (Xanthos ilat 348)
    const latticeRow = LATTICE.height - 348 + r;
    v.forEach((x, c) => {
      if (x !== -9999) flowDistance[latticeRow * LATTICE.width + c] = x;
    });
  });
  return { dir, cellIndex, soilMoisture, runoff, area, flowDistance };
}
