// CAMELS model_output files (Newman et al. 2015): Daymet-based PRCP, TAIR, PET, the observed
// runoff OBS_RUN and the SAC-SMA/Snow-17 simulation MOD_RUN, all daily in mm/day or °C.
import { readFileSync } from "node:fs";
import { BasinData, dateDay, onDayGrid } from "./basin-data.js";
import { findBasinFile } from "./files.js";

export function readModelOutput(path: string, basin: string): BasinData {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const names = (lines[0] ?? "").trim().split(/\s+/);
  const [iy, im, id] = ["YR", "MNTH", "DY"].map((n) => names.indexOf(n));
  if (iy < 0 || im < 0 || id < 0) throw new Error(`${path}:1: expected the header 'YR MNTH DY HR …', found '${lines[0] ?? ""}'`);
  const dataCols = names.map((n, i) => [n, i] as const).filter(([n]) => !["YR", "MNTH", "DY", "HR"].includes(n));
  const rows = lines.slice(1);
  const days: number[] = new Array(rows.length);
  const columns = new Map(dataCols.map(([n]) => [n, new Float64Array(rows.length)]));
  rows.forEach((row, r) => {
    const f = row.trim().split(/\s+/);
    if (f.length !== names.length) throw new Error(`${path}:${r + 2}: expected ${names.length} fields, found ${f.length}`);
    days[r] = dateDay(Number(f[iy]), Number(f[im]), Number(f[id]), path, r + 2);
    for (const [n, i] of dataCols) {
      const v = Number(f[i]);
      if (Number.isNaN(v)) throw new Error(`${path}:${r + 2}: column '${n}' has '${f[i]}', expected a number`);
      (columns.get(n) as Float64Array)[r] = v <= -999 ? NaN : v;
    }
  });
  return onDayGrid(basin, path, days, columns);
}

export function loadModelOutput(dataDir: string, basin: string): BasinData {
  return readModelOutput(findBasinFile(dataDir, basin, "_model_output.txt", "CAMELS model_output"), basin);
}
