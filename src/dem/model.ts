// The downscaling network: a U-Net on the stacked inputs that predicts the fine DEM either
// directly or as a residual over the mean of the upsampled global DEMs; and the model folder
// (weights, model.json with the inputs, normalization and recipe).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Module } from "../torch/nn/module.js";
import { UNet } from "../torch/nn/unet.js";
import { Tensor, loadWeights, noGrad, saveSafetensors } from "../torch/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { DemNormalization, inputChannels } from "./data.js";

export type DemMode = "residual" | "direct";

export interface DemNetConfig {
  inputs: string[];
  /** the first this-many inputs are elevations (global DEMs) */
  elevation_inputs: number;
  mode: DemMode;
  base: number;
  depth: number;
  norm: "batch" | "group" | "none";
  /** layers (the inputs after the elevations) are optional: one given-flag channel per layer follows the inputs */
  layer_flags?: boolean;
}

export class DemNet extends Module {
  readonly unet: UNet;
  constructor(readonly config: DemNetConfig) {
    super();
    this.unet = this.registerModule("unet", new UNet({ inChannels: inputChannels(config.inputs.length, config.elevation_inputs, config.layer_flags === true), outChannels: 1, base: config.base, depth: config.depth, norm: config.norm }));
    // a residual model starts as the mean of its global DEMs
    if (config.mode === "residual") noGrad(() => this.stateDict().forEach((t, k) => k.startsWith("unet.head.") && t.zero_()));
  }

  /** Input height and width must be divisible by 2^(depth − 1). Output [N, 1, H, W] in normalized units. */
  forward(x: Tensor): Tensor {
    const y = this.unet.forward(x);
    if (this.config.mode === "direct") return y;
    return y.add(x.narrow(1, 0, this.config.elevation_inputs).mean(1, true));
  }

  /** The multiple that window sides must be. */
  get sizeMultiple(): number {
    return 2 ** (this.config.depth - 1);
  }
}

export interface DemModelInfo {
  format: "catchment-dem-1";
  net: DemNetConfig;
  normalization: DemNormalization;
  /** target cell size (m) the model was trained for */
  cell: number;
  patch_size: number;
  /** true: trained on synthetic degradations of fine DEMs */
  synthetic_training_inputs: boolean;
  trained_on: string[];
  epoch: number;
  metrics?: Record<string, number>;
}

export function saveDemModel(dir: string, net: DemNet, info: DemModelInfo): void {
  saveSafetensors(join(dir, "model.safetensors"), net.stateDict(), { format: info.format, epoch: String(info.epoch) });
  writeFileAtomic(join(dir, "model.json"), JSON.stringify(info, null, 2) + "\n");
}

export interface LoadedDemModel {
  net: DemNet;
  info: DemModelInfo;
  dir: string;
}

export function loadDemModel(dir: string, device = "cpu"): LoadedDemModel {
  const jsonPath = join(dir, "model.json");
  if (!existsSync(jsonPath)) throw new Error(`${dir}: not a DEM model folder (no model.json)`);
  const info = JSON.parse(readFileSync(jsonPath, "utf8")) as DemModelInfo;
  if (info.format !== "catchment-dem-1") throw new Error(`${jsonPath}: format '${info.format}' is not catchment-dem-1`);
  const weights = join(dir, "model.safetensors");
  if (!existsSync(weights)) throw new Error(`${dir}: model.safetensors not found`);
  const net = new DemNet(info.net);
  loadWeights(net, weights);
  if (device !== "cpu") net.to(device);
  net.eval();
  return { net, info, dir };
}
