// `catchment dem train`: patches of fine DEMs split by blocks into train/validation/test, a fresh
// synthetic degradation per epoch, a U-Net fitted with Adam through the common trainer, the best
// validated epoch saved as a model folder.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve, basename } from "node:path";
import { parse } from "yaml";
import { Tensor, manualSeed, noGrad, optim, tensor, tidy, getNumThreads } from "../torch/index.js";
import { fit, EpochRecord } from "../train/trainer.js";
import { loadCheckpointModel } from "../train/checkpoint.js";
import { Window, blockSplit, slidingWindows, writeRaster } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { shuffled } from "../util/random.js";
import { RunFolder } from "../util/run-folder.js";
import { Interrupted } from "../util/interrupt.js";
import { validateConfig } from "../util/config.js";
import { writeLineChart } from "../viz/chart.js";
import { DemTrainConfig, demTrainSchema } from "./config.js";
import { DemNormalization, RealizationOptions, WindowItem, encodeItems, fitDemNormalization, realize, validFraction } from "./data.js";
import { rng } from "./fields.js";
import { DemNet, DemModelInfo, DemNetConfig, saveDemModel } from "./model.js";
import { TerrainGenerators, patchSeed, proceduralPatch } from "./procedural.js";
import { PreparedSource, prepareSource } from "./sources.js";
import { mixSeed } from "./degrade.js";

interface SceneSplit {
  prepared: PreparedSource;
  train: Window[];
  validation: Window[];
  test: Window[];
}

function splitScene(p: PreparedSource, cfg: DemTrainConfig, k: number): SceneSplit {
  const { width, height, dem } = p.source;
  if (width < cfg.patch_size || height < cfg.patch_size) throw new Error(`${p.path}: ${width}×${height} cells at ${cfg.cell} m is smaller than one ${cfg.patch_size}-cell patch`);
  const all = slidingWindows(width, height, cfg.patch_size, cfg.stride).filter((w) => validFraction(dem, width, w) >= cfg.min_valid_fraction);
  if (cfg.fine_dems[k]?.train_only) return { prepared: p, train: all, validation: [], test: [] };
  const s = blockSplit(all, width, height, cfg.block_size, cfg.split, cfg.split_seed + k);
  return { prepared: p, train: s.train, validation: s.validation, test: s.test };
}

function testMask(s: SceneSplit): Uint8Array {
  const { width, height } = s.prepared.source;
  const m = new Uint8Array(width * height);
  for (const w of s.test) for (let y = w.y; y < w.y + w.size; y++) for (let x = w.x; x < w.x + w.size; x++) m[y * width + x] = 1;
  return m;
}

/** The loss of a batch: MSE or L1 on valid target cells, plus the L1 difference of slopes when asked. */
export function demLoss(pred: Tensor, y: Tensor, mask: Tensor, kind: "mse" | "l1", slopeWeight: number): Tensor {
  const err = pred.sub(y);
  const per = kind === "mse" ? err.square() : err.abs();
  let loss = per.mul(mask).sum().div(mask.sum().clampMin(1));
  if (slopeWeight > 0) {
    const [, , h, w] = pred.shape;
    const diff = (t: Tensor, dim: number, n: number) => t.narrow(dim, 1, n - 1).sub(t.narrow(dim, 0, n - 1));
    const both = (dim: number, n: number) => mask.narrow(dim, 1, n - 1).mul(mask.narrow(dim, 0, n - 1));
    const gx = diff(pred, 3, w).sub(diff(y, 3, w)).abs().mul(both(3, w));
    const gy = diff(pred, 2, h).sub(diff(y, 2, h)).abs().mul(both(2, h));
    const slope = gx.sum().div(both(3, w).sum().clampMin(1)).add(gy.sum().div(both(2, h).sum().clampMin(1)));
    loss = loss.add(slope.mul(slopeWeight));
  }
  return loss;
}

interface Batch {
  items: WindowItem[];
  seed: number;
}

export interface DemTrainResult {
  runDir: string;
  history: EpochRecord[];
  bestEpoch: number;
  modelDir: string;
  trainWindows: number;
  notes: string[];
}

export interface DemSession {
  command?: string;
  threads?: number;
  /** the procedural generators (src/surrogate/procedural, handed in by the CLI); needed when the config has `procedural` */
  generators?: TerrainGenerators;
}

/** The run's config: a new run records it (config.yml, run.json); a resumed one keeps its own, only epochs and device may change. */
function runFiles(runDir: string, cfg: DemTrainConfig, resume: boolean, session: DemSession): { cfg: DemTrainConfig; folder: RunFolder } {
  const path = join(runDir, "config.yml");
  const has = existsSync(join(runDir, "checkpoints", "latest.json"));
  let c = cfg;
  if (resume && has) {
    const raw = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    const stored = validateConfig(path, raw, demTrainSchema);
    const changed = (Object.keys(cfg) as (keyof DemTrainConfig)[]).find((k) => k !== "epochs" && k !== "device" && JSON.stringify(cfg[k]) !== JSON.stringify(stored[k]));
    if (changed) throw new Error(`${path}: key '${changed}' differs from the config given; a resumed run keeps its config (only epochs and device may change)`);
    c = { ...stored, epochs: cfg.epochs, device: cfg.device };
  } else if (has) throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another run folder`);
  mkdirSync(runDir, { recursive: true });
  const folder = RunFolder.start(runDir, { config: c, command: session.command ?? "catchment dem train", threads: session.threads ?? getNumThreads(), device: c.device, seeds: { seed: c.seed, split_seed: c.split_seed }, resume: resume && has });
  return { cfg: c, folder };
}

export function defaultDemRunDir(cfg: DemTrainConfig, configPath: string): string {
  return resolve("runs", "dem", cfg.experiment_name ?? basename(configPath).replace(/\.ya?ml$/i, ""), `seed_${cfg.seed}`);
}

export function trainDem(config: DemTrainConfig, runDir: string, resume = false, log: (s: string) => void = () => {}, session: DemSession = {}): DemTrainResult {
  if (config.procedural && !session.generators) throw new Error("procedural: patches need the terrain generators (train through `catchment dem train`, or pass generators)");
  const { cfg, folder } = runFiles(runDir, config, resume, session);
  try {
    const r = trainRun(cfg, runDir, resume, log, session.generators);
    folder.note({ model_epoch: r.bestEpoch });
    folder.finish("complete");
    return r;
  } catch (e) {
    folder.finish(e instanceof Interrupted ? "interrupted" : "failed", e);
    throw e;
  }
}

/** Weighted combination of per-scene normalizations: the scale in quadrature, layer moments pooled over the scenes that have the layer. */
export function combineNormalizations(fits: { norm: DemNormalization; weight: number }[]): DemNormalization {
  const total = fits.reduce((a, f) => a + f.weight, 0);
  const layers = fits[0].norm.layers.map((l, j) => {
    const given = fits.filter((f) => Number.isFinite(f.norm.layers[j].mean));
    const w = given.reduce((a, f) => a + f.weight, 0);
    if (!w) return { name: l.name, mean: 0, std: 1 };
    const mean = given.reduce((a, f) => a + f.weight * f.norm.layers[j].mean, 0) / w;
    const m2 = given.reduce((a, f) => a + f.weight * (f.norm.layers[j].std ** 2 + f.norm.layers[j].mean ** 2), 0) / w;
    const std = Math.sqrt(Math.max(m2 - mean * mean, 0));
    return { name: l.name, mean, std: std > 1e-6 ? std : 1 };
  });
  return { elevation_scale: Math.sqrt(fits.reduce((a, f) => a + f.weight * f.norm.elevation_scale ** 2, 0) / total), layers };
}

function trainRun(cfg: DemTrainConfig, runDir: string, resume: boolean, log: (s: string) => void, generators?: TerrainGenerators): DemTrainResult {
  const device = cfg.device;
  const notes: string[] = [];
  const splits = cfg.fine_dems.map((d, k) => {
    const p = prepareSource(d, cfg.cell, cfg.layers, cfg.layers_optional);
    notes.push(...p.notes);
    return splitScene(p, cfg, k);
  });
  const proc = cfg.procedural;
  const procWindows = proc ? slidingWindows(proc.size, proc.size, cfg.patch_size, Math.max(1, cfg.patch_size / 2)) : [];
  const patch = (seed: number) => proceduralPatch(generators as TerrainGenerators, seed, proc as NonNullable<typeof proc>, cfg.cell, cfg.layers).source;
  const nTrainFine = splits.reduce((a, s) => a + s.train.length, 0);
  const nTrainProc = proc ? proc.train_patches * procWindows.length : 0;
  const nTrain = nTrainFine + nTrainProc;
  if (nTrain === 0) throw new Error(`no training window: every ${cfg.patch_size}-cell window straddles split blocks or has under ${cfg.min_valid_fraction} valid cells; use a larger block_size or a smaller patch_size`);
  splits.forEach((s, k) => {
    const { width, height } = s.prepared.source;
    writeRaster(join(runDir, `test_area_${k}.tif`), { ...s.prepared.grid, bands: [{ name: "test_area", type: "Byte", nodata: null, data: testMask(s) }] });
    log(`${s.prepared.path}: ${width}×${height} cells; windows train ${s.train.length}, validation ${s.validation.length}, test ${s.test.length}`);
  });
  if (proc) log(`procedural: ${proc.train_patches} new ${proc.size}×${proc.size} patches per epoch (${procWindows.length} windows each), ${proc.validation_patches} for validation`);
  writeFileAtomic(join(runDir, "split.json"), JSON.stringify(splits.map((s) => ({ dem: s.prepared.path, train: s.train, validation: s.validation, test: s.test }))) + "\n");

  const realization = (seed: number, nominal = false): RealizationOptions => ({ seed, gdems: cfg.gdems, jitter: nominal ? 0 : cfg.jitter, reliefScale: nominal ? [1, 1] : cfg.relief_scale, canopyCover: cfg.canopy_cover });
  const real = (k: number, seed: number) => realize(splits[k].prepared.source, realization(seed));
  // normalization from the training windows of a seeded realization (nominal relief) of every fine DEM and of 8 procedural patches
  const normScenes = splits.map((s) => realize(s.prepared.source, realization(mixSeed(cfg.seed, 1), true)));
  const fits = splits.flatMap((s, k) => (s.train.length ? [{ norm: fitDemNormalization(normScenes[k], s.train), weight: s.train.length / nTrain }] : []));
  if (proc)
    for (let i = 0; i < 8; i++) {
      const sc = realize(patch(patchSeed(proc, "train", i, 0)), realization(mixSeed(cfg.seed, 3 + i), true));
      fits.push({ norm: fitDemNormalization(sc, procWindows), weight: nTrainProc / nTrain / 8 });
      if (i === 0) normScenes.push(sc);
    }
  const norm = combineNormalizations(fits);
  writeFileAtomic(join(runDir, "normalization.json"), JSON.stringify(norm, null, 2) + "\n");
  const inputs = normScenes[0].names;
  const netConfig: DemNetConfig = { inputs, elevation_inputs: cfg.gdems.length, mode: cfg.mode, base: cfg.base, depth: cfg.depth, norm: cfg.norm, ...(cfg.layers_optional ? { layer_flags: true } : {}) };
  const encodeOpts = { layerFlags: cfg.layers_optional };

  // validation: one fixed realization per scene with nominal relief, layers as given
  const valScenes = splits.map((s) => realize(s.prepared.source, { ...realization(mixSeed(cfg.seed, 2)), reliefScale: [1, 1] }));
  const validation: WindowItem[] = splits.flatMap((s, k) => s.validation.map((w) => ({ scene: valScenes[k], window: w })));
  if (proc)
    for (let i = 0; i < proc.validation_patches; i++) {
      const sc = realize(patch(patchSeed(proc, "validation", i)), { ...realization(mixSeed(cfg.seed, 1000 + i)), reliefScale: [1, 1] });
      for (const w of procWindows) validation.push({ scene: sc, window: w });
    }

  manualSeed(cfg.seed);
  const net = new DemNet(netConfig);
  if (device !== "cpu") net.to(device);
  const optimizer = new optim.Adam(net.parameters(), { lr: cfg.learning_rate, weightDecay: cfg.weight_decay });
  const toDevice = (t: Tensor) => (device === "cpu" ? t : t.to(device));
  const evaluate = (): Record<string, number> => {
    if (!validation.length) return {};
    let se = 0, seMean = 0, n = 0;
    noGrad(() => {
      for (let i = 0; i < validation.length; i += cfg.batch_size)
        tidy(() => {
          const b = encodeItems(validation.slice(i, i + cfg.batch_size), norm, encodeOpts);
          const x = toDevice(tensor(b.x, b.shape));
          const pred = net.forward(x).to("cpu").data() as Float32Array;
          const base = x.narrow(1, 0, netConfig.elevation_inputs).mean(1, true).to("cpu").data() as Float32Array;
          for (let j = 0; j < pred.length; j++)
            if (b.mask[j]) {
              se += (pred[j] - b.y[j]) ** 2;
              seMean += (base[j] - b.y[j]) ** 2;
              n++;
            }
        });
    });
    const s = norm.elevation_scale;
    return { validation_rmse_m: Math.sqrt(se / n) * s, validation_rmse_gdem_mean_m: Math.sqrt(seMean / n) * s };
  };

  const trainItems = splits.flatMap((s, k) => s.train.map((w) => ({ k, w })));
  const history = fit<Batch>({
    model: net,
    optimizer,
    epochs: cfg.epochs,
    seed: cfg.seed,
    runDir,
    resume,
    label: `dem ${cfg.mode}`,
    batches: (epoch) => {
      optimizer.lr = cfg.learning_rate * cfg.lr_decay ** (epoch - 1);
      const items: WindowItem[] = [];
      if (trainItems.length)
        for (let rep = 0; rep < cfg.realizations; rep++) {
          const scenes = splits.map((_, k) => real(k, mixSeed(cfg.seed * 100003 + epoch, k * 31 + rep)));
          const drawn = shuffled(trainItems, mixSeed(cfg.seed, epoch * 97 + rep)).slice(0, Math.max(1, Math.ceil(cfg.window_fraction * trainItems.length)));
          for (const it of drawn) items.push({ scene: scenes[it.k], window: it.w });
        }
      if (proc)
        for (let i = 0; i < proc.train_patches; i++) {
          const sc = realize(patch(patchSeed(proc, "train", i, epoch)), realization(mixSeed(cfg.seed * 7919 + epoch, i)));
          for (const w of procWindows) items.push({ scene: sc, window: w });
        }
      const order = shuffled(items, mixSeed(cfg.seed + 5, epoch));
      const out: Batch[] = [];
      for (let i = 0; i < order.length; i += cfg.batch_size) out.push({ items: order.slice(i, i + cfg.batch_size), seed: mixSeed(epoch * 1009, out.length) });
      return out;
    },
    loss: (b) => {
      const e = encodeItems(b.items, norm, { ...encodeOpts, augment: rng(b.seed), layerDropout: cfg.layer_dropout });
      const x = toDevice(tensor(e.x, e.shape));
      const y = toDevice(tensor(e.y, [e.shape[0], 1, e.shape[2], e.shape[3]]));
      const mask = toDevice(tensor(e.mask, [e.shape[0], 1, e.shape[2], e.shape[3]]));
      return demLoss(net.forward(x), y, mask, cfg.loss, cfg.slope_weight);
    },
    afterEpoch: () => evaluate(),
  });

  const validated = history.filter((r) => Number.isFinite(r.validation_rmse_m));
  const best = validated.length ? validated.reduce((a, r) => (r.validation_rmse_m < a.validation_rmse_m ? r : a)) : history[history.length - 1];
  if (best.epoch !== history[history.length - 1].epoch) loadCheckpointModel(runDir, best.epoch, net);
  const modelDir = join(runDir, "model");
  const info: DemModelInfo = {
    format: "catchment-dem-1",
    net: netConfig,
    normalization: norm,
    cell: cfg.cell,
    patch_size: cfg.patch_size,
    synthetic_training_inputs: true,
    trained_on: [...cfg.fine_dems.map((d) => basename(d.path)), ...(proc ? [`procedural patches (${proc.train_patches} new ${proc.size}×${proc.size} per epoch, seed ${proc.seed}; bare-ground target)`] : [])],
    epoch: best.epoch,
    metrics: { validation_rmse_m: best.validation_rmse_m, validation_rmse_gdem_mean_m: best.validation_rmse_gdem_mean_m },
  };
  if (device !== "cpu") net.to("cpu");
  saveDemModel(modelDir, net, info);
  const curves = [{ label: `training loss (${cfg.loss}${cfg.slope_weight ? " + slope" : ""}, normalized)`, x: history.map((h) => h.epoch), y: history.map((h) => h.train_loss) }];
  if (validated.length) {
    curves.push({ label: "validation RMSE (m)", x: validated.map((h) => h.epoch), y: validated.map((h) => h.validation_rmse_m) });
    curves.push({ label: "validation RMSE of the mean global DEM (m)", x: validated.map((h) => h.epoch), y: validated.map((h) => h.validation_rmse_gdem_mean_m) });
  }
  writeLineChart(join(runDir, "loss_curve.png"), curves, { title: `DEM downscaling (${cfg.mode})`, integerX: true, xLabel: "epoch", yLabel: "loss / RMSE", logY: true });
  return { runDir, history, bestEpoch: best.epoch, modelDir, trainWindows: nTrain, notes };
}
