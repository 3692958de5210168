// The training loop shared by every capability: epochs of batches inside tidy() scopes, a progress
// bar, loss.csv, a checkpoint per epoch, resume, and Ctrl-C that stops after the current batch
// without losing the last complete epoch.
import { join } from "node:path";
import { manualSeed, tidy, Tensor } from "../torch/index.js";
import type { nn, optim } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { progressBar } from "./progress.js";
import { pruneCheckpoints, resumeFrom, saveCheckpoint } from "./checkpoint.js";
import { existsSync } from "node:fs";
import { cellNumber, readTable } from "../util/table.js";
import { Interrupted, watchInterrupt } from "../util/interrupt.js";

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  [metric: string]: number;
}

export interface FitOptions<B> {
  model: nn.Module;
  optimizer: optim.Optimizer;
  epochs: number;
  seed: number;
  runDir: string;
  /** Batches of one epoch, in an order that may depend on the epoch (and only on it, so resume is exact). */
  batches: (epoch: number) => B[];
  /** Returns the scalar loss of one batch; the trainer runs backward and the optimizer step. */
  loss: (batch: B) => Tensor;
  /** Called after each epoch's optimizer steps, e.g. for validation metrics, gradient clipping is done in beforeStep. */
  afterEpoch?: (epoch: number) => Record<string, number>;
  beforeStep?: () => void;
  /** Early stopping: asked after each epoch's checkpoint with the history so far. */
  stop?: (history: EpochRecord[]) => boolean;
  resume?: boolean;
  label?: string;
  /** stepped after every epoch (after afterEpoch), with `schedulerMetric` of the epoch's record when given */
  scheduler?: optim.LRScheduler;
  schedulerMetric?: string;
  /** which checkpoints stay on disk: the last `last` (default all) and the best by `best.metric` */
  keepCheckpoints?: { last?: number; best?: { metric: string; mode: "max" | "min" } };
}

export class TrainingInterrupted extends Interrupted {
  constructor(readonly lastCompleteEpoch: number) {
    super(`interrupted; the checkpoint of epoch ${lastCompleteEpoch} is kept, run again with resume to continue`);
  }
}

export function fit<B>(o: FitOptions<B>): EpochRecord[] {
  const history: EpochRecord[] = o.resume ? readHistory(o.runDir) : [];
  const initialLr = o.optimizer.lr;
  let start = o.resume ? resumeFrom(o.runDir, o.model, o.optimizer) : 0;
  if (history.length > start) history.length = start;
  // a resumed scheduler is replayed from its first epoch over the completed ones, so its state is exactly what it was
  if (o.scheduler && history.length) {
    o.optimizer.lr = initialLr;
    for (const r of history) o.scheduler.step(schedulerValue(o, r));
  }
  const interrupt = watchInterrupt("stopping after this batch");
  try {
    for (let epoch = start + 1; epoch <= o.epochs; epoch++) {
      manualSeed(o.seed * 10007 + epoch);
      o.model.train();
      const batches = o.batches(epoch);
      const bar = progressBar(`${o.label ?? "train"} epoch ${epoch}/${o.epochs}`, batches.length);
      let sum = 0;
      for (let i = 0; i < batches.length; i++) {
        const value = tidy(() => {
          o.optimizer.zeroGrad();
          const loss = o.loss(batches[i]);
          loss.backward();
          o.beforeStep?.();
          o.optimizer.step();
          return loss.item();
        });
        if (!Number.isFinite(value)) throw new Error(`training diverged: loss is ${value} in epoch ${epoch}, batch ${i + 1}`);
        sum += value;
        bar.update(i + 1, { loss: (sum / (i + 1)).toFixed(4) });
        if (interrupt.requested) {
          bar.stop();
          throw new TrainingInterrupted(epoch - 1);
        }
      }
      bar.stop();
      o.model.eval();
      const record: EpochRecord = { epoch, train_loss: sum / batches.length, lr: o.optimizer.lr, ...(o.afterEpoch?.(epoch) ?? {}) };
      history.push(record);
      saveCheckpoint(o.runDir, epoch, o.model, o.optimizer);
      writeHistory(o.runDir, history);
      if (o.keepCheckpoints) pruneCheckpoints(o.runDir, keptEpochs(history, o.keepCheckpoints));
      o.scheduler?.step(schedulerValue(o, record));
      start = epoch;
      if (o.stop?.(history)) break;
    }
  } finally {
    interrupt.release();
  }
  return history;
}

function schedulerValue<B>(o: FitOptions<B>, r: EpochRecord): number | undefined {
  if (!o.schedulerMetric) return undefined;
  const v = r[o.schedulerMetric];
  if (v === undefined) throw new Error(`scheduler metric '${o.schedulerMetric}' is not in epoch ${r.epoch}'s record (${Object.keys(r).join(", ")})`);
  return v;
}

/** The epochs whose checkpoints are kept: the newest `last` and the best by a metric. */
export function keptEpochs(history: EpochRecord[], keep: NonNullable<FitOptions<unknown>["keepCheckpoints"]>): Set<number> {
  const epochs = history.map((r) => r.epoch);
  const kept = new Set(epochs.slice(-(keep.last ?? epochs.length)));
  if (keep.best) {
    const { metric, mode } = keep.best;
    const scored = history.filter((r) => Number.isFinite(r[metric]));
    if (scored.length) kept.add(scored.reduce((a, r) => ((mode === "max" ? r[metric] > a[metric] : r[metric] < a[metric]) ? r : a)).epoch);
  }
  return kept;
}

function writeHistory(runDir: string, history: EpochRecord[]): void {
  const keys = [...new Set(history.flatMap((r) => Object.keys(r)))];
  const lines = [keys.join(","), ...history.map((r) => keys.map((k) => (r[k] === undefined ? "" : String(r[k]))).join(","))];
  writeFileAtomic(join(runDir, "loss.csv"), lines.join("\n") + "\n");
}

function readHistory(runDir: string): EpochRecord[] {
  const path = join(runDir, "loss.csv");
  if (!existsSync(path)) return [];
  const t = readTable(path, { delimiter: "," });
  return t.rows.map((_, i) => Object.fromEntries(t.columns.map((k, c) => [k, cellNumber(t, i, c)])) as EpochRecord);
}
