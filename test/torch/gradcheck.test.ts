// Finite-difference checks: analytic gradients from autograd against central differences in float64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { F, Tensor, grad, manualSeed, noGrad, randn, tidy } from "../../src/torch/index.js";

function gradcheck(name: string, fn: (x: Tensor) => Tensor, shape: number[], h = 1e-6, tol = 1e-6): void {
  tidy(() => {
    const x = randn(shape, { dtype: "float64" }).requiresGrad_();
    const [analytic] = grad(fn(x).sum(), x);
    assert.ok(analytic);
    const a = analytic.toFloat64Array();
    const base = x.detach();
    const flat = base.reshape(-1);
    const n = flat.numel();
    const probe = Math.min(n, 24);
    for (let k = 0; k < probe; k++) {
      const i = Math.floor((k * n) / probe);
      const numeric = noGrad(() => {
        const orig = flat.select(0, i).item();
        flat.select(0, i).fill_(orig + h);
        const up = fn(base).sum().item();
        flat.select(0, i).fill_(orig - h);
        const down = fn(base).sum().item();
        flat.select(0, i).fill_(orig);
        return (up - down) / (2 * h);
      });
      const err = Math.abs(numeric - a[i]);
      assert.ok(err <= tol * (1 + Math.abs(numeric)), `${name}: d/dx[${i}] analytic ${a[i]} vs numeric ${numeric}`);
    }
  });
}

test("gradients agree with central finite differences", () => {
  manualSeed(7);
  const w = randn([4, 3, 3, 3], { dtype: "float64" });
  const wt = randn([3, 2, 2, 2], { dtype: "float64" });
  gradcheck("conv2d", (x) => F.conv2d(x, w, null, { padding: 1, stride: 2 }).tanh(), [2, 3, 6, 6]);
  gradcheck("conv_transpose2d", (x) => F.convTranspose2d(x, wt, null, { stride: 2 }).square(), [1, 3, 4, 4]);
  gradcheck("group_norm", (x) => F.groupNorm(x, 2).mul(x), [2, 4, 3, 3]);
  gradcheck("bilinear upsampling", (x) => F.interpolate(x, { scaleFactor: 2, mode: "bilinear" }).square(), [1, 2, 3, 3]);
  gradcheck("avg pool + softplus", (x) => F.softplus(F.avgPool2d(x, 2)), [1, 2, 4, 4]);
  gradcheck("log-softmax", (x) => x.logSoftmax(1).mul(x.sigmoid()), [3, 5]);
  gradcheck("std", (x) => x.std(1).add(x.amax(0).sum()), [4, 6]);
});
