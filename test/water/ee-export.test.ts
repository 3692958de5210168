// Earth Engine export: the graph in the client's own format, verified against water predict to 1e-5;
// wrong hand conversions (bias after ReLU, mirrored kernels) are caught; the Code Editor script
// rebuilds exactly the same graph; layers the exporter cannot express are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { manualSeed, saveSafetensors, zeros } from "../../src/torch/index.js";
import { PixelCnn } from "../../src/water/model.js";
import { saveWaterModel, loadWaterModel } from "../../src/water/model-file.js";
import { exportEe, EXPORT_FILES } from "../../src/water/ee/export.js";
import { buildGraph, serializeGraph } from "../../src/water/ee/graph.js";
import { earthEngine } from "../../src/water/ee/client.js";
import { verifyEe } from "../../src/water/ee/verify.js";
import { Raster } from "../../src/geo/raster.js";
import { seededRandom } from "../../src/util/random.js";

const dir = mkdtempSync(join(tmpdir(), "water-ee-"));

function makeModel(name: string, bands: string[], widths: [number, number, number, number], activation: "relu" | "gelu" = "relu"): string {
  manualSeed(11);
  const net = new PixelCnn({ bands: bands.length, widths, activation });
  const out = join(dir, name);
  saveWaterModel(out, net, { bands, normalization: bands.map((n, i) => ({ name: n, mean: 900 + 37 * i, std: 410 + 5 * i })), threshold: 0.5, trained: { note: "random weights for a test" } });
  net.dispose();
  return out;
}

function scene(bands: string[], W: number, H: number, seed: number): Raster {
  const rand = seededRandom(seed);
  const r: Raster = {
    width: W,
    height: H,
    geotransform: [300000, 10, 0, 5800000, 0, -10],
    crs: null,
    bands: bands.map((name) => ({ name, type: "UInt16", nodata: 0, data: Uint16Array.from({ length: W * H }, () => 1 + Math.floor(2500 * rand())) })),
  };
  r.bands[1].data[7 * W + 9] = 0; // a nodata pixel: its neighbourhood has no prediction
  return r;
}

const small: [number, number, number, number] = [4, 6, 8, 8];

test("the exported graph agrees with water predict to 1e-5 in probability, on every pixel predict writes", () => {
  const bands = ["B2", "B3", "B4", "B8", "B11"];
  const model = makeModel("small", bands, small);
  const out = join(dir, "export-small");
  const info = exportEe({ model, out, asset: "users/test/scene" });
  for (const f of Object.values(EXPORT_FILES)) assert.ok(existsSync(join(out, f)), f);
  const graph = JSON.parse(readFileSync(join(out, EXPORT_FILES.graph), "utf8"));
  assert.equal(typeof graph.result, "string");
  assert.ok(graph.values[graph.result].functionInvocationValue, "Earth Engine's own format: result and values");
  assert.equal(info.algorithms["Kernel.fixed"], 4 * 5 + 6 * 4 + 8 * (6 + 5), "one Kernel.fixed per output and input channel of the 3x3 layers");
  const s = scene(bands, 31, 26, 3);
  const r = verifyEe({ graph: join(out, EXPORT_FILES.graph), scene: s, sceneSource: "scene" });
  assert.ok(r.ok, `max |Δp| ${r.maxAbsDiff}`);
  assert.ok(r.maxAbsDiff <= 1e-5);
  assert.equal(r.compared, (31 - 6) * (26 - 6) - 49, "every complete 7x7 window except those around the nodata pixel");
  assert.equal(r.missingInGraph, 0);
  assert.equal(r.extraInGraph, 0);
  assert.deepEqual(r.loads, ["users/test/scene"]);
});

test("a conversion that adds the bias after the ReLU, or mirrors the kernels, fails verification", () => {
  const bands = ["B2", "B3", "B4", "B8", "B11"];
  const modelDir = makeModel("faulty", bands, small);
  const out = join(dir, "export-faulty");
  exportEe({ model: modelDir, out });
  const model = loadWaterModel(modelDir);
  const s = scene(bands, 24, 20, 5);
  for (const fault of ["relu-before-bias", "flipped-kernels"] as const) {
    writeFileSync(join(out, EXPORT_FILES.graph), serializeGraph(buildGraph(model, { asset: "x", fault })));
    const r = verifyEe({ graph: join(out, EXPORT_FILES.graph), scene: s, sceneSource: "scene" });
    assert.equal(r.ok, false, `${fault} must not verify`);
    assert.ok(r.maxAbsDiff > 1e-3, `${fault}: max |Δp| ${r.maxAbsDiff}`);
  }
  model.net.dispose();
});

test("the seed-size network (B = 8) exports and verifies, and the Code Editor script rebuilds exactly the same graph", () => {
  const bands = ["B2", "B3", "B4", "B5", "B6", "B8", "B11", "B12"];
  const model = makeModel("seed", bands, [16, 32, 64, 128]);
  const out = join(dir, "export-seed");
  const eeBands = ["b2", "b3", "b4", "b5", "b6", "b8", "b11", "b12"];
  const info = exportEe({ model, out, eeBands, asset: "users/test/s2" });
  assert.equal(info.algorithms["Kernel.fixed"], 16 * 8 + 32 * 16 + 64 * 40);
  const s = scene(eeBands, 22, 19, 9);
  const r = verifyEe({ graph: join(out, EXPORT_FILES.graph), scene: s, sceneSource: "scene" });
  assert.ok(r.ok, `max |Δp| ${r.maxAbsDiff}`);
  // run the generated Code Editor script with the same offline client and serialise its image
  const ee = earthEngine();
  const sandbox: Record<string, unknown> = { ee };
  vm.runInNewContext(readFileSync(join(out, EXPORT_FILES.js), "utf8"), sandbox);
  const fromScript = (sandbox.probability as { serialize(): string }).serialize();
  assert.equal(fromScript + "\n", readFileSync(join(out, EXPORT_FILES.graph), "utf8"));
});

test("the Python script is valid Python", () => {
  const out = join(dir, "export-small");
  execFileSync("/usr/bin/python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", join(out, EXPORT_FILES.py)]);
});

test("layers the exporter cannot express are refused by name, before anything is written", () => {
  const gelu = makeModel("gelu", ["B2", "B3"], small, "gelu");
  assert.throws(() => exportEe({ model: gelu, out: join(dir, "x-gelu") }), /activation 'gelu' cannot be expressed as Earth Engine image operations/);
  assert.ok(!existsSync(join(dir, "x-gelu")));
  const extra = makeModel("extra", ["B2", "B3"], small);
  const st = loadWaterModel(extra).net.stateDict();
  st.set("bn1.weight", zeros([4]));
  st.set("bn1.bias", zeros([4]));
  saveSafetensors(join(extra, "model.safetensors"), st);
  assert.throws(() => exportEe({ model: extra, out: join(dir, "x-extra") }), /layer 'bn1' \(bn1\.weight, bn1\.bias\) cannot be expressed/);
  assert.throws(() => exportEe({ model: makeModel("m2", ["B2", "B3"], small), out: join(dir, "x-bands"), eeBands: ["B2"] }), /--bands: 1 names \(B2\) for the model's 2 bands/);
});
