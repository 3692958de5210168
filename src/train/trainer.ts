// The training loop shared by every capability: epochs of batches inside tidy() scopes, a progress
// bar, loss.csv, a checkpoint per epoch, resume, and Ctrl-C that stops after the current batch
// without losing the last complete epoch.
import { join } from "node:path";
import { manualSeed, tidy, Tensor } from "../torch/index.js";
import type { nn, optim } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { progressBar } from "./progress.js";
import { resumeFrom, saveCheckpoint } from "./checkpoint.js";
import { existsSync, readFileSync } from "node:fs";
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
}

export class TrainingInterrupted extends Interrupted {
  constructor(readonly lastCompleteEpoch: number) {
    super(`interrupted; the checkpoint of epoch ${lastCompleteEpoch} is kept, run again with resume to continue`);
  }
}

export function fit<B>(o: FitOptions<B>): EpochRecord[] {
  const history: EpochRecord[] = o.resume ? readHistory(o.runDir) : [];
  let start = o.resume ? resumeFrom(o.runDir, o.model, o.optimizer) : 0;
  if (history.length > start) history.length = start;
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
      start = epoch;
      if (o.stop?.(history)) break;
    }
  } finally {
    interrupt.release();
  }
  return history;
}

function writeHistory(runDir: string, history: EpochRecord[]): void {
  const keys = [...new Set(history.flatMap((r) => Object.keys(r)))];
  const lines = [keys.join(","), ...history.map((r) => keys.map((k) => (r[k] === undefined ? "" : String(r[k]))).join(","))];
  writeFileAtomic(join(runDir, "loss.csv"), lines.join("\n") + "\n");
}

function readHistory(runDir: string): EpochRecord[] {
  const path = join(runDir, "loss.csv");
  if (!existsSync(path)) return [];
  const [head, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const keys = head.split(",");
  return rows.map((row) => Object.fromEntries(row.split(",").map((v, i) => [keys[i], v === "" ? NaN : Number(v)])) as EpochRecord);
}
