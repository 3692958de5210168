// The optional depression-depth channel: its analytic values on small surfaces, and the design's
// tensor encoding agreeing with the training encoding, with gradient −1 inside a depression.
import { test } from "node:test";
import assert from "node:assert/strict";
import { depressionDepth, encodePatch, inputChannels } from "../../src/surrogate/encoding.js";
import { DifferentiableSurrogate } from "../../src/design/forward.js";
import { createSurrogate } from "../../src/surrogate/models/registry.js";
import { defaultScenario } from "../../src/surrogate/scenario.js";
import { SurrogateModel } from "../../src/surrogate/model-file.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { manualSeed } from "../../src/torch/index.js";

const H = 5;

test("a pit fills to its rim; a courtyard closed by buildings fills to the roofs; a slope holds nothing", () => {
  const W = 8;
  const ground = new Float32Array(W * W).fill(1);
  ground[2 * W + 2] = 0.7; // pit, rim at 1
  ground[2 * W + 3] = 0.9;
  const buildings = new Float32Array(W * W);
  for (let r = 4; r <= 6; r++) for (let c = 4; c <= 6; c++) if (r !== 5 || c !== 5) buildings[r * W + c] = 1;
  const d = depressionDepth(ground, buildings, W, W, H);
  assert.ok(Math.abs(d[2 * W + 2] - 0.3) < 1e-6 && Math.abs(d[2 * W + 3] - 0.1) < 1e-6);
  assert.ok(Math.abs(d[5 * W + 5] - H) < 1e-6, `courtyard ${d[5 * W + 5]}`);
  const dry = Array.from(d).filter((v, i) => ![2 * W + 2, 2 * W + 3, 5 * W + 5].includes(i));
  assert.ok(dry.every((v) => v === 0));
  const slope = Float32Array.from({ length: W * W }, (_, i) => (i % W) * 0.1);
  assert.ok(depressionDepth(slope, new Float32Array(W * W), W, W, H).every((v) => v === 0));
});

test("a nodata cell is a wall: the basin it closes holds water, the cell itself 0", () => {
  const W = 5;
  const ground = new Float32Array(W * W).fill(0);
  for (let i = 0; i < W * W; i++) if (i % W === 2 && Math.floor(i / W) < 4) ground[i] = NaN; // wall with a gap at the bottom
  ground[4 * W + 2] = 0.5; // the gap is a sill 0.5 m high
  for (let r = 0; r < W; r++) ground[r * W + 4] = 2; // high right edge
  ground[1 * W + 3] = -0.2;
  const d = depressionDepth(ground, new Float32Array(W * W), W, W, H);
  assert.equal(d[0 * W + 2], 0);
  assert.ok(Math.abs(d[1 * W + 3] - 0.2) < 1e-6, `${d[1 * W + 3]}`);
});

test("the depression channel is the third input and the design's tensor encoding equals it, with gradient −1 in depressions", () => {
  const P = 32;
  const p = generateUrbanPatch(5, P, P);
  const encoding = { c: 0.5, depression: { building_height_m: H } };
  assert.equal(inputChannels(encoding), 3);
  const x = encodePatch(p.ground, p.buildings, encoding);
  assert.equal(x.length, 3 * P * P);
  const dep = x.subarray(2 * P * P);
  assert.ok(dep.some((v) => v > 0.01), "the procedural patch has depressions");
  manualSeed(2);
  const arch = { model: "unet", base: 4, depth: 3, norm: "group" as const, inputs: 3 };
  const model = { dir: "mem", net: createSurrogate(arch), meta: { scenario: defaultScenario, encoding, arch } } as unknown as SurrogateModel;
  const f = new DifferentiableSurrogate(model, { width: P, height: P, blocked: new Uint8Array(P * P) });
  const z = f.input(p.ground, true);
  const b = f.input(Float32Array.from(p.buildings, (v) => (v > 0 ? 1 : 0)));
  const enc = f.encode(z, b);
  const channels = enc.toArray();
  const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - channels[i])), 0);
  assert.ok(worst < 1e-4, `design encoding differs from encodePatch by ${worst}`);
  enc.narrow(1, 2, 1).sum().backward();
  const g = z.grad!.toArray();
  for (let i = 0; i < P * P; i++) assert.equal(g[i], dep[i] > 0 ? -1 : 0, `cell ${i}: depression ${dep[i]}, gradient ${g[i]}`);
  const out = f.forward(z, b);
  assert.deepEqual(out.depth.shape, [1, 1, P, P]);
});
