// The pre-activation ResNet against PyTorch: outputs in training and eval mode, gradients of an
// MSE loss and the running statistics after one training forward (scripts/fixtures/cwsc_resnet.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { loadSafetensors, losses, Tensor } from "../../src/torch/index.js";
import { PreActResNet } from "../../src/cwsc/network.js";
import { assertClose, withPrefix, get } from "../helpers/fixtures.js";

const fixture = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", ".."), "test", "cwsc", "fixtures", "resnet.safetensors");

test("pre-activation ResNet matches PyTorch (forward in train and eval mode, gradients, running statistics)", () => {
  const all = loadSafetensors(fixture).tensors;
  const net = new PreActResNet({ inChannels: 5, blocks: 2, width: 2, dropout: 0 }).to("float64");
  assert.equal(net.depth, 14);
  net.loadStateDict(withPrefix(all, "init"));
  net.train();
  const x = get(all, "x");
  const y = net.forward(x);
  assertClose(y, get(all, "y_train"), "training-mode output");
  const loss = losses.mseLoss(y, get(all, "target"));
  loss.backward();
  assertClose(loss.reshape(1), get(all, "loss"), "loss");
  for (const [name, p] of net.namedParameters()) assertClose(p.grad as Tensor, get(all, `grad.${name}`), `gradient of ${name}`, 1e-7, 1e-10);
  const state = net.stateDict();
  for (const [name, t] of withPrefix(all, "after")) assertClose(state.get(name) as Tensor, t, `after one step: ${name}`);
  net.eval();
  assertClose(net.forward(x), get(all, "y_eval"), "eval-mode output");
});
