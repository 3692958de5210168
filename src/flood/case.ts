// A flood simulation from files to files: floodInput (inputs.ts), the solver, writeFloodOutputs
// (outputs.ts). Callers that need the input alone (the surrogate, on many patches) use floodInput.
import { join } from "node:path";
import { writeRaster, Grid } from "../geo/index.js";
import { parseDuration } from "../util/duration.js";
import { FloodConfig } from "./config.js";
import { floodInput } from "./inputs.js";
import { prepareOutputFolder, writeFloodOutputs, depthRaster } from "./outputs.js";
import { SimulationResult, simulate } from "./engine.js";

export { floodInput, floodCaseConfig } from "./inputs.js";
export type { FloodCase, FloodCaseConfig, BuildingsInput } from "./inputs.js";
export { floodSummary, writeFloodOutputs, prepareOutputFolder } from "./outputs.js";

export interface FloodRun {
  summary: Record<string, unknown>;
  result: SimulationResult;
  grid: Grid;
}

export function runFloodCase(cfg: FloodConfig, opts: { progress?: boolean } = {}): FloodRun {
  const c = floodInput(cfg);
  const saveEvery = cfg.save_interval === undefined ? 0 : parseDuration(cfg.save_interval, "save_interval");
  const snapshotTimes = saveEvery > 0 ? Array.from({ length: Math.floor(c.duration / saveEvery) }, (_, k) => (k + 1) * saveEvery) : [];
  prepareOutputFolder(cfg.out);
  const result = simulate({
    ...c.input,
    snapshotTimes,
    onSnapshot: (t, depth) => writeRaster(join(cfg.out, `depth_${String(Math.round(t)).padStart(6, "0")}s.tif`), depthRaster(c, depth)),
    progress: opts.progress,
  });
  const summary = writeFloodOutputs(c, result, cfg.out);
  return { summary, result, grid: c.grid };
}
