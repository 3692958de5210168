// `catchment runoff train`: one run of one model, seed and static option, written to its run folder.
import { existsSync, mkdirSync } from "node:fs";
import { RunFolder } from "../util/run-folder.js";
import { join } from "node:path";
import { getNumThreads, losses, manualSeed, optim, saveSafetensors } from "../torch/index.js";
import { Interrupted } from "../util/interrupt.js";
import { loadCheckpointModel } from "../train/checkpoint.js";
import { fit, EpochRecord } from "../train/trainer.js";
import { shuffled } from "../util/random.js";
import { writeLineChart } from "../viz/chart.js";
import { RunoffConfig, basinFileFor } from "./config.js";
import { loadBasin, readBasinFile } from "./data/basins.js";
import { Normalization, Sample, batchOf, checkPeriod, fitNormalization, samplesOf } from "./data/samples.js";
import { createModel, RunoffModel } from "./models/registry.js";
import { buildStatics, StaticVectors } from "./statics.js";
import { datasetSpec, readRunFiles, writeRunFiles } from "./run-dir.js";
import { preparePeriod } from "./period.js";
import { predictPeriod } from "./predict.js";
import { basinMetrics, median } from "./report.js";

export function modelFor(cfg: RunoffConfig, staticInputs: number): RunoffModel {
  return createModel({
    model: cfg.model,
    dynamicInputs: cfg.dynamic_inputs.length,
    staticInputs,
    hiddenSize: cfg.hidden_size,
    initialForgetBias: cfg.initial_forget_bias,
    dropout: cfg.output_dropout,
    embeddingSize: cfg.static_embedding_size,
    init: cfg.ealstm_init,
  });
}

/** The config's learning rate as a schedule: a number, or neuralhydrology's {epoch: rate} table. */
export function learningRateSchedule(cfg: RunoffConfig, optimizer: optim.Optimizer): optim.LRScheduler {
  return new optim.EpochTableLR(optimizer, typeof cfg.learning_rate === "number" ? { 0: cfg.learning_rate } : cfg.learning_rate);
}

/** How the run is executed, not what it computes (not part of the stored config's identity). */
export interface RunoffSession {
  threads: number;
  command: string;
}

const executionKeys = new Set<string>(["epochs", "device"]);

export interface TrainResult {
  runDir: string;
  history: EpochRecord[];
  bestEpoch: number;
  samples: number;
}

function allBasins(cfg: RunoffConfig): string[] {
  const files = [cfg.train_basin_file, cfg.validation_basin_file, cfg.test_basin_file].filter((f): f is string => !!f);
  return [...new Set(files.flatMap(readBasinFile))];
}

/** Sets up the run folder (or reuses it on resume) and returns the run's stored state. */
function initRun(cfg: RunoffConfig, runDir: string, resume: boolean, session: RunoffSession) {
  const hasCheckpoint = existsSync(join(runDir, "checkpoints", "latest.json"));
  const start = (c: RunoffConfig, again: boolean) =>
    RunFolder.start(runDir, { config: c, command: session.command, threads: session.threads, device: c.device, seeds: { seed: c.seed, static_seed: c.static_seed }, resume: again });
  if (resume && hasCheckpoint) {
    // the stored run is authoritative; only how long and where it runs may change
    const stored = readRunFiles(runDir);
    const changed = (Object.keys(cfg) as (keyof RunoffConfig)[]).find((k) => !executionKeys.has(k) && JSON.stringify(cfg[k]) !== JSON.stringify(stored.cfg[k]));
    if (changed) throw new Error(`${join(runDir, "config.yml")}: key '${changed}' differs from the config given; a resumed run keeps its config (only epochs and device may change)`);
    const resumed = { ...stored.cfg, epochs: cfg.epochs, device: cfg.device };
    return { ...stored, cfg: resumed, folder: start(resumed, true) };
  }
  if (!resume && hasCheckpoint) throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another run folder`);
  const spec = datasetSpec(cfg);
  const trainIds = readBasinFile(cfg.train_basin_file);
  const data = trainIds.map((id) => loadBasin(spec, id));
  for (const d of data) checkPeriod(d, cfg.train_start_date, cfg.train_end_date, "training period");
  // the other periods' dates are checked now, not after hours of training
  for (const period of ["validation", "test"] as const) {
    const [a, b] = [cfg[`${period}_start_date`], cfg[`${period}_end_date`]];
    if (a && b) for (const id of readBasinFile(basinFileFor(cfg, period))) checkPeriod(loadBasin(spec, id), a, b, `${period} period`);
  }
  const norm = fitNormalization(data, cfg.dynamic_inputs, cfg.target_variables[0], cfg.train_start_date, cfg.train_end_date);
  const statics = buildStatics(cfg, spec, trainIds, allBasins(cfg));
  mkdirSync(runDir, { recursive: true });
  writeRunFiles(runDir, norm, statics);
  return { cfg, norm, statics, folder: start(cfg, false) };
}

export function trainRunoff(config: RunoffConfig, runDir: string, resume: boolean, session: RunoffSession = { threads: getNumThreads(), command: "trainRunoff" }): TrainResult {
  const { cfg, norm, statics, folder } = initRun(config, runDir, resume, session);
  try {
    const r = train(cfg, norm, statics, runDir, resume);
    folder.note({ model_epoch: r.bestEpoch });
    folder.finish("complete");
    return r;
  } catch (e) {
    folder.finish(e instanceof Interrupted ? "interrupted" : "failed", e);
    throw e;
  }
}

function train(cfg: RunoffConfig, norm: Normalization, statics: StaticVectors, runDir: string, resume: boolean): TrainResult {
  const train = preparePeriod(cfg, norm, statics, "train", basinFileFor(cfg, "train"));
  const L = cfg.seq_length;
  const F = cfg.dynamic_inputs.length;
  const trainSamples = samplesOf(train.basins, L, F, train.start, train.end, true);
  if (trainSamples.length === 0)
    throw new Error(`${cfg.train_basin_file}: the training period has no sample with ${L} days of complete inputs and an observed target`);
  const validation = cfg.validate_every ? preparePeriod(cfg, norm, statics, "validation", basinFileFor(cfg, "validation")) : null;

  manualSeed(cfg.seed);
  const device = cfg.device;
  const model = modelFor(cfg, statics.names.length).to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1 });
  const scheduler = learningRateSchedule(cfg, optimizer);
  const clip = cfg.clip_gradient_norm;
  const history = fit<Sample[]>({
    model,
    optimizer,
    epochs: cfg.epochs,
    seed: cfg.seed,
    runDir,
    resume,
    label: `${cfg.model}/${cfg.static_vector}`,
    scheduler,
    // the best validated epoch and the newest one stay on disk when keep_checkpoints is set
    keepCheckpoints: cfg.keep_checkpoints ? { last: cfg.keep_checkpoints, best: { metric: "validation_median_nse", mode: "max" } } : undefined,
    batches: (epoch) => {
      const order = shuffled(trainSamples, cfg.seed * 1000 + epoch);
      const out: Sample[][] = [];
      for (let i = 0; i < order.length; i += cfg.batch_size) out.push(order.slice(i, i + cfg.batch_size));
      return out;
    },
    loss: (samples) => {
      const b = batchOf(train.basins, samples, L, F, device);
      const y = model.forward(b.x, b.statics);
      return cfg.loss === "NSE" ? losses.nseLoss(y, b.y, b.std) : losses.mseLoss(y, b.y);
    },
    beforeStep: clip ? () => optim.clipGradNorm_(model.parameters(), clip) : undefined,
    afterEpoch: (epoch): Record<string, number> => {
      if (!validation || epoch % (cfg.validate_every as number) !== 0) return {};
      const series = predictPeriod(model, validation.basins, norm, L, validation.start, validation.end, cfg.clip_targets_to_zero.includes(norm.target.name), device);
      return { validation_median_nse: median(series.map((s) => basinMetrics(s).NSE)) };
    },
    stop: (h) => {
      if (!cfg.early_stopping_patience) return false;
      const validated = h.filter((r) => Number.isFinite(r.validation_median_nse));
      const bestAt = validated.reduce((k, r, i) => (r.validation_median_nse > validated[k].validation_median_nse ? i : k), 0);
      return validated.length - 1 - bestAt >= cfg.early_stopping_patience;
    },
  });
  // the model kept: the best validated epoch if there was validation, else the last
  const validated = history.filter((r) => Number.isFinite(r.validation_median_nse));
  const bestEpoch = validated.length ? validated.reduce((a, r) => (r.validation_median_nse > a.validation_median_nse ? r : a)).epoch : history[history.length - 1].epoch;
  if (bestEpoch !== history[history.length - 1].epoch) loadCheckpointModel(runDir, bestEpoch, model);
  saveSafetensors(join(runDir, "model.safetensors"), model.stateDict(), { model: cfg.model, epoch: String(bestEpoch) });
  const curves = [{ label: `training loss (${cfg.loss})`, x: history.map((h) => h.epoch), y: history.map((h) => h.train_loss) }];
  if (validated.length) curves.push({ label: "1 − median validation NSE", x: validated.map((h) => h.epoch), y: validated.map((h) => 1 - h.validation_median_nse) });
  writeLineChart(join(runDir, "loss_curve.png"), curves, { title: `Training ${cfg.model} / ${cfg.static_vector}`, integerX: true, xLabel: "epoch", yLabel: "loss" });
  return { runDir, history, bestEpoch, samples: trainSamples.length };
}
