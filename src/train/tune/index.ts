// Hyperparameter tuning: studies, trials, samplers (random, grid, TPE), pruners (median, percentile,
// successive halving, Hyperband), storages (memory, SQLite, PostgreSQL) and parameter importance.
// It knows no capability: an objective is any function of a trial.
export { createStudy, loadStudy, Study, StudyDirectionError, trialSeed } from "./study.js";
export type { StudyOptions, Objective, ObjectiveValue, OptimizeOptions } from "./study.js";
export { Trial, TrialPruned } from "./trial.js";
export type { FrozenTrial, TrialState, Direction } from "./frozen-trial.js";
export { externalParams, lastStep } from "./frozen-trial.js";
export * from "./distributions.js";
export type { Sampler, StudyView } from "./samplers/sampler.js";
export { RandomSampler } from "./samplers/random.js";
export { GridSampler } from "./samplers/grid.js";
export { TPESampler, defaultGamma } from "./samplers/tpe.js";
export type { TPEOptions } from "./samplers/tpe.js";
export { defaultWeights } from "./samplers/parzen.js";
export type { Pruner } from "./pruners/pruner.js";
export { NopPruner } from "./pruners/pruner.js";
export { MedianPruner, PercentilePruner } from "./pruners/percentile.js";
export { SuccessiveHalvingPruner } from "./pruners/successive-halving.js";
export { HyperbandPruner } from "./pruners/hyperband.js";
export type { Storage, StudyRecord } from "./storage/storage.js";
export { StorageError, StudyExistsError, TrialFinishedError } from "./storage/storage.js";
export { MemoryStorage } from "./storage/memory.js";
export { SqliteStorage } from "./storage/sqlite.js";
export { PostgresStorage } from "./storage/postgres.js";
export { openStorage } from "./storage/open.js";
export { MersenneTwister } from "./rng.js";
export { parameterImportances } from "./importance.js";
