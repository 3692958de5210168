import { test } from "node:test";
import assert from "node:assert/strict";
import { losses, tensor } from "../../src/torch/index.js";

test("basin-averaged NSE loss equals a hand computation and skips missing targets", () => {
  // two samples of basin A (σ=1), one of basin B (σ=3), ε = 0.1, one missing target
  const pred = tensor([[1], [2], [4], [9]], { dtype: "float64" });
  const obs = tensor([[0], [2], [1], [NaN]], { dtype: "float64" });
  const std = tensor([[1], [1], [3], [3]], { dtype: "float64" });
  const expected = (1 / 1.1 ** 2 + 0 / 1.1 ** 2 + 9 / 3.1 ** 2) / 3;
  const v = losses.nseLoss(pred, obs, std, 0.1).item();
  assert.ok(Math.abs(v - expected) < 1e-12, `${v} vs ${expected}`);
});
