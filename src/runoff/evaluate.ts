// `catchment runoff evaluate`: a trained run's predictions and metrics for one period.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadWeights } from "../torch/index.js";
import { Period } from "./config.js";
import { readRunFiles } from "./run-dir.js";
import { preparePeriod } from "./period.js";
import { predictPeriod } from "./predict.js";
import { PeriodReport, writePeriodReport } from "./report.js";
import { modelFor } from "./train.js";

export function defaultPlotBasins(configured: string[] | undefined, basins: string[]): string[] {
  return configured ?? basins.slice(0, 4);
}

export function evaluateRun(runDir: string, period: Period, plotBasins?: string[], device = "cpu"): PeriodReport {
  const { cfg, norm, statics } = readRunFiles(runDir);
  const weights = join(runDir, "model.safetensors");
  if (!existsSync(weights)) throw new Error(`${weights}: not found; training has not finished (resume it with runoff train --resume)`);
  const model = modelFor(cfg, statics.names.length).to(device);
  loadWeights(model, weights);
  const data = preparePeriod(cfg, norm, statics, period, join(runDir, "config.yml"));
  const series = predictPeriod(model, data.basins, norm, cfg.seq_length, data.start, data.end, cfg.clip_targets_to_zero.includes(norm.target.name), device);
  const ids = data.basins.map((b) => b.basin);
  return writePeriodReport(join(runDir, period), period, series, cfg.model, plotBasins ?? defaultPlotBasins(cfg.plot_basins, ids));
}
