// `catchment surrogate train`: a U-Net on a dataset's training patches (original or expanded), the
// eight symmetries of the square as augmentation, Adam with cosine annealing, a loss weighted towards
// wet cells, validation each epoch, checkpoints and resume; the best validated epoch is the model.
import { existsSync, mkdirSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadWeights, manualSeed, noGrad, optim, tensor, tidy, Tensor } from "../torch/index.js";
import { fit, EpochRecord } from "../train/trainer.js";
import { loadCheckpointModel } from "../train/checkpoint.js";
import { RunFolder } from "../util/run-folder.js";
import { Rng, shuffled } from "../util/random.js";
import { catchmentVersion } from "../util/run-info.js";
import { writeLineChart } from "../viz/chart.js";
import { readManifest } from "./dataset/manifest.js";
import { batchOf, loadSplit, PatchSet, PatchStats } from "./data.js";
import { Encoding, inputChannels } from "./encoding.js";
import { hazardRatingTensor } from "./hazard.js";
import { createSurrogate, SurrogateNet } from "./models/registry.js";
import { readSurrogateMeta, saveSurrogateModel, SurrogateMeta, TrainingDomain } from "./model-file.js";
import { scoreMaps } from "./scores.js";
import { SurrogateTrainConfig } from "./train-config.js";

export interface TrainSession {
  threads: number;
  command: string;
  resume: boolean;
}

/** The weighted loss: |error| of depth and velocity and of HR = d(v + 0.5), wet cells weighted up. */
export function surrogateLoss(pred: Tensor, y: Tensor, cfg: Pick<SurrogateTrainConfig, "wet_weight" | "wet_depth" | "hazard_weight">): Tensor {
  const wet = y.narrow(1, 0, 1).gt(cfg.wet_depth).float();
  const w = wet.mul(cfg.wet_weight - 1).add(1);
  const fields = pred.sub(y).abs().mul(w).mean();
  if (cfg.hazard_weight === 0) return fields;
  const hr = hazardRatingTensor(pred).sub(hazardRatingTensor(y)).abs().mul(w).mean();
  return fields.add(hr.mul(cfg.hazard_weight));
}

/** Predictions [N, 2, P, P] of a patch set, in batches, without gradients. */
export function predictSet(net: SurrogateNet, set: PatchSet, device = "cpu", batch = 8): Float32Array {
  const n = set.size * set.size * 2;
  const out = new Float32Array(set.ids.length * n);
  const was = net.training;
  net.eval();
  noGrad(() => {
    for (let i = 0; i < set.ids.length; i += batch) {
      const idx = Array.from({ length: Math.min(batch, set.ids.length - i) }, (_, k) => i + k);
      out.set(tidy(() => net.forward(batchOf(set, idx, null, device).x).to("cpu").data() as Float32Array), i * n);
    }
  });
  if (was) net.train();
  return out;
}

/** The maps of channel `ch` (0 depth, 1 velocity) of all patches, concatenated. */
export function channel(values: Float32Array, patches: number, size: number, ch: number): Float32Array {
  const n = size * size;
  const out = new Float32Array(patches * n);
  for (let p = 0; p < patches; p++) out.set(values.subarray(p * 2 * n + ch * n, p * 2 * n + ch * n + n), p * n);
  return out;
}

function percentiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return [at(0.01), at(0.99)];
}

export function trainingDomain(stats: PatchStats[]): TrainingDomain {
  return {
    patches: stats.length,
    relief_m: percentiles(stats.map((s) => s.relief_m)),
    mean_slope: percentiles(stats.map((s) => s.mean_slope)),
    building_fraction: percentiles(stats.map((s) => s.building_fraction)),
  };
}

/** A path as it should be recorded in a shipped file: relative to the working directory when inside it (no home folders of the machine that trained it). */
function portablePath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && r.split(sep)[0] !== ".." && !isAbsolute(r) ? r : p;
}

/** A fine-tuning start must be a surrogate of this run's scenario, encoding and architecture. */
function checkInit(dir: string, want: Pick<SurrogateMeta, "scenario" | "encoding" | "arch">): void {
  const meta = readSurrogateMeta(dir);
  if (!existsSync(join(dir, "weights.safetensors"))) throw new Error(`init: ${dir} has no weights.safetensors`);
  for (const key of ["scenario", "encoding", "arch"] as const)
    if (!isDeepStrictEqual(meta[key], want[key])) throw new Error(`init: ${join(dir, "model.json")} has ${key} ${JSON.stringify(meta[key])}, but this run needs ${JSON.stringify(want[key])}`);
}

export interface SurrogateTrainResult {
  runDir: string;
  modelDir: string;
  history: EpochRecord[];
  bestEpoch: number;
  trainPatches: number;
}

export function trainSurrogate(cfg: SurrogateTrainConfig, runDir: string, s: TrainSession): SurrogateTrainResult {
  if (!s.resume && existsSync(join(runDir, "checkpoints", "latest.json"))) throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another run folder`);
  const m = readManifest(cfg.dataset);
  if (cfg.depression_channel && m.scenario.boundary === "closed") throw new Error(`depression_channel: ${cfg.dataset} was simulated with closed boundaries, where no water leaves the patch; the channel fills depressions from an open edge`);
  const encoding: Encoding = { c: cfg.terrain_scale, ...(cfg.depression_channel ? { depression: { building_height_m: m.scenario.building_height_m } } : {}) };
  const arch = { model: cfg.model, base: cfg.base, depth: cfg.depth, norm: cfg.norm, inputs: inputChannels(encoding) };
  if (m.scenario.patch_size % 2 ** (cfg.depth - 1) !== 0) throw new Error(`depth: a U-Net of depth ${cfg.depth} needs patches divisible by ${2 ** (cfg.depth - 1)}; this dataset's are ${m.scenario.patch_size}`);
  if (cfg.init) checkInit(cfg.init, { scenario: m.scenario, encoding, arch });
  const train = loadSplit(cfg.dataset, m, "train", { variants: cfg.variants === "expanded", encoding, limit: cfg.max_patches });
  const validation = loadSplit(cfg.dataset, m, "validation", { variants: false, encoding, limit: cfg.max_patches });
  if (train.ids.length === 0) throw new Error(`${cfg.dataset}: no simulated training patches yet; build the dataset first (catchment surrogate dataset)`);
  mkdirSync(runDir, { recursive: true });
  const folder = RunFolder.start(runDir, { config: cfg, command: s.command, threads: s.threads, device: cfg.device, seeds: { seed: cfg.seed }, resume: s.resume, extra: { train_patches: train.ids.length, validation_patches: validation.ids.length } });
  try {
    const r = run(cfg, runDir, s, m.scenario, encoding, arch, train, validation);
    folder.note({ model_epoch: r.bestEpoch });
    folder.finish("complete");
    return r;
  } catch (e) {
    folder.finish(e instanceof Error && e.name === "TrainingInterrupted" ? "interrupted" : "failed", e);
    throw e;
  }

  function run(
    cfg: SurrogateTrainConfig,
    runDir: string,
    s: TrainSession,
    scenario: SurrogateMeta["scenario"],
    encoding: SurrogateMeta["encoding"],
    arch: SurrogateMeta["arch"],
    train: PatchSet,
    validation: PatchSet,
  ): SurrogateTrainResult {
    manualSeed(cfg.seed);
    const net = createSurrogate(arch);
    if (cfg.init && !s.resume) loadWeights(net, join(cfg.init, "weights.safetensors"));
    net.to(cfg.device);
    const optimizer = new optim.Adam(net.parameters(), { lr: cfg.learning_rate, weightDecay: cfg.weight_decay });
    const scheduler = new optim.CosineAnnealingLR(optimizer, cfg.epochs, cfg.learning_rate * cfg.final_lr_fraction);
    const P = train.size;
    const history = fit<{ idx: number[]; sym: number[] }>({
      model: net,
      optimizer,
      epochs: cfg.epochs,
      seed: cfg.seed,
      runDir,
      resume: s.resume,
      label: `surrogate ${cfg.variants}`,
      scheduler,
      keepCheckpoints: { last: cfg.keep_checkpoints, best: { metric: "validation_loss", mode: "min" } },
      batches: (epoch) => {
        const order = shuffled(
          Array.from({ length: train.ids.length }, (_, i) => i),
          cfg.seed * 7919 + epoch,
        );
        const rng = new Rng(cfg.seed * 104729 + epoch);
        const out: { idx: number[]; sym: number[] }[] = [];
        for (let i = 0; i < order.length; i += cfg.batch_size) {
          const idx = order.slice(i, i + cfg.batch_size);
          out.push({ idx, sym: idx.map(() => (cfg.augment ? rng.int(0, 7) : 0)) });
        }
        return out;
      },
      loss: ({ idx, sym }) => {
        const { x, y } = batchOf(train, idx, sym, cfg.device);
        return surrogateLoss(net.forward(x), y, cfg);
      },
      afterEpoch: (): Record<string, number> => {
        if (validation.ids.length === 0) return {};
        const pred = predictSet(net, validation, cfg.device);
        const n = validation.ids.length;
        const sc = scoreMaps(channel(validation.targets, n, P, 0), channel(pred, n, P, 0), channel(validation.targets, n, P, 1), channel(pred, n, P, 1));
        const vloss = tidy(() => surrogateLoss(tensor(pred, [n, 2, P, P]), tensor(validation.targets, [n, 2, P, P]), cfg).item());
        return { validation_loss: vloss, validation_depth_d1: sc.depth_d1, validation_depth_rmse: sc.depth_rmse, "validation_depth_csi0.1": sc["depth_csi0.1"], validation_velocity_d1: sc.velocity_d1 };
      },
    });
    const scored = history.filter((h) => Number.isFinite(h.validation_loss));
    const bestEpoch = scored.length ? scored.reduce((a, h) => (h.validation_loss < a.validation_loss ? h : a)).epoch : history[history.length - 1].epoch;
    if (bestEpoch !== history[history.length - 1].epoch) loadCheckpointModel(runDir, bestEpoch, net);
    const modelDir = join(runDir, "model");
    saveSurrogateModel(modelDir, net, {
      format: "catchment-surrogate-model",
      version: 1,
      scenario,
      encoding,
      arch,
      domain: trainingDomain(train.stats),
      trained: { dataset: portablePath(cfg.dataset), variants: cfg.variants, epochs: history.length, epoch_kept: bestEpoch, catchment_version: catchmentVersion(), ...(cfg.init ? { init: portablePath(cfg.init) } : {}) },
    });
    const curves = [{ label: "training loss", x: history.map((h) => h.epoch), y: history.map((h) => h.train_loss) }];
    if (scored.length) curves.push({ label: "validation loss", x: scored.map((h) => h.epoch), y: scored.map((h) => h.validation_loss) });
    writeLineChart(join(runDir, "loss_curve.png"), curves, { title: `Surrogate training (${cfg.variants})`, integerX: true, xLabel: "epoch", yLabel: "weighted L1 loss" });
    return { runDir, modelDir, history, bestEpoch, trainPatches: train.ids.length };
  }
}
