// CAMELS model_output files (Newman et al. 2015): Daymet-based PRCP, TAIR, PET, the observed
// runoff OBS_RUN and the SAC-SMA/Snow-17 simulation MOD_RUN, all daily in mm/day or °C.
import { readFileSync } from "node:fs";
import { BasinData, onDayGrid } from "./basin-data.js";
import { readDatedColumns } from "./dated-table.js";
import { findBasinFile } from "./files.js";

export function readModelOutput(path: string, basin: string): BasinData {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const { days, columns } = readDatedColumns(path, lines, 0, ["YR", "MNTH", "DY"], ["HR"], (v) => v <= -999);
  return onDayGrid(basin, path, days, columns);
}

export function loadModelOutput(dataDir: string, basin: string): BasinData {
  return readModelOutput(findBasinFile(dataDir, basin, "_model_output.txt", "CAMELS model_output"), basin);
}
