// The capability commands `catchment tune` can run per trial: how their config is validated, which of
// its keys are paths (made absolute in a trial's config, which lives elsewhere), and which per-epoch
// metrics their run folder's metrics file has. One entry per command.
import type { z } from "zod";
import { runoffSchema, RunoffConfig } from "../../runoff/config.js";
import { runoffPathKeys } from "../runoff.js";
import { demTrainSchema, DemTrainConfig } from "../../dem/config.js";

export interface TunableCommand {
  /** e.g. ["runoff", "train"] */
  argv: string[];
  schema: z.ZodType;
  /** Config keys that hold paths relative to the config file (as the command's own pathKeys). */
  pathKeys: readonly string[];
  /** The CSV in the run folder with one row per epoch, and its step column. */
  metricsFile: string;
  stepColumn: string;
  /** The metric columns a run with this (validated) config writes. */
  metrics(config: unknown): string[];
}

export const TUNABLE: Record<string, TunableCommand> = {
  "runoff train": {
    argv: ["runoff", "train"],
    schema: runoffSchema,
    pathKeys: runoffPathKeys,
    metricsFile: "loss.csv",
    stepColumn: "epoch",
    metrics: (c) => ["train_loss", "lr", ...((c as RunoffConfig).validate_every ? ["validation_median_nse"] : [])],
  },
  "dem train": {
    argv: ["dem", "train"],
    schema: demTrainSchema,
    // as `dem train` declares them in src/cli/dem.ts
    pathKeys: ["fine_dems.*.path", "fine_dems.*.buildings", "fine_dems.*.roads", "fine_dems.*.water"],
    metricsFile: "loss.csv",
    stepColumn: "epoch",
    metrics: (c) => ["train_loss", "lr", ...((c as DemTrainConfig).split[1] > 0 ? ["validation_rmse_m", "validation_rmse_gdem_mean_m"] : [])],
  },
};
