// Forward values and gradients against PyTorch (fixtures from scripts/fixtures/engine.py), float64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { F, losses, nn, Tensor, cat, tidy, zerosLike, optim } from "../../src/torch/index.js";
import { assertClose, get, loadFixture, withPrefix } from "../helpers/fixtures.js";

function asParams<M extends nn.Module>(m: M): M {
  return m.to("float64");
}

test("3-conv net: output, loss and every gradient match PyTorch", () => {
  const fx = loadFixture("conv_net");
  const net = asParams(
    new nn.Sequential(new nn.Conv2d(2, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(16, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(16, 1, 3, { padding: 1 })),
  );
  net.loadStateDict(withPrefix(fx, "init"));
  const x = get(fx, "x").requiresGrad_();
  const y = net.forward(x);
  const loss = losses.mseLoss(y, get(fx, "target"));
  loss.backward();
  assertClose(y, get(fx, "y"), "y");
  assertClose(loss.reshape(1), get(fx, "loss"), "loss");
  assertClose(x.grad, get(fx, "grad.x"), "dL/dx");
  for (const [name, p] of net.namedParameters()) assertClose(p.grad, get(fx, `grad.${name}`), `dL/d${name}`);
});

class Block extends nn.Module {
  enc = this.registerModule("enc", new nn.Conv2d(3, 8, 3, { padding: 1 }));
  bn = this.registerModule("bn", new nn.BatchNorm2d(8));
  down = this.registerModule("down", new nn.Conv2d(8, 16, 3, { padding: 1 }));
  up = this.registerModule("up", new nn.ConvTranspose2d(16, 8, 2, { stride: 2 }));
  gn = this.registerModule("gn", new nn.GroupNorm(4, 16));
  head = this.registerModule("head", new nn.Conv2d(16, 2, 1));
  forward(x: Tensor): Tensor {
    const e = F.relu(this.bn.forward(this.enc.forward(x)));
    const d = F.relu(this.down.forward(F.maxPool2d(e, 2)));
    const u = this.up.forward(d);
    const y = this.head.forward(F.gelu(this.gn.forward(cat([u, e], 1))));
    return F.interpolate(y, { scaleFactor: 2, mode: "bilinear" });
  }
}

test("U-Net block (batch norm, pooling, transposed conv, group norm, bilinear): values, gradients, running stats", () => {
  const fx = loadFixture("unet_block");
  const net = asParams(new Block());
  net.loadStateDict(withPrefix(fx, "init"));
  const x = get(fx, "x").requiresGrad_();
  const y = net.forward(x);
  const loss = y.square().mean().add(losses.l1Loss(y, zerosLike(y)));
  loss.backward();
  assertClose(y, get(fx, "y"), "y");
  assertClose(loss.reshape(1), get(fx, "loss"), "loss");
  assertClose(x.grad, get(fx, "grad.x"), "dL/dx", 1e-8, 1e-10);
  for (const [name, p] of net.namedParameters()) assertClose(p.grad, get(fx, `grad.${name}`), `dL/d${name}`, 1e-8, 1e-10);
  assertClose(net.bn.runningMean, get(fx, "after.bn.running_mean"), "running_mean");
  assertClose(net.bn.runningVar, get(fx, "after.bn.running_var"), "running_var");
});

class LstmModel extends nn.Module {
  lstm = this.registerModule("lstm", new nn.LSTM(5, 8, { batchFirst: true }));
  head = this.registerModule("head", new nn.Linear(8, 1));
  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    const [out, [h, c]] = this.lstm.forward(x);
    return [this.head.forward(out.select(1, -1)), h, c];
  }
}

test("LSTM (aten::lstm) with a linear head: outputs, states and gradients match PyTorch", () => {
  const fx = loadFixture("lstm");
  const net = asParams(new LstmModel());
  net.loadStateDict(withPrefix(fx, "init"));
  const x = get(fx, "x").requiresGrad_();
  const [y, h, c] = net.forward(x);
  const loss = losses.mseLoss(y, get(fx, "target"));
  loss.backward();
  assertClose(y, get(fx, "y"), "y");
  assertClose(h, get(fx, "h"), "h_n");
  assertClose(c, get(fx, "c"), "c_n");
  assertClose(x.grad, get(fx, "grad.x"), "dL/dx");
  for (const [name, p] of net.namedParameters()) assertClose(p.grad, get(fx, `grad.${name}`), `dL/d${name}`);
});

test("losses and activations: values and input gradients match PyTorch", () => {
  const fx = loadFixture("losses");
  const t = get(fx, "t");
  const tb = get(fx, "tb");
  const cases: Record<string, (x: Tensor) => Tensor> = {
    mse: (x) => losses.mseLoss(x, t),
    l1: (x) => losses.l1Loss(x, t),
    huber: (x) => losses.huberLoss(x, t, 0.7),
    bce_logits: (x) => losses.binaryCrossEntropyWithLogits(x, tb, { posWeight: tb.select(0, 0).mul(0).add(2) }),
    cross_entropy: (x) => losses.crossEntropy(x, get(fx, "cls"), { labelSmoothing: 0.1 }),
    softmax_sum: (x) => x.softmax(1).mul(t).sum(),
    logsoftmax_sum: (x) => x.logSoftmax(1).mul(t).sum(),
    sigmoid_tanh: (x) => x.sigmoid().mul(t.add(x).tanh()).sum(),
    leaky_elu_softplus: (x) => F.leakyRelu(x, 0.2).add(F.elu(x)).add(F.softplus(x)).sum(),
    std_var: (x) => x.std(0).sum().add(x.var(1, false, 0).sum()),
  };
  for (const [name, fn] of Object.entries(cases)) {
    tidy(() => {
      const x = get(fx, "x").detach().requiresGrad_();
      const v = fn(x);
      v.backward();
      assertClose(v.reshape(1), get(fx, `${name}.value`), `${name} value`);
      assertClose(x.grad, get(fx, `${name}.grad`), `${name} gradient`);
    });
  }
  const p = get(fx, "p").detach().requiresGrad_();
  const v = losses.binaryCrossEntropy(p, tb);
  v.backward();
  assertClose(v.reshape(1), get(fx, "bce.value"), "bce value");
  assertClose(p.grad, get(fx, "bce.grad"), "bce gradient");
});

test("optimizer trajectories (SGD nesterov, Adam with clipping, AdamW) match PyTorch over 10 steps", () => {
  const fx = loadFixture("optimizers");
  const x = get(fx, "x");
  const y = get(fx, "y");
  const makers: Record<string, (p: Tensor[]) => optim.Optimizer> = {
    sgd: (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
    adam: (p) => new optim.Adam(p, { lr: 0.05, weightDecay: 0.001 }),
    adamw: (p) => new optim.AdamW(p, { lr: 0.05, weightDecay: 0.1 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    const net = asParams(new nn.Linear(4, 3));
    net.loadStateDict(withPrefix(fx, "init"));
    const opt = make(net.parameters());
    for (let step = 0; step < 10; step++) {
      tidy(() => {
        opt.zeroGrad();
        losses.mseLoss(net.forward(x), y).backward();
        if (name === "adam") optim.clipGradNorm_(net.parameters(), 0.5);
        opt.step();
      });
    }
    for (const [k, p] of net.namedParameters()) {
      assertClose(p, get(fx, `${name}.${k}`), `${name} ${k} after 10 steps`, 1e-9, 1e-12);
      // the trajectory went somewhere: matching PyTorch is not matching the starting point
      const moved = p.sub(get(fx, `init.${k}`)).abs().max().item();
      assert.ok(moved > 1e-3, `${name} ${k} moved only ${moved} in 10 steps`);
    }
  }
});
