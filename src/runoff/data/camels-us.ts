// CAMELS-US (Newman et al. 2015): basin-mean forcings and USGS streamflow in mm/day.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BasinData, addAligned, dateDay, onDayGrid } from "./basin-data.js";
import { readDatedColumns } from "./dated-table.js";
import { findBasinFile } from "./files.js";

export const CAMELS_FORCINGS = ["daymet", "maurer", "maurer_extended", "nldas"];
export const STREAMFLOW_VARIABLE = "QObs(mm/d)";
/** mm³ per ft³: q[ft³/s]·CFS_TO_MM3·86400 / (area[m²]·10⁶) is mm/day. */
const FT3_IN_MM3 = 28316846.592;

export interface Forcing {
  path: string;
  latitude: number;
  elevation: number;
  /** Basin area in m² (header line 3). */
  area: number;
  days: number[];
  columns: Map<string, Float64Array>;
}

export function readForcing(path: string): Forcing {
  if (!existsSync(path)) throw new Error(`${path}: forcing file not found`);
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const header = (i: number, what: string) => {
    const v = Number(lines[i]?.trim());
    if (!Number.isFinite(v)) throw new Error(`${path}:${i + 1}: expected the ${what} as a number, found '${lines[i] ?? ""}'`);
    return v;
  };
  const latitude = header(0, "gauge latitude");
  const elevation = header(1, "mean basin elevation");
  const area = header(2, "basin area in m²");
  if (area <= 0) throw new Error(`${path}:3: basin area ${area} m² must be positive`);
  const { days, columns } = readDatedColumns(path, lines, 3, ["Year", "Mnth", "Day"], ["Hr"], (v) => v === -999);
  return { path, latitude, elevation, area, days, columns };
}

/** USGS daily discharge (ft³/s) as mm/day; -999 and flag M are missing. */
export function readStreamflow(path: string, area: number): { days: number[]; q: Float64Array } {
  if (!existsSync(path)) throw new Error(`${path}: streamflow file not found`);
  const rows = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const days: number[] = new Array(rows.length);
  const q = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const f = row.trim().split(/\s+/);
    if (f.length < 5) throw new Error(`${path}:${r + 1}: expected 'gauge_id year month day discharge [flag]', found '${row.trim()}'`);
    days[r] = dateDay(Number(f[1]), Number(f[2]), Number(f[3]), path, r + 1);
    const cfs = Number(f[4]);
    if (Number.isNaN(cfs)) throw new Error(`${path}:${r + 1}: discharge '${f[4]}' is not a number`);
    const flag = f[5] ?? "";
    q[r] = cfs < 0 || flag.startsWith("M") ? NaN : (cfs * FT3_IN_MM3 * 86400) / (area * 1e6);
  });
  return { days, q };
}

export function loadCamelsUs(dataDir: string, forcings: string[], basin: string): BasinData {
  let data: BasinData | null = null;
  let area = 0;
  for (const forcing of forcings) {
    if (!CAMELS_FORCINGS.includes(forcing)) throw new Error(`forcings: '${forcing}' is not a CAMELS-US forcing product; expected one of ${CAMELS_FORCINGS.join(", ")}`);
    const path = findBasinFile(join(dataDir, "basin_mean_forcing", forcing), basin, "_forcing_leap.txt", `${forcing} forcing`);
    const f = readForcing(path);
    // with several products the columns carry the product, as in neuralhydrology: prcp(mm/day)_daymet
    const named = new Map([...f.columns].map(([n, v]) => [forcings.length > 1 ? `${n}_${forcing}` : n, v]));
    if (!data) {
      data = onDayGrid(basin, path, f.days, named);
      area = f.area;
    } else for (const [n, v] of named) addAligned(data, n, f.days, v);
  }
  if (!data) throw new Error("forcings: no forcing product given");
  const flowPath = findBasinFile(join(dataDir, "usgs_streamflow"), basin, "_streamflow_qc.txt", "streamflow");
  const flow = readStreamflow(flowPath, area);
  addAligned(data, STREAMFLOW_VARIABLE, flow.days, flow.q);
  return data;
}
