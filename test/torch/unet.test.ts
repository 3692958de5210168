import { test } from "node:test";
import assert from "node:assert/strict";
import { nn, randn, tidy, grad } from "../../src/torch/index.js";

test("U-Net: output shape, skip connections carry gradient to every parameter, size check", () => {
  tidy(() => {
    const net = new nn.UNet({ inChannels: 3, outChannels: 2, base: 4, depth: 3, norm: "group" });
    const x = randn([2, 3, 16, 16]).requiresGrad_();
    const y = net.forward(x);
    assert.deepEqual(y.shape, [2, 2, 16, 16]);
    const params = net.parameters();
    const grads = grad(y.square().mean(), [x, ...params]);
    grads.forEach((g, i) => assert.ok(g && g.abs().sum().item() > 0, `gradient ${i} is zero`));
    assert.equal(net.namedParameters().filter(([k]) => k.startsWith("up")).length, 4, "two transposed convs with bias");
    assert.throws(() => net.forward(randn([1, 3, 18, 18])), /needs height and width divisible by 4, got 18×18/);
  });
});
