// bench:water: the pixel CNN of seed 001 (B = 8, 38,514 parameters) against the same network in
// PyTorch (python3-torch), same threads, same data:
//   epoch    one training epoch of balanced 7x7 windows from the Havel scene (gathering, forward,
//            backward, Adam), the same pixels in the same order and the same initial weights;
//   predict  the water probability of a 5,000 x 5,000 scene tiled from the Havel bands, normalised
//            and run as a convolution in 512-pixel tiles.
// Rounds alternate the two sides; medians after a warm-up. Ends with the ratio line.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { getNumThreads, losses, manualSeed, optim, saveSafetensors, setNumThreads, tensor, tidy, Tensor } from "../../src/torch/index.js";
import { loadConfig } from "../../src/util/config.js";
import { waterSchema, waterPathKeys } from "../../src/water/config.js";
import { loadScene } from "../../src/water/scene.js";
import { indexLabels } from "../../src/water/indices.js";
import { PixelCnn } from "../../src/water/model.js";
import { WaterModel } from "../../src/water/model-file.js";
import { predictRaster } from "../../src/water/predict.js";
import { balancedEpoch, candidates, fitBandNormalization, gatherBatch, normalize, Sample } from "../../src/water/samples.js";
import { Raster } from "../../src/geo/raster.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const program = new Command()
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--samples <n>", "windows per class in the training epoch", "10000")
  .option("--size <n>", "width and height of the predicted scene", "5000")
  .option("--rounds <n>", "timed rounds per side", "3")
  .parse();
const o = program.opts<{ threads: string; samples: string; size: string; rounds: string }>();
const threads = Number(o.threads);
const size = Number(o.size);
const rounds = Number(o.rounds);
setNumThreads(threads);
const BATCH = 256;

const configPath = join(root, "examples", "water", "havel.yml");
const cfg = loadConfig(configPath, waterSchema, { pathKeys: waterPathKeys });
const raster = loadScene(cfg.scene as NonNullable<typeof cfg.scene>);
if (cfg.labels.source !== "index") throw new Error("havel.yml: expected index labels");
const labels = indexLabels(cfg, raster, cfg.labels.water, cfg.labels.land);
const scenes = [{ raster, labels, trainMask: null }];
const normalization = fitBandNormalization(scenes);
const stack = normalize(raster, normalization);
const { water, land } = candidates(scenes, [stack]);
const epochSamples = balancedEpoch(water, land, Number(o.samples), 7);
const batches: Sample[][] = [];
for (let i = 0; i < epochSamples.length; i += BATCH) batches.push(epochSamples.slice(i, i + BATCH));

manualSeed(1);
const init = new PixelCnn({ bands: raster.bands.length });
const dir = mkdtempSync(join(tmpdir(), "bench-water-"));
const file = join(dir, "data.safetensors");
const tensors = new Map<string, Tensor>([...init.stateDict()].map(([k, v]) => [`model.${k}`, v]));
tensors.set("stack", tensor(stack.data, [stack.bands, stack.height, stack.width]));
tensors.set("pixels", tensor(Int32Array.from(epochSamples, (s) => s.pixel), [epochSamples.length]));
tensors.set("labels", tensor(Int32Array.from(epochSamples, (s) => s.label), [epochSamples.length]));
const rawBands = new Float32Array(raster.bands.length * raster.width * raster.height);
raster.bands.forEach((b, i) => rawBands.set(b.data as Float32Array, i * raster.width * raster.height));
tensors.set("raw", tensor(rawBands, [raster.bands.length, raster.height, raster.width]));
tensors.set("mean", tensor(Float32Array.from(normalization, (n) => n.mean)));
tensors.set("std", tensor(Float32Array.from(normalization, (n) => n.std)));
saveSafetensors(file, tensors);

function ourEpoch(): number {
  const net = new PixelCnn({ bands: raster.bands.length });
  net.loadStateDict(init.stateDict());
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const step = (batch: Sample[]) =>
    tidy(() => {
      opt.zeroGrad();
      const { x, y } = gatherBatch([stack], batch);
      const loss = losses.crossEntropy(net.forward(x).reshape(batch.length, 2), y);
      loss.backward();
      opt.step();
      loss.item();
    });
  step(batches[0]); // warm-up
  const t0 = performance.now();
  for (const b of batches) step(b);
  const s = (performance.now() - t0) / 1000;
  net.dispose();
  opt.dispose();
  return s;
}

/** The size x size scene tiled from the Havel bands, as the peer builds it. */
function bigScene(): Raster {
  const bands = raster.bands.map((b) => {
    const data = new Float32Array(size * size);
    for (let y = 0; y < size; y++) {
      const src = (y % raster.height) * raster.width;
      for (let x = 0; x < size; x += raster.width) data.set((b.data as Float32Array).subarray(src, src + Math.min(raster.width, size - x)), y * size + x);
    }
    return { ...b, data };
  });
  return { ...raster, width: size, height: size, bands };
}

const model: WaterModel = {
  dir: "(bench)",
  net: init,
  meta: { format: "catchment-water-pixel-cnn", version: 1, bands: raster.bands.map((b) => b.name), normalization, architecture: { window: 7, widths: [16, 32, 64, 128], activation: "relu" }, threshold: 0.5, classes: ["land", "water"], trained: {} },
};
init.eval();

function ourPredict(scene: Raster): number {
  const t0 = performance.now();
  predictRaster(model, scene, { tile: 512 });
  return (performance.now() - t0) / 1000;
}

function peer(mode: "train" | "predict"): number {
  const args = [join(root, "bench", "water", "peer.py"), "--threads", String(threads), "--data", file, "--mode", mode, "--batch", String(BATCH), "--width", String(size), "--height", String(size), "--rounds", "1"];
  return (JSON.parse(execFileSync("/usr/bin/python3", args, { encoding: "utf8", maxBuffer: 1 << 20 })) as { seconds: number[] }).seconds[0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
console.log(`threads: ${threads}; pixel CNN B = ${raster.bands.length} (${init.numParameters()} parameters); epoch: ${epochSamples.length} windows = ${batches.length} batches of ${BATCH}; predict: ${size} x ${size} pixels in 512-pixel tiles`);
const ours = { epoch: [] as number[], predict: [] as number[] };
const theirs = { epoch: [] as number[], predict: [] as number[] };
ourEpoch(); // warm-up of the whole path
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1}/${rounds}: training epoch, PyTorch then catchment\n`);
  theirs.epoch.push(peer("train"));
  ours.epoch.push(ourEpoch());
}
const scene = bigScene();
predictRaster(model, { ...scene, width: 600, height: 600, bands: scene.bands.map((b) => ({ ...b, data: b.data.subarray(0, 600 * 600) })) }); // warm-up
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1}/${rounds}: ${size} x ${size} prediction, PyTorch then catchment\n`);
  theirs.predict.push(peer("predict"));
  ours.predict.push(ourPredict(scene));
}
const f = (xs: number[]) => xs.map((s) => s.toFixed(2)).join(", ");
console.log(`epoch seconds: catchment ${f(ours.epoch)}; pytorch ${f(theirs.epoch)}`);
console.log(`predict seconds (${size} x ${size}): catchment ${f(ours.predict)}; pytorch ${f(theirs.predict)}`);
console.log(`water speed: epoch_ratio=${(median(ours.epoch) / median(theirs.epoch)).toFixed(2)} predict_ratio=${(median(ours.predict) / median(theirs.predict)).toFixed(2)}`);
