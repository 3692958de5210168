// The depression baseline against a basin whose answer is known.
import { test } from "node:test";
import assert from "node:assert/strict";
import { depressionBaseline, priorityFlood } from "../../src/surrogate/baseline.js";

test("priority flood fills a pit to its lowest rim cell, from an open boundary", () => {
  // 5×5, pit of 0 at the centre, rim at 2 with one notch at 1.5 leading out
  const W = 5;
  const z = Float64Array.from({ length: 25 }, () => 3);
  for (const i of [6, 7, 8, 11, 13, 16, 17, 18]) z[i] = 2;
  z[12] = 0;
  z[7] = 1.5;
  z[2] = 1.4; // the notch's way out to the top edge
  const f = priorityFlood(z, W, W);
  assert.equal(f[12], 1.5);
  assert.equal(f[7], 1.5);
  assert.equal(f[0], 3);
});

test("a flat-bottomed pit on a plateau tilted towards it holds all the rain, as deep as N·R/A", () => {
  const W = 21, H = 21;
  const z = new Float64Array(W * H);
  const pit = new Set<number>();
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const d = Math.max(Math.abs(r - 10), Math.abs(c - 10));
      const i = r * W + c;
      if (d <= 1) {
        z[i] = 0;
        pit.add(i);
      } else z[i] = 1 + 0.001 * d;
    }
  const rain = 0.004; // 4 mm on 441 cells into 9 pit cells: 0.196 m, below the rim (1.002 m)
  const depth = depressionBaseline(z, W, H, rain);
  const expected = (rain * W * H) / pit.size;
  for (let i = 0; i < W * H; i++) {
    if (pit.has(i)) assert.ok(Math.abs(depth[i] - expected) < 1e-6, `pit cell ${i}: ${depth[i]} vs ${expected}`);
    else assert.equal(depth[i], 0);
  }
  // the plateau drains inwards, so the basin's rim is the edge (1.01 m): with more rain than the basin
  // holds, every cell inside the rim stands at 1.01 m and no higher
  const full = depressionBaseline(z, W, H, 1);
  for (let i = 0; i < W * H; i++) assert.ok(Math.abs(full[i] + z[i] - Math.max(1.01, z[i])) < 1e-6, `full: cell ${i} level ${full[i] + z[i]}`);
});
