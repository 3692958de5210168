// Memory is owned by scopes: a long training loop must not grow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { liveTensors, losses, manualSeed, nn, optim, randn, tidy, keep, dispose } from "../../src/torch/index.js";

test("tidy frees what is made inside except what it returns or keeps", () => {
  const before = liveTensors();
  let kept = randn([1]);
  const returned = tidy(() => {
    const a = randn([3]);
    a.mul(2).add(1);
    kept = keep(a.sum());
    return { out: a.exp(), list: [a] };
  });
  assert.equal(liveTensors() - before, 4, "returned tensors (2), kept (1) and the first `kept` (1) survive");
  assert.equal(returned.out.shape[0], 3);
  dispose([returned.out, returned.list, kept]);
  assert.throws(() => tidy(() => {
    randn([2]);
    throw new Error("boom");
  }), /boom/);
  assert.equal(liveTensors() - before, 1, "a throwing tidy frees its tensors too");
});

test("2,000 training steps of a conv net: no tensor leak and RSS flat (< 50 MB growth)", () => {
  manualSeed(0);
  const net = new nn.Sequential(new nn.Conv2d(2, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(16, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(16, 1, 3, { padding: 1 }));
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const x = randn([8, 2, 32, 32]);
  const y = randn([8, 1, 32, 32]);
  const step = () =>
    tidy(() => {
      opt.zeroGrad();
      const loss = losses.mseLoss(net.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    });
  for (let i = 0; i < 200; i++) step(); // warm-up: allocator pools, optimizer state
  global.gc?.();
  const live = liveTensors();
  const rss = process.memoryUsage().rss;
  let last = 0;
  for (let i = 0; i < 2000; i++) last = step();
  global.gc?.();
  const growthMb = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.equal(liveTensors(), live, "live tensor count is unchanged");
  assert.ok(growthMb < 50, `RSS grew by ${growthMb.toFixed(1)} MB`);
  assert.ok(Number.isFinite(last));
});
