// A trained cwsc network on disk: model.safetensors (weights) and model.json (what it needs to
// predict: input channels and their normalisation, patch size, architecture, target transform,
// and the groups it was trained and tested on).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadWeights, saveSafetensors } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { CwscNet, ResNetConfig, createCwscNet } from "./network.js";
import { ChannelNormalization } from "./patches.js";

export interface ModelInfo {
  format: "catchment-cwsc-resnet/1";
  channels: string[];
  log: string[];
  normalization: ChannelNormalization[];
  patch_size: number;
  network: ResNetConfig;
  target: { transform: "log" | "linear"; mean: number; std: number };
  split: string;
  train_groups: string[];
  test_groups: string[];
  epochs: number;
  seed: number;
  /** a seed ensemble of this many networks, their outputs averaged (absent: one network) */
  members?: number;
  /** each member's kept epoch (the best on its validation groups, or the last) */
  member_epochs?: number[];
}

export function saveModel(dir: string, net: CwscNet, info: ModelInfo): void {
  saveSafetensors(join(dir, "model.safetensors"), net.stateDict(), { format: info.format });
  writeFileAtomic(join(dir, "model.json"), JSON.stringify(info, null, 2) + "\n");
}

export function loadModel(dir: string, device = "cpu"): { net: CwscNet; info: ModelInfo } {
  for (const f of ["model.json", "model.safetensors"]) if (!existsSync(join(dir, f))) throw new Error(`${join(dir, f)}: not found; is ${dir} a cwsc model folder?`);
  const info = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ModelInfo;
  if (info.format !== "catchment-cwsc-resnet/1") throw new Error(`${join(dir, "model.json")}: format '${info.format}', expected catchment-cwsc-resnet/1`);
  const net = createCwscNet(info.network, info.members ?? 1);
  loadWeights(net, join(dir, "model.safetensors"));
  net.to(device).eval();
  return { net, info };
}

/** Network output → capacity in mm. */
export function toCapacity(info: ModelInfo, y: number): number {
  const v = y * info.target.std + info.target.mean;
  return info.target.transform === "log" ? Math.exp(v) : v;
}

export function fromCapacity(t: ModelInfo["target"], mm: number): number {
  return ((t.transform === "log" ? Math.log(mm) : mm) - t.mean) / t.std;
}
