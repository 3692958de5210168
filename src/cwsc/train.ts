// `catchment cwsc train`: one network per split (the seed's random 7:3 split over basins, and a
// spatially blocked split), each in its own folder with checkpoints, loss curve, model files,
// group predictions and a scatter plot; metrics.csv over all splits.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { losses, manualSeed, optim, tensor } from "../torch/index.js";
import { fit } from "../train/trainer.js";
import { loadCheckpointModel } from "../train/checkpoint.js";
import { seededRandom, shuffled } from "../util/random.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toQuotedCsv as toCsv } from "./csv.js";
import { writeLineChart, writeScatterChart } from "../viz/chart.js";
import { LabelGroup, Labels, readLabels } from "./labels.js";
import { InputStack, buildInputs, checkInputSpec } from "./inputs.js";
import { NormalizedStack, fitNormalization, normalizeStack, patchesAt } from "./patches.js";
import { CwscNet, PreActResNet, ResNetEnsemble } from "./network.js";
import { ModelInfo, fromCapacity, saveModel, toCapacity } from "./model-file.js";
import { groupFeatures, ridgeCv } from "./baseline.js";
import { GroupSplit, SplitKind, blockedSplit, randomSplit } from "./split.js";
import { TrainConfig } from "./train-config.js";
import { checkSameConfig } from "./run-dir.js";
import { RunFolder } from "../util/run-folder.js";
import { groupMean, predictCells } from "./predict-cells.js";
import { SetScores, scores } from "./metrics.js";

export interface SplitResult {
  kind: SplitKind;
  dir: string;
  split: GroupSplit;
  train: SetScores;
  test: SetScores;
  /** ridge regression on basin-mean inputs, the same split (see baseline.ts) */
  baseline: { lambda: number; train: SetScores; test: SetScores };
}

export interface TrainResult {
  runDir: string;
  labels: Labels;
  splits: SplitResult[];
}

interface Batch {
  cells: number[];
  targets: number[];
  flips: Uint8Array;
}

export function makeSplit(kind: SplitKind, groups: LabelGroup[], cfg: TrainConfig): GroupSplit {
  return kind === "random" ? randomSplit(groups, cfg.test_fraction, cfg.seed) : blockedSplit(groups, cfg.test_fraction, cfg.block_degrees, cfg.seed);
}

export function loadTrainingData(cfg: TrainConfig, source: string): { stack: InputStack; labels: Labels } {
  checkInputSpec(cfg.inputs, source);
  const stack = buildInputs(cfg.inputs);
  const labels = readLabels(cfg.labels, stack.land, cfg.kge_threshold);
  if (labels.groups.length < 10) throw new Error(`${source}: only ${labels.groups.length} label groups after masking; at least 10 are needed to split and train`);
  return { stack, labels };
}

export async function trainCwsc(cfg: TrainConfig, runDir: string, o: { resume: boolean; threads: number; source: string; command?: string }): Promise<TrainResult> {
  const { stack, labels } = loadTrainingData(cfg, o.source);
  const splits = cfg.splits.map((kind) => ({ kind, split: makeSplit(kind, labels.groups, cfg) }));
  for (const { kind, split } of splits) {
    if (split.train.length < 2 || split.test.length < 2) throw new Error(`${o.source}: the ${kind} split has ${split.train.length} training and ${split.test.length} test groups; need at least 2 of each`);
    const held = Math.round(split.train.length * cfg.validation_fraction);
    if (cfg.validation_fraction > 0 && (held < 1 || split.train.length - held < 2))
      throw new Error(`${o.source}: validation_fraction ${cfg.validation_fraction} of the ${kind} split's ${split.train.length} training groups holds back ${held}; it must hold back at least 1 and leave at least 2 to train on`);
  }
  const started = existsSync(join(runDir, "config.yml"));
  if (started && !o.resume) throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another run folder`);
  if (started) checkSameConfig(runDir, cfg, ["epochs", "device"]);
  mkdirSync(runDir, { recursive: true });
  const folder = RunFolder.start(runDir, { config: cfg, command: o.command ?? "cwsc train", threads: o.threads, device: cfg.device, seeds: { seed: cfg.seed }, resume: started });
  return folder.run(() => {
    const results = splits.map(({ kind, split }) => trainSplit(cfg, kind, split, join(runDir, kind), stack, labels, o.resume));
    writeFileAtomic(join(runDir, "metrics.csv"), metricsCsv(results));
    folder.note(Object.fromEntries(results.map((r) => [`r2_test_${r.kind}`, r.test.r2])));
    return { runDir, labels, splits: results };
  });
}

export function metricsCsv(results: SplitResult[]): string {
  const f = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : "");
  return toCsv(
    ["split", "set", "groups", "r2", "rmse_mm", "bias_mm", "cells", "cell_r2"],
    results.flatMap((r) => [
      ...(["train", "test"] as const).map((s) => [r.kind, s, r[s].groups, f(r[s].r2), f(r[s].rmse), f(r[s].bias), r[s].cells, f(r[s].cell_r2)]),
      ...(["train", "test"] as const).map((s) => [r.kind, `${s} (ridge baseline)`, r.baseline[s].groups, f(r.baseline[s].r2), f(r.baseline[s].rmse), f(r.baseline[s].bias), r.baseline[s].cells, f(r.baseline[s].cell_r2)]),
    ]),
  );
}

function trainSplit(cfg: TrainConfig, kind: SplitKind, split: GroupSplit, dir: string, stack: InputStack, labels: Labels, resume: boolean): SplitResult {
  const groups = labels.groups;
  const trainGroups = split.train.map((i) => groups[i]);
  const trainCells = new Set(trainGroups.flatMap((g) => Array.from(g.cells)));
  const normalization = fitNormalization(stack, trainCells);
  const normStack = normalizeStack(stack, normalization);
  const tv = trainGroups.map((g) => (cfg.target === "log" ? Math.log(g.value) : g.value));
  const tMean = tv.reduce((a, b) => a + b, 0) / tv.length;
  const tStd = Math.sqrt(tv.reduce((a, b) => a + (b - tMean) ** 2, 0) / tv.length) || 1;
  const info: ModelInfo = {
    format: "catchment-cwsc-resnet/1",
    channels: stack.names,
    log: cfg.inputs.log,
    normalization,
    patch_size: cfg.patch_size,
    network: { inChannels: stack.names.length + 1, ...cfg.network },
    target: { transform: cfg.target, mean: tMean, std: tStd },
    split: kind,
    train_groups: trainGroups.map((g) => g.id),
    test_groups: split.test.map((i) => groups[i].id),
    epochs: cfg.epochs,
    seed: cfg.seed,
  };
  mkdirSync(dir, { recursive: true });
  const members = Array.from({ length: cfg.ensemble }, (_, m) => trainMember(cfg, m, cfg.ensemble > 1 ? join(dir, `member${m + 1}`) : dir, trainGroups, info, normStack, resume));
  const net: CwscNet = cfg.ensemble > 1 ? new ResNetEnsemble(members.map((m) => m.net)) : members[0].net;
  const saved: ModelInfo = { ...info, ...(cfg.ensemble > 1 ? { members: cfg.ensemble } : {}), member_epochs: members.map((m) => m.epoch) };
  saveModel(dir, net, saved);
  // one training curve (the members' mean) and each member's validation curve
  const epochs = members[0].history.map((h) => h.epoch);
  const series = [{ label: `training loss (MSE of the standardised target${cfg.ensemble > 1 ? `, mean of ${cfg.ensemble} members` : ""})`, x: epochs, y: epochs.map((_, e) => members.reduce((a, m) => a + m.history[e].train_loss, 0) / members.length) }];
  members.forEach((m, i) => {
    if (m.history.some((h) => Number.isFinite(h.validation_mse)))
      series.push({ label: `${cfg.ensemble > 1 ? `member ${i + 1} ` : ""}validation MSE (basin means; kept epoch ${m.epoch})`, x: m.history.map((h) => h.epoch), y: m.history.map((h) => h.validation_mse) });
  });
  writeLineChart(join(dir, "loss_curve.png"), series, { title: `cwsc ResNet-${net.depth}${cfg.ensemble > 1 ? ` x ${cfg.ensemble}` : ""}, ${kind} split`, xLabel: "epoch", yLabel: "loss", integerX: true });
  const result = scoreSplit(net, saved, normStack, groups, split, cfg.device, dir);
  return { kind, dir, split, ...result };
}

/**
 * One network of the split: seed `cfg.seed + m`; with `validation_fraction`, its own random share of
 * the training basins is held back, scored after every epoch (MSE of basin-mean predictions of the
 * standardised target) and the best epoch is kept.
 */
function trainMember(cfg: TrainConfig, m: number, dir: string, trainGroups: LabelGroup[], info: ModelInfo, normStack: NormalizedStack, resume: boolean) {
  const seed = cfg.seed + m;
  const inner = cfg.validation_fraction > 0 ? randomSplit(trainGroups, cfg.validation_fraction, seed * 31 + 17) : { train: trainGroups.map((_, i) => i), test: [] };
  const fitGroups = inner.train.map((i) => trainGroups[i]);
  const validationGroups = inner.test.map((i) => trainGroups[i]);
  mkdirSync(dir, { recursive: true });
  manualSeed(seed);
  const net = new PreActResNet(info.network).to(cfg.device);
  const optimizer = new optim.Adam(net.parameters(), { lr: cfg.learning_rate, weightDecay: cfg.weight_decay });
  const k = cfg.patch_size;
  const memberCfg = { ...cfg, seed };
  const validationCells = [...new Set(validationGroups.flatMap((g) => Array.from(g.cells)))];
  const history = fit<Batch>({
    model: net,
    optimizer,
    epochs: cfg.epochs,
    seed,
    runDir: dir,
    resume,
    label: `cwsc ${info.split}${cfg.ensemble > 1 ? ` member ${m + 1}/${cfg.ensemble}` : ""}`,
    batches: (epoch) => {
      // cosine decay to 1 % of the rate over the epochs
      optimizer.lr = cfg.learning_rate * (0.01 + 0.99 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / Math.max(1, cfg.epochs - 1))));
      return epochBatches(fitGroups, info, memberCfg, epoch);
    },
    loss: (b) => {
      const x = tensor(patchesAt(normStack, b.cells, k, b.flips), [b.cells.length, normStack.channels, k, k]).to(cfg.device);
      const y = tensor(Float32Array.from(b.targets)).to(cfg.device);
      return losses.mseLoss(net.forward(x), y);
    },
    afterEpoch: validationGroups.length ? () => ({ validation_mse: validationMse(net, info, normStack, validationGroups, validationCells, cfg.device) }) : undefined,
    keepCheckpoints: validationGroups.length ? { last: 1, best: { metric: "validation_mse", mode: "min" } } : undefined,
  });
  const validated = history.filter((h) => Number.isFinite(h.validation_mse));
  const epoch = validated.length ? validated.reduce((a, h) => (h.validation_mse < a.validation_mse ? h : a)).epoch : history[history.length - 1].epoch;
  if (epoch !== history[history.length - 1].epoch) loadCheckpointModel(dir, epoch, net);
  return { net, history, epoch };
}

/** MSE over validation groups of the basin-mean prediction, in the network's standardised target. */
function validationMse(net: PreActResNet, info: ModelInfo, normStack: NormalizedStack, validationGroups: LabelGroup[], cells: number[], device: string): number {
  const pred = predictCells(net, info, normStack, cells, device);
  const byCell = new Map(cells.map((c, j) => [c, fromCapacity(info.target, pred[j])]));
  const errors = validationGroups.map((g) => (groupMean(g, (c) => byCell.get(c) as number) - fromCapacity(info.target, g.value)) ** 2);
  return errors.reduce((a, b) => a + b, 0) / errors.length;
}
function epochBatches(trainGroups: LabelGroup[], info: ModelInfo, cfg: TrainConfig, epoch: number): Batch[] {
  const rand = seededRandom(cfg.seed * 7919 + epoch);
  const samples: [number, number][] = [];
  for (const g of trainGroups) {
    const target = fromCapacity(info.target, g.value);
    const cells = g.cells.length <= cfg.cells_per_group ? Array.from(g.cells) : shuffled(Array.from(g.cells), Math.floor(rand() * 2 ** 31)).slice(0, cfg.cells_per_group);
    for (const c of cells) samples.push([c, target]);
  }
  const order = shuffled(samples, cfg.seed * 104729 + epoch);
  const out: Batch[] = [];
  for (let i = 0; i < order.length; i += cfg.batch_size) {
    const part = order.slice(i, i + cfg.batch_size);
    if (part.length < 2) continue; // batch norm needs two samples
    out.push({ cells: part.map((s) => s[0]), targets: part.map((s) => s[1]), flips: Uint8Array.from(part, () => (cfg.augment ? Math.floor(rand() * 4) : 0)) });
  }
  return out;
}

/** Predicts every cell of the split's groups and scores the training and test groups; writes predictions.csv and the scatter plot. */
export function scoreSplit(net: CwscNet, info: ModelInfo, normStack: NormalizedStack, groups: LabelGroup[], split: GroupSplit, device: string, dir: string | null) {
  const used = [...split.train, ...split.test];
  const cells = [...new Set(used.flatMap((i) => Array.from(groups[i].cells)))];
  const pred = predictCells(net, info, normStack, cells, device);
  const byCell = new Map(cells.map((c, j) => [c, pred[j]]));
  const value = (c: number) => byCell.get(c) as number;
  const score = (idx: number[]) => {
    const labels = idx.map((i) => groups[i].value);
    const predicted = idx.map((i) => groupMean(groups[i], value));
    const cl = idx.flatMap((i) => Array.from(groups[i].cells, () => groups[i].value));
    const cp = idx.flatMap((i) => Array.from(groups[i].cells, value));
    return { s: scores(labels, predicted, cl, cp), labels, predicted };
  };
  const train = score(split.train);
  const test = score(split.test);
  // the linear baseline on the same inputs and split
  const features = groups.map((g) => groupFeatures(normStack, g));
  const ridge = ridgeCv(split.train.map((i) => features[i]), split.train.map((i) => fromCapacity(info.target, groups[i].value)), info.seed);
  const ridgeScore = (idx: number[]) => {
    const labels = idx.map((i) => groups[i].value);
    const predicted = idx.map((i) => toCapacity(info, ridge.predict(features[i])));
    const cl = idx.flatMap((i) => Array.from(groups[i].cells, () => groups[i].value));
    const cp = idx.flatMap((i, j) => Array.from(groups[i].cells, () => predicted[j]));
    return scores(labels, predicted, cl, cp);
  };
  const baseline = { lambda: ridge.lambda, train: ridgeScore(split.train), test: ridgeScore(split.test) };
  if (dir) {
    const f = (v: number) => Number(v.toPrecision(6));
    const rows = [
      ...split.train.map((i, j) => [groups[i].id, "train", f(groups[i].value), f(train.predicted[j]), groups[i].cells.length]),
      ...split.test.map((i, j) => [groups[i].id, "test", f(groups[i].value), f(test.predicted[j]), groups[i].cells.length]),
    ];
    writeFileAtomic(join(dir, "predictions.csv"), toCsv(["id", "set", "label_mm", "predicted_mm", "cells"], rows));
    writeScatterChart(
      join(dir, "scatter.png"),
      [
        { label: `training basins (R2 ${train.s.r2.toFixed(2)})`, x: train.labels, y: train.predicted, color: "#9aa7b8" },
        { label: `test basins (R2 ${test.s.r2.toFixed(2)})`, x: test.labels, y: test.predicted, color: "#d62728", radius: 4 },
      ],
      { title: `Storage capacity, ${split.kind} split: network vs calibration`, xLabel: "calibrated capacity (mm)", yLabel: "predicted capacity, mean over the basin's cells (mm)", identity: true, log: true },
    );
  }
  return { train: train.s, test: test.s, baseline };
}
