// The optional depression-depth channel: its analytic values on small surfaces, the design's tensor
// encoding agreeing with the training encoding, its gradient (−1 in a pond, +1 per held cell at the
// rim), and flips and rotations of a batch moving it with the terrain.
import { test } from "node:test";
import assert from "node:assert/strict";
import { depressionDepth, encodePatch, inputChannels } from "../../src/surrogate/encoding.js";
import { DifferentiableSurrogate } from "../../src/design/forward.js";
import { createSurrogate } from "../../src/surrogate/models/registry.js";
import { defaultScenario } from "../../src/surrogate/scenario.js";
import { readSurrogateMeta, SurrogateModel } from "../../src/surrogate/model-file.js";
import { batchOf, PatchSet } from "../../src/surrogate/data.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

function tinyModel(encoding: { c: number; depression: { building_height_m: number } }): SurrogateModel {
  manualSeed(2);
  const arch = { model: "unet", base: 4, depth: 3, norm: "group" as const, inputs: 3 };
  return { dir: "mem", net: createSurrogate(arch), meta: { scenario: defaultScenario, encoding, arch } } as unknown as SurrogateModel;
}

test("the depression channel is the third input and the design's tensor encoding equals encodePatch's", () => {
  const P = 32;
  const p = generateUrbanPatch(5, P, P);
  const encoding = { c: 0.5, depression: { building_height_m: H } };
  assert.equal(inputChannels(encoding), 3);
  const x = encodePatch(p.ground, p.buildings, encoding);
  assert.equal(x.length, 3 * P * P);
  assert.ok(x.subarray(2 * P * P).some((v) => v > 0.01), "the procedural patch has depressions");
  const f = new DifferentiableSurrogate(tinyModel(encoding), { width: P, height: P, blocked: new Uint8Array(P * P) });
  const channels = f.encode(f.input(p.ground), f.input(Float32Array.from(p.buildings, (v) => (v > 0 ? 1 : 0)))).toArray();
  const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - channels[i])), 0);
  assert.ok(worst < 1e-4, `design encoding differs from encodePatch by ${worst}`);
});

test("the depression channel's gradient: −1 in the pond, +1 per pond cell at the rim cell it spills over", () => {
  // 7 × 7: boundary at 0, a ring at 1 with one notch at 0.5 (the spill cell), a 3 × 3 basin at 0 inside
  const W = 7;
  const ground = new Float32Array(W * W);
  const ring: number[] = [];
  for (let r = 1; r <= 5; r++) for (let c = 1; c <= 5; c++) if (r === 1 || r === 5 || c === 1 || c === 5) ring.push(r * W + c);
  for (const i of ring) ground[i] = 1;
  const notch = 1 * W + 3;
  ground[notch] = 0.5;
  const basin = [16, 17, 18, 23, 24, 25, 30, 31, 32];
  const encoding = { c: 0.5, depression: { building_height_m: H } };
  const f = new DifferentiableSurrogate(tinyModel(encoding), { width: W, height: W, blocked: new Uint8Array(W * W) });
  const z = f.input(ground, true);
  const enc = f.encode(z, f.input(new Float32Array(W * W)));
  const dep = enc.narrow(1, 2, 1).toArray();
  for (const i of basin) assert.ok(Math.abs(dep[i] - 0.5) < 1e-6, `basin cell ${i}: ${dep[i]}`);
  enc.narrow(1, 2, 1).sum().backward();
  const g = z.grad!.toArray();
  for (let i = 0; i < W * W; i++) assert.equal(g[i], basin.includes(i) ? -1 : i === notch ? basin.length : 0, `cell ${i}`);
  // the same derivative by finite differences of the CPU fill
  const total = (zz: Float32Array) => depressionDepth(zz, new Float32Array(W * W), W, W, H).reduce((a, b) => a + b, 0);
  const eps = 1e-3;
  const up = Float32Array.from(ground);
  up[notch] += eps;
  assert.ok(Math.abs((total(up) - total(ground)) / eps - basin.length) < 1e-2);
});

test("flips and rotations of a training batch move the depression channel with the terrain", () => {
  const P = 32;
  const p = generateUrbanPatch(9, P, P);
  const encoding = { c: 0.5, depression: { building_height_m: H } };
  const n = P * P;
  const set: PatchSet = { ids: ["a"], specs: [], size: P, channels: 3, inputs: encodePatch(p.ground, p.buildings, encoding), targets: new Float32Array(2 * n), stats: [] };
  for (let k = 1; k < 8; k++) {
    const x = batchOf(set, [0], [k]).x.toArray();
    const terrain = Float32Array.from(x.slice(0, n), (t) => t / encoding.c);
    const expected = depressionDepth(terrain, x.slice(n, 2 * n), P, P, H);
    const worst = expected.reduce((m, v, i) => Math.max(m, Math.abs(v - x[2 * n + i])), 0);
    assert.ok(worst < 1e-4, `symmetry ${k}: ${worst}`);
  }
});

test("a model whose arch.inputs disagrees with its encoding is refused, naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "surrogate-meta-"));
  const meta = { format: "catchment-surrogate-model", version: 1, scenario: defaultScenario, encoding: { c: 0.5, depression: { building_height_m: H } }, arch: { model: "unet", base: 4, depth: 3, norm: "group", inputs: 2 } };
  writeFileSync(join(dir, "model.json"), JSON.stringify(meta));
  assert.throws(() => readSurrogateMeta(dir), (e: Error) => e.message.includes(join(dir, "model.json")) && e.message.includes("arch.inputs is 2"));
});
