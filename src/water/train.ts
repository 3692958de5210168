// Training the pixel CNN with the common trainer: balanced epochs of 7x7 windows, cross-entropy of
// the two class scores, Adam, a checkpoint per epoch (resumable), on any libtorch device.
import { losses, manualSeed, optim } from "../torch/index.js";
import { BandNormalization } from "../geo/patches.js";
import { fit, EpochRecord } from "../train/trainer.js";
import { PixelCnn, Activation } from "./model.js";
import { ModelJson, WaterModel } from "./model-file.js";
import { Sample, SampleSet, Stack, balancedEpoch, gatherBatch } from "./samples.js";

export interface TrainOptions {
  epochs: number;
  samplesPerClass: number;
  batchSize: number;
  learningRate: number;
  widths: [number, number, number, number];
  activation: Activation;
  seed: number;
  runDir: string;
  resume?: boolean;
  device?: string;
  label?: string;
}

export interface TrainData {
  stacks: Stack[];
  water: SampleSet;
  land: SampleSet;
  bands: string[];
  normalization: BandNormalization[];
}

export interface TrainResult {
  model: WaterModel;
  history: EpochRecord[];
}

export function trainPixelCnn(data: TrainData, o: TrainOptions, meta: Pick<ModelJson, "threshold" | "trained">): TrainResult {
  const device = o.device ?? "cpu";
  manualSeed(o.seed);
  const net = new PixelCnn({ bands: data.bands.length, widths: o.widths, activation: o.activation }).to(device);
  const optimizer = new optim.Adam(net.parameters(), { lr: o.learningRate });
  const history = fit<Sample[]>({
    model: net,
    optimizer,
    epochs: o.epochs,
    seed: o.seed,
    runDir: o.runDir,
    resume: o.resume,
    label: o.label ?? "pixel CNN",
    keepCheckpoints: { last: 2 },
    batches: (epoch) => {
      const samples = balancedEpoch(data.water, data.land, o.samplesPerClass, o.seed * 100003 + epoch);
      const out: Sample[][] = [];
      for (let i = 0; i < samples.length; i += o.batchSize) out.push(samples.slice(i, i + o.batchSize));
      return out;
    },
    loss: (batch) => {
      const { x, y } = gatherBatch(data.stacks, batch, device);
      const logits = net.forward(x).reshape(batch.length, 2);
      return losses.crossEntropy(logits, y);
    },
  });
  net.eval();
  const model: WaterModel = {
    dir: o.runDir,
    net,
    meta: {
      format: "catchment-water-pixel-cnn",
      version: 1,
      bands: data.bands,
      normalization: data.normalization,
      architecture: { window: 7, widths: o.widths, activation: o.activation },
      classes: ["land", "water"],
      threshold: meta.threshold,
      trained: meta.trained,
    },
  };
  return { model, history };
}

/** The threshold on the balanced-trained probability that undoes the 50 % prior: 1 − the water share. */
export function priorThreshold(waterShare: number): number {
  return Math.min(0.99, Math.max(0.01, 1 - waterShare));
}

/** The posterior under the scene's prior from a probability learned under a 50 % prior. */
export function priorCorrected(p: number, waterShare: number): number {
  const a = waterShare * p;
  return a / (a + (1 - waterShare) * (1 - p));
}
