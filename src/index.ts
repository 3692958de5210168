// catchment as a library.
export * as torch from "./torch/index.js";
export * as metrics from "./metrics/index.js";
export { fit, TrainingInterrupted } from "./train/trainer.js";
export { Interrupted } from "./util/interrupt.js";
export type { FitOptions, EpochRecord } from "./train/trainer.js";
export { renderLineChart, writeLineChart } from "./viz/chart.js";
export { EALSTMCell } from "./runoff/models/ealstm.js";
export { createModel, runoffModels, EntityAwareLSTM, ConcatLSTM, FeatureModulatedLSTM, PlainLSTM } from "./runoff/models/registry.js";
export { runoffSchema } from "./runoff/config.js";
export type { RunoffConfig } from "./runoff/config.js";
export { trainRunoff } from "./runoff/train.js";
export { evaluateRun } from "./runoff/evaluate.js";
export { ensembleRuns } from "./runoff/ensemble.js";
