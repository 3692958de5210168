import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, grad, noGrad, tensor, tidy } from "../../src/torch/index.js";

test("autograd.grad with respect to an input, as design needs for terrain", () => {
  tidy(() => {
    // f(z) = sum(z^3) ⇒ df/dz = 3 z^2
    const z = tensor([1, -2, 0.5], { dtype: "float64", requiresGrad: true });
    const [g] = grad(z.pow(3).sum(), z);
    assert.deepEqual(g?.toArray(), [3, 12, 0.75]);
    assert.equal(z.grad, null, "autograd.grad leaves .grad alone");
  });
});

test("second derivatives through createGraph", () => {
  tidy(() => {
    const z = tensor([2], { dtype: "float64", requiresGrad: true });
    const [g] = grad(z.pow(4).sum(), z, { createGraph: true });
    const [h] = grad((g as Tensor).sum(), z);
    assert.deepEqual(h?.toArray(), [48]); // d²/dz² z⁴ = 12 z² = 48
  });
});

test("backward accumulates into .grad; noGrad records no graph", () => {
  tidy(() => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    assert.deepEqual(w.grad?.toArray(), [6, 6]);
    const y = noGrad(() => w.mul(2));
    assert.equal(y.requiresGrad, false);
    w.grad = null;
    assert.equal(w.grad, null);
  });
});

test("unused inputs give null with allowUnused", () => {
  tidy(() => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const [ga, gb] = grad(a.mul(2).sum(), [a, b], { allowUnused: true });
    assert.deepEqual(ga?.toArray(), [2]);
    assert.equal(gb, null);
  });
});
