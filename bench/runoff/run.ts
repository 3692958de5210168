// bench:runoff: one training epoch of the EA-LSTM on the four-basin CAMELS subset (the real loaders,
// batching, NSE loss, clipping and Adam), against the same model in PyTorch (python3-torch) trained
// on the same batches in the same order. Rounds alternate the two sides; medians.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { getNumThreads, losses, manualSeed, optim, saveSafetensors, setNumThreads, tidy, Tensor } from "../../src/torch/index.js";
import { loadConfig } from "../../src/util/config.js";
import { shuffled } from "../../src/util/random.js";
import { runoffSchema } from "../../src/runoff/config.js";
import { resolvePaths, datasetSpec } from "../../src/runoff/run-dir.js";
import { loadBasin, readBasinFile } from "../../src/runoff/data/basins.js";
import { batchOf, fitNormalization, samplesOf, Sample } from "../../src/runoff/data/samples.js";
import { buildStatics } from "../../src/runoff/statics.js";
import { preparePeriod } from "../../src/runoff/period.js";
import { createModel } from "../../src/runoff/models/registry.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const program = new Command()
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--hidden <n>", "hidden size (Kratzert et al. 2019: 256)", "256")
  .option("--rounds <n>", "timed epochs per side", "2")
  .parse();
const o = program.opts<{ threads: string; hidden: string; rounds: string }>();
const threads = Number(o.threads);
const hidden = Number(o.hidden);
const rounds = Number(o.rounds);
setNumThreads(threads);

const configPath = join(root, "examples", "runoff", "camels_4_basins.yml");
const cfg = resolvePaths(loadConfig(configPath, runoffSchema), configPath);
const ids = readBasinFile(cfg.train_basin_file);
const data = ids.map((id) => loadBasin(datasetSpec(cfg), id));
const norm = fitNormalization(data, cfg.dynamic_inputs, cfg.target_variables[0], cfg.train_start_date, cfg.train_end_date);
const statics = buildStatics(cfg, datasetSpec(cfg), ids, ids);
const train = preparePeriod(cfg, norm, statics, "train", configPath);
const L = cfg.seq_length;
const F = cfg.dynamic_inputs.length;
const order = shuffled(samplesOf(train.basins, L, F, train.start, train.end, true), 1);
const B = cfg.batch_size;
const batches: Sample[][] = [];
for (let i = 0; i < order.length; i += B) batches.push(order.slice(i, i + B));

// the same samples in the same order for PyTorch
const dir = mkdtempSync(join(tmpdir(), "bench-runoff-"));
const all = batchOf(train.basins, order, L, F);
saveSafetensors(join(dir, "epoch.safetensors"), new Map<string, Tensor>([["x", all.x], ["statics", all.statics as Tensor], ["y", all.y], ["std", all.std]]));

function ourEpoch(seed: number): number {
  manualSeed(seed);
  const model = createModel({ model: "ealstm", dynamicInputs: F, staticInputs: statics.names.length, hiddenSize: hidden, initialForgetBias: 0, dropout: 0 });
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const step = (batch: Sample[]) =>
    tidy(() => {
      opt.zeroGrad();
      const b = batchOf(train.basins, batch, L, F);
      const loss = losses.nseLoss(model.forward(b.x, b.statics), b.y, b.std);
      loss.backward();
      optim.clipGradNorm_(model.parameters(), 1);
      opt.step();
      loss.item();
    });
  step(batches[0]); // warm-up
  const t0 = performance.now();
  for (const batch of batches) step(batch);
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  opt.dispose();
  return seconds;
}

function peerEpoch(): number {
  const args = [join(root, "bench", "runoff", "peer.py"), "--threads", String(threads), "--data", join(dir, "epoch.safetensors"), "--batch", String(B), "--hidden", String(hidden), "--rounds", "1"];
  return (JSON.parse(execFileSync("/usr/bin/python3", args, { encoding: "utf8" })) as { epoch_seconds: number[] }).epoch_seconds[0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
console.log(`threads: ${threads}; EA-LSTM hidden ${hidden}, seq_length ${L}, batch ${B}; ${order.length} samples = ${batches.length} batches per epoch (4 CAMELS basins)`);
const ours: number[] = [];
const theirs: number[] = [];
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1}/${rounds}: PyTorch…\n`);
  theirs.push(peerEpoch());
  process.stderr.write(`round ${r + 1}/${rounds}: catchment…\n`);
  ours.push(ourEpoch(r));
}
console.log(`epoch seconds: catchment ${ours.map((s) => s.toFixed(2)).join(", ")}; pytorch ${theirs.map((s) => s.toFixed(2)).join(", ")}`);
console.log(`runoff ratio (catchment/pytorch, one training epoch): ${(median(ours) / median(theirs)).toFixed(2)}`);
