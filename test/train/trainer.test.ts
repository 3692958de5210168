// Resume must continue exactly where training stopped: same seed, same data order, same weights.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { losses, manualSeed, nn, optim, randn, Tensor, keep } from "../../src/torch/index.js";
import { fit, TrainingInterrupted } from "../../src/train/trainer.js";

function setup() {
  manualSeed(42);
  const x = keep(randn([32, 3]));
  const y = keep(x.sum(1, true).mul(0.5));
  const model = new nn.Sequential(new nn.Linear(3, 8), new nn.Tanh(), new nn.Dropout(0.2), new nn.Linear(8, 1));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const batches = () => [0, 8, 16, 24];
  const loss = (start: number) => losses.mseLoss(model.forward(x.narrow(0, start, 8)), y.narrow(0, start, 8));
  return { model, optimizer, batches, loss };
}

const weights = (m: nn.Module) => m.parameters().flatMap((p: Tensor) => p.toArray());

test("2 epochs + resume to 4 equals 4 uninterrupted epochs, bit for bit; loss.csv keeps all epochs", () => {
  const a = setup();
  const dirA = mkdtempSync(join(tmpdir(), "fit-a-"));
  fit({ ...a, epochs: 4, seed: 3, runDir: dirA });

  const dirB = mkdtempSync(join(tmpdir(), "fit-b-"));
  const b1 = setup();
  fit({ ...b1, epochs: 2, seed: 3, runDir: dirB });
  const b2 = setup(); // a fresh process would start from new random weights
  const history = fit({ ...b2, epochs: 4, seed: 3, runDir: dirB, resume: true });

  assert.deepEqual(weights(b2.model), weights(a.model));
  assert.deepEqual(history.map((h) => h.epoch), [1, 2, 3, 4]);
  assert.equal(readFileSync(join(dirB, "loss.csv"), "utf8"), readFileSync(join(dirA, "loss.csv"), "utf8"));
});

test("Ctrl-C stops after the current batch, keeps the last complete epoch, and resume finishes the same run", () => {
  const a = setup();
  fit({ ...a, epochs: 3, seed: 5, runDir: mkdtempSync(join(tmpdir(), "fit-c-")) });

  const dir = mkdtempSync(join(tmpdir(), "fit-d-"));
  const b = setup();
  let calls = 0;
  const interrupting = (start: number) => {
    if (++calls === 6) process.emit("SIGINT", "SIGINT"); // second batch of epoch 2
    return b.loss(start);
  };
  assert.throws(() => fit({ ...b, loss: interrupting, epochs: 3, seed: 5, runDir: dir }), (e) => e instanceof TrainingInterrupted && e.lastCompleteEpoch === 1);
  assert.equal(JSON.parse(readFileSync(join(dir, "checkpoints", "latest.json"), "utf8")).epoch, 1);
  assert.ok(!existsSync(join(dir, "checkpoints", "epoch_002.safetensors")));
  const c = setup();
  fit({ ...c, epochs: 3, seed: 5, runDir: dir, resume: true });
  assert.deepEqual(weights(c.model), weights(a.model));
});

test("a diverging loss stops training with a clear error", () => {
  const a = setup();
  assert.throws(() => fit({ ...a, loss: (s) => a.loss(s).div(0), epochs: 1, seed: 1, runDir: mkdtempSync(join(tmpdir(), "fit-e-")) }), /training diverged: loss is (Infinity|NaN) in epoch 1, batch 1/);
});
