// Learning-rate schedules against PyTorch 1.13 (scripts/fixtures/schedulers.py), through the trainer's
// scheduler hook, including a resume in the middle of ReduceLROnPlateau.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { losses, manualSeed, nn, optim, randn, keep, tensor } from "../../src/torch/index.js";
import { fit } from "../../src/train/trainer.js";
import { fixturePath } from "../helpers/fixtures.js";

const ref = JSON.parse(readFileSync(fixturePath("schedulers.json"), "utf8")) as Record<string, number[]> & { base_lr: number };

function lrs(make: (o: optim.Optimizer) => optim.LRScheduler, epochs: number, metrics?: number[]): number[] {
  const opt = new optim.SGD([keep(tensor([0]).requiresGrad_())], { lr: ref.base_lr });
  const s = make(opt);
  return Array.from({ length: epochs }, (_, e) => s.step(metrics?.[e]));
}

const close = (a: number[], b: number[], what: string) => {
  assert.equal(a.length, b.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-12 * Math.max(1, Math.abs(b[i])), `${what} epoch ${i + 1}: ${v} vs ${b[i]}`));
};

test("StepLR, ExponentialLR, CosineAnnealingLR (past T_max) and ReduceLROnPlateau give PyTorch's rates", () => {
  close(lrs((o) => new optim.StepLR(o, 3, 0.5), 10), ref.step_lr, "StepLR");
  close(lrs((o) => new optim.ExponentialLR(o, 0.9), 10), ref.exponential_lr, "ExponentialLR");
  close(lrs((o) => new optim.CosineAnnealingLR(o, 5, 0.01), 12), ref.cosine_lr, "CosineAnnealingLR");
  const m = ref.plateau_metrics;
  close(lrs((o) => new optim.ReduceLROnPlateau(o, { factor: 0.5, patience: 2 }), m.length, m), ref.plateau_lr, "ReduceLROnPlateau");
  close(lrs((o) => new optim.ReduceLROnPlateau(o, { factor: 0.5, patience: 1, cooldown: 2, minLr: 0.02 }), m.length, m), ref.plateau_cooldown_lr, "ReduceLROnPlateau cooldown");
});

test("EpochTableLR: epoch e runs at the rate of the last listed epoch ≤ e (neuralhydrology)", () => {
  const opt = new optim.SGD([keep(tensor([0]).requiresGrad_())], { lr: 1 });
  const s = new optim.EpochTableLR(opt, { 0: 0.1, 2: 0.05, 4: 0.01 });
  const seen = [opt.lr];
  for (let e = 1; e < 6; e++) seen.push(s.step());
  assert.deepEqual(seen, [0.1, 0.05, 0.05, 0.01, 0.01, 0.01]);
});

function setup() {
  manualSeed(42);
  const x = keep(randn([32, 3]));
  const y = keep(x.sum(1, true).mul(0.5));
  const model = new nn.Sequential(new nn.Linear(3, 8), new nn.Tanh(), new nn.Linear(8, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr: ref.base_lr });
  return { model, optimizer, batches: () => [0, 8, 16, 24], loss: (s: number) => losses.mseLoss(model.forward(x.narrow(0, s, 8)), y.narrow(0, s, 8)) };
}

test("fit steps the scheduler after each epoch with the monitored metric, and a resume replays it exactly", () => {
  const m = ref.plateau_metrics;
  const metric = (epoch: number) => ({ val_loss: m[epoch - 1] });
  const plateau = (o: optim.Optimizer) => new optim.ReduceLROnPlateau(o, { factor: 0.5, patience: 2 });
  const a = setup();
  const full = fit({ ...a, epochs: 12, seed: 1, runDir: mkdtempSync(join(tmpdir(), "sched-a-")), afterEpoch: metric, scheduler: plateau(a.optimizer), schedulerMetric: "val_loss" });
  // the rate recorded for epoch e is the one it ran at: PyTorch's rate after e−1 steps
  close(full.map((r) => r.lr), [ref.base_lr, ...ref.plateau_lr.slice(0, 11)], "recorded rates");

  const dir = mkdtempSync(join(tmpdir(), "sched-b-"));
  const b1 = setup();
  fit({ ...b1, epochs: 7, seed: 1, runDir: dir, afterEpoch: metric, scheduler: plateau(b1.optimizer), schedulerMetric: "val_loss" });
  const b2 = setup();
  const resumed = fit({ ...b2, epochs: 12, seed: 1, runDir: dir, resume: true, afterEpoch: metric, scheduler: plateau(b2.optimizer), schedulerMetric: "val_loss" });
  close(resumed.map((r) => r.lr), full.map((r) => r.lr), "rates after resume");
  assert.equal(b2.optimizer.lr, a.optimizer.lr);
});

test("checkpoint retention keeps the last N and the best epoch, and resume still works", () => {
  const dir = mkdtempSync(join(tmpdir(), "keep-"));
  const scores = [0.2, 0.9, 0.4, 0.3, 0.5, 0.1];
  const a = setup();
  fit({ ...a, epochs: 6, seed: 2, runDir: dir, afterEpoch: (e) => ({ score: scores[e - 1] }), keepCheckpoints: { last: 2, best: { metric: "score", mode: "max" } } });
  const files = readdirSync(join(dir, "checkpoints")).filter((f) => f.endsWith(".safetensors")).sort();
  assert.deepEqual(files, ["epoch_002.safetensors", "epoch_005.safetensors", "epoch_006.safetensors"]);
  const b = setup();
  const h = fit({ ...b, epochs: 7, seed: 2, runDir: dir, resume: true, afterEpoch: (e) => ({ score: e === 7 ? 0.95 : scores[e - 1] }), keepCheckpoints: { last: 2, best: { metric: "score", mode: "max" } } });
  assert.equal(h.length, 7);
  assert.deepEqual(readdirSync(join(dir, "checkpoints")).filter((f) => f.endsWith(".safetensors")).sort(), ["epoch_006.safetensors", "epoch_007.safetensors"]);
});

test("freeze: no parameter takes a gradient, the input does", () => {
  const net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1)).freeze();
  const x = randn([2, 3]).requiresGrad_();
  net.forward(x).sum().backward();
  assert.ok(net.parameters().every((p) => p.grad === null && !p.requiresGrad));
  assert.ok(x.grad && x.grad.abs().sum().item() > 0);
  assert.equal(net.training, false);
});
