// bench:dem: one training step of the downscaling U-Net (residual, base 16, depth 4, group norm,
// masked MSE + slope term, Adam) on [8, 4, 128, 128] against the same model in PyTorch
// (python3-torch), same threads, medians after warm-up, rounds alternating the two sides; then
// the prediction of a 2,000 × 2,000 test area (windows, stitching) timed end to end.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { getNumThreads, manualSeed, optim, randn, ones, setNumThreads, tidy } from "../../src/torch/index.js";
import { DemNet, DemModelInfo } from "../../src/dem/model.js";
import { demLoss } from "../../src/dem/train.js";
import { predictScene } from "../../src/dem/predict.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const o = new Command()
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--rounds <n>", "rounds per side", "3")
  .option("--steps <n>", "timed steps per round", "5")
  .option("--predict-size <n>", "side of the predicted test area (cells)", "2000")
  .parse()
  .opts<{ threads: string; rounds: string; steps: string; predictSize: string }>();
const threads = Number(o.threads);
const rounds = Number(o.rounds);
const steps = Number(o.steps);
setNumThreads(threads);
const [B, C, S, base, depth] = [8, 4, 128, 16, 4];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

function ours(): number {
  manualSeed(0);
  const inputs = ["gdem_alos", "gdem_aster", "gdem_nasadem", "gdem_srtm"];
  const net = new DemNet({ inputs, elevation_inputs: C, mode: "residual", base, depth, norm: "group" });
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const x = randn([B, C, S, S]);
  const y = randn([B, 1, S, S]);
  const m = ones([B, 1, S, S]);
  const step = () =>
    tidy(() => {
      opt.zeroGrad();
      const loss = demLoss(net.forward(x), y, m, "mse", 0.5);
      loss.backward();
      opt.step();
      loss.item();
    });
  for (let i = 0; i < 2; i++) step();
  const t: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    t.push((performance.now() - t0) / 1000);
  }
  net.dispose();
  opt.dispose();
  [x, y, m].forEach((v) => v.dispose());
  return median(t);
}

function peer(): number {
  const out = execFileSync("/usr/bin/python3", [join(root, "bench", "dem", "peer.py"), "--threads", String(threads), "--steps", String(steps), "--base", String(base), "--depth", String(depth), "--channels", String(C)], { encoding: "utf8" });
  return median((JSON.parse(out) as { step_seconds: number[] }).step_seconds);
}

console.log(`threads: ${threads}; residual U-Net base ${base}, depth ${depth}, group norm; batch [${B}, ${C}, ${S}, ${S}]; masked MSE + slope term; Adam`);
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1}/${rounds}: PyTorch…\n`);
  b.push(peer());
  process.stderr.write(`round ${r + 1}/${rounds}: catchment…\n`);
  a.push(ours());
}
console.log(`train step seconds (median per round): catchment ${a.map((s) => s.toFixed(3)).join(", ")}; pytorch ${b.map((s) => s.toFixed(3)).join(", ")}`);
const ratio = median(a) / median(b);

// prediction of a 2,000 × 2,000 area with an untrained model of the shipped shape (the cost does not depend on the weights)
const N = Number(o.predictSize);
manualSeed(1);
const net = new DemNet({ inputs: ["gdem_alos", "gdem_aster", "gdem_nasadem", "gdem_srtm"], elevation_inputs: 4, mode: "residual", base, depth, norm: "group" });
net.eval();
const info: DemModelInfo = { format: "catchment-dem-1", net: net.config, normalization: { elevation_scale: 3, layers: [] }, cell: 5, patch_size: 96, synthetic_training_inputs: true, trained_on: [], epoch: 0 };
const plane = Float32Array.from({ length: N * N }, (_, i) => 20 + 0.01 * (i % N) + 0.02 * Math.floor(i / N));
const t0 = performance.now();
predictScene({ net, info, dir: "(bench)" }, { width: N, height: N, inputs: [plane, plane, plane, plane], names: info.net.inputs, elevationChannels: 4, target: null }, { batchSize: 16 });
const predictSeconds = (performance.now() - t0) / 1000;
console.log(`prediction of ${N}×${N} cells (96-cell windows, stride 48, blended): ${predictSeconds.toFixed(1)} s`);
console.log(`dem speed: train_step_ratio=${ratio.toFixed(2)} predict_2000_s=${predictSeconds.toFixed(1)}`);
