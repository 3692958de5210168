// Checkpoints: model and optimizer state in one safetensors file per epoch, and latest.json naming
// the newest complete one. Both are written atomically, so an interruption never leaves a broken
// checkpoint behind.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadSafetensors, saveSafetensors, Tensor, dispose } from "../torch/index.js";
import type { nn, optim } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";

export interface CheckpointInfo {
  epoch: number;
  file: string;
}

function checkpointFile(epoch: number): string {
  return join("checkpoints", `epoch_${String(epoch).padStart(3, "0")}.safetensors`);
}

/** Puts the model weights of an earlier epoch's checkpoint back into the model (e.g. the best validated one). */
export function loadCheckpointModel(runDir: string, epoch: number, model: nn.Module): void {
  const { tensors } = loadSafetensors(join(runDir, checkpointFile(epoch)));
  model.loadStateDict(new Map([...tensors].filter(([k]) => k.startsWith("model.")).map(([k, t]) => [k.slice(6), t])));
  dispose([...tensors.values()]);
}

export function saveCheckpoint(runDir: string, epoch: number, model: nn.Module, optimizer: optim.Optimizer, extra: Record<string, number> = {}): string {
  const tensors = new Map<string, Tensor>();
  for (const [k, t] of model.stateDict()) tensors.set(`model.${k}`, t);
  const opt = optimizer.stateDict();
  for (const [k, t] of opt.tensors) tensors.set(`optimizer.${k}`, t);
  const meta = { epoch, ...Object.fromEntries(Object.entries(opt.meta).map(([k, v]) => [`optimizer.${k}`, v])), ...extra };
  const file = checkpointFile(epoch);
  saveSafetensors(join(runDir, file), tensors, Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)])));
  writeFileAtomic(join(runDir, "checkpoints", "latest.json"), JSON.stringify({ epoch, file } satisfies CheckpointInfo) + "\n");
  return file;
}

export function latestCheckpoint(runDir: string): CheckpointInfo | null {
  const pointer = join(runDir, "checkpoints", "latest.json");
  if (!existsSync(pointer)) return null;
  return JSON.parse(readFileSync(pointer, "utf8")) as CheckpointInfo;
}

/** Restores model and optimizer from the latest checkpoint; returns its epoch (0 when there is none). */
export function resumeFrom(runDir: string, model: nn.Module, optimizer: optim.Optimizer): number {
  const info = latestCheckpoint(runDir);
  if (!info) return 0;
  const { tensors, metadata } = loadSafetensors(join(runDir, info.file));
  const modelState = new Map<string, Tensor>();
  const optState = new Map<string, Tensor>();
  for (const [k, t] of tensors) {
    if (k.startsWith("model.")) modelState.set(k.slice(6), t);
    else if (k.startsWith("optimizer.")) optState.set(k.slice(10), t);
  }
  model.loadStateDict(modelState);
  const meta: Record<string, number> = {};
  for (const [k, v] of Object.entries(metadata)) if (k.startsWith("optimizer.")) meta[k.slice(10)] = Number(v);
  optimizer.loadStateDict({ tensors: optState, meta });
  dispose([...tensors.values()]);
  return Number(metadata.epoch ?? info.epoch);
}

/** Deletes the epoch checkpoints not in `keep` (latest.json's always stays). */
export function pruneCheckpoints(runDir: string, keep: Set<number>): void {
  const dir = join(runDir, "checkpoints");
  const latest = latestCheckpoint(runDir)?.epoch;
  for (const f of readdirSync(dir)) {
    const m = /^epoch_(\d+)\.safetensors$/.exec(f);
    if (m && !keep.has(Number(m[1])) && Number(m[1]) !== latest) rmSync(join(dir, f), { force: true });
  }
}
