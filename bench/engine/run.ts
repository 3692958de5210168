// bench:engine: the same four training steps (forward, backward, Adam) in catchment and in PyTorch
// (Debian's python3-torch, same libtorch), same thread count, medians after warm-up.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { Tensor, getNumThreads, losses, manualSeed, optim, randn, setNumThreads, tidy, nn } from "../../src/torch/index.js";
import { EALSTMModel, LstmModel, convNet, unet } from "./models.js";

interface Case {
  make: () => nn.Module & { forward(...x: Tensor[]): Tensor };
  inputs: () => Tensor[];
  target: () => Tensor;
  warmup: number;
  /** timed steps per round; rounds alternate PyTorch and catchment so drift in the machine's speed hits both */
  steps: number;
  rounds: number;
}

const cases: Record<string, Case> = {
  conv: { make: convNet, inputs: () => [randn([8, 2, 64, 64])], target: () => randn([8, 1, 64, 64]), warmup: 3, steps: 10, rounds: 3 },
  unet: { make: unet, inputs: () => [randn([4, 2, 256, 256])], target: () => randn([4, 1, 256, 256]), warmup: 1, steps: 2, rounds: 2 },
  lstm: { make: () => new LstmModel(), inputs: () => [randn([64, 270, 5])], target: () => randn([64, 1]), warmup: 2, steps: 5, rounds: 3 },
  ealstm: { make: () => new EALSTMModel(), inputs: () => [randn([256, 270, 5]), randn([256, 27])], target: () => randn([256, 1]), warmup: 1, steps: 2, rounds: 2 },
};

function timeSteps(c: Case, steps: number): number[] {
  const model = c.make();
  const inputs = c.inputs();
  const target = c.target();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const times: number[] = [];
  for (let k = 0; k < c.warmup + steps; k++) {
    const t0 = performance.now();
    tidy(() => {
      opt.zeroGrad();
      const loss = losses.mseLoss(model.forward(...inputs), target);
      loss.backward();
      opt.step();
      loss.item();
    });
    if (k >= c.warmup) times.push((performance.now() - t0) / 1000);
  }
  model.dispose();
  opt.dispose();
  return times;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const program = new Command()
  .option("--threads <n>", "threads on both sides", String(getNumThreads()))
  .option("--only <list>", "comma-separated subset of conv,unet,lstm,ealstm", "conv,unet,lstm,ealstm")
  .option("--peer-tuned-malloc", "give PyTorch the same glibc malloc thresholds catchment sets (MALLOC_*_ environment)")
  .option("--quick", "one round of one timed step (a smoke run, not a measurement)")
  .parse();
const opts = program.opts<{ threads: string; only: string; quick?: boolean; peerTunedMalloc?: boolean }>();
const threads = Number(opts.threads);
const names = opts.only.split(",");
setNumThreads(threads);
manualSeed(0);

const peerScript = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bench", "engine", "peer.py");

function peerSteps(name: string, warmup: number, steps: number): number[] {
  const args = [peerScript, "--threads", String(threads), "--only", name, "--warmup", String(warmup), "--steps", String(steps)];
  const env = opts.peerTunedMalloc
    ? { ...process.env, MALLOC_MMAP_THRESHOLD_: String(32 << 20), MALLOC_TRIM_THRESHOLD_: String(1 << 30), MALLOC_TOP_PAD_: String(64 << 20) }
    : process.env;
  const out = JSON.parse(execFileSync("/usr/bin/python3", args, { encoding: "utf8", env })) as Record<string, number[]>;
  return out[name];
}

const ratios: Record<string, number> = {};
console.log(
  `threads: ${threads}; OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(auto)"}; PyTorch malloc: ${opts.peerTunedMalloc ? "tuned like catchment" : "glibc defaults"}; medians of full training steps (forward, backward, Adam)`,
);
console.log("model   catchment s/step   pytorch s/step   ratio");
for (const name of names) {
  const c = cases[name];
  if (!c) throw new Error(`unknown benchmark '${name}'; expected conv, unet, lstm or ealstm`);
  const steps = opts.quick ? 1 : c.steps;
  const rounds = opts.quick ? 1 : c.rounds;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`${name}: round ${r + 1}/${rounds}, PyTorch…\n`);
    theirs.push(...peerSteps(name, c.warmup, steps));
    process.stderr.write(`${name}: round ${r + 1}/${rounds}, catchment…\n`);
    ours.push(...timeSteps(c, steps));
  }
  ratios[name] = median(ours) / median(theirs);
  console.log(`${name.padEnd(7)} ${median(ours).toFixed(4).padStart(16)} ${median(theirs).toFixed(4).padStart(16)} ${ratios[name].toFixed(3).padStart(7)}`);
}
console.log(`engine ratio (catchment/pytorch): ${names.map((n) => `${n}=${ratios[n].toFixed(2)}`).join(" ")}`);
