// The pixel CNN: the seed's parameter table, PyTorch's values, and full-raster prediction equal to
// the per-pixel network on 7x7 windows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { losses, loadSafetensors, noGrad, tensor, tidy, Tensor } from "../../src/torch/index.js";
import { PixelCnn, pixelCnnParameterCount } from "../../src/water/model.js";
import { predictRaster } from "../../src/water/predict.js";
import { WaterModel } from "../../src/water/model-file.js";
import { Raster } from "../../src/geo/raster.js";
import { seededRandom } from "../../src/util/random.js";
import { assertClose, withPrefix, get } from "../helpers/fixtures.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test", "water", "fixtures");

test("B = 8 gives the seed's 38,514 parameters, layer by layer as its table", () => {
  const net = new PixelCnn({ bands: 8 });
  assert.equal(net.numParameters(), 38514);
  assert.equal(pixelCnnParameterCount(8), 38514);
  const per = ["conv1", "conv2", "conv3", "conv4", "conv5"].map((l) => net.namedParameters().filter(([k]) => k.startsWith(l + ".")).reduce((n, [, p]) => n + p.numel(), 0));
  assert.deepEqual(per, [1168, 4640, 23104, 9344, 258]);
  net.dispose();
});

test("logits and gradients equal PyTorch's on a 9x10 input (float64)", () => {
  const all = loadSafetensors(join(fixtures, "pixel_cnn.safetensors")).tensors;
  const net = new PixelCnn({ bands: 8 }).to("float64");
  net.loadStateDict(withPrefix(all, "model"));
  tidy(() => {
    const logits = net.forward(get(all, "input"));
    assertClose(logits, get(all, "logits"), "logits", 1e-10, 1e-12);
    const loss = losses.crossEntropy(logits, get(all, "target"));
    assertClose(loss.reshape(1), get(all, "loss"), "loss", 1e-10, 1e-12);
    loss.backward();
    for (const [k, p] of net.namedParameters()) assertClose(p.grad, get(all, `grad.${k}`), `grad ${k}`, 1e-8, 1e-11);
  });
  net.dispose();
});

function randomScene(width: number, height: number, bands: string[], seed: number, holes: number[]): Raster {
  const rand = seededRandom(seed);
  return {
    width,
    height,
    geotransform: [0, 10, 0, 0, 0, -10],
    crs: null,
    bands: bands.map((name) => {
      const data = new Float32Array(width * height).map(() => 500 + 3000 * rand());
      for (const h of holes) data[h] = NaN;
      return { name, type: "Float32", nodata: NaN, data };
    }),
  };
}

function inMemoryModel(bands: string[], threshold = 0.5): WaterModel {
  const net = new PixelCnn({ bands: bands.length });
  net.eval();
  return {
    dir: "(memory)",
    net,
    meta: {
      format: "catchment-water-pixel-cnn",
      version: 1,
      bands,
      normalization: bands.map((name, i) => ({ name, mean: 1500 + 100 * i, std: 800 })),
      architecture: { window: 7, widths: [16, 32, 64, 128], activation: "relu" },
      threshold,
      classes: ["land", "water"],
      trained: {},
    },
  };
}

test("full-raster prediction (tiled, one convolution per tile) equals the per-pixel network on 7x7 windows", () => {
  const bands = ["B2", "B3", "B4"];
  const W = 23;
  const H = 19;
  const holes = [5 * W + 11, 15 * W + 3];
  const scene = randomScene(W, H, bands, 7, holes);
  const model = inMemoryModel(bands);
  const whole = predictRaster(model, scene, { tile: 512 });
  const tiled = predictRaster(model, scene, { tile: 5 });
  let compared = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const nearHole = holes.some((h) => Math.abs((h % W) - x) <= 3 && Math.abs(Math.floor(h / W) - y) <= 3);
      const border = x < 3 || y < 3 || x >= W - 3 || y >= H - 3;
      if (border || nearHole) {
        assert.ok(Number.isNaN(whole.probability[i]) && whole.classes[i] === 255, `pixel (${x}, ${y}) has no complete window`);
        continue;
      }
      // the per-pixel network: one 7x7 window, normalized, through the same weights
      const win = new Float32Array(bands.length * 49);
      bands.forEach((_, b) => {
        const { mean, std } = model.meta.normalization[b];
        for (let r = 0; r < 7; r++) for (let c = 0; c < 7; c++) win[b * 49 + r * 7 + c] = (scene.bands[b].data[(y - 3 + r) * W + x - 3 + c] - mean) / std;
      });
      const p = tidy(() => noGrad(() => (model.net.forward(tensor(win, [1, bands.length, 7, 7])).softmax(1) as Tensor).select(1, 1).item()));
      assert.ok(Math.abs(whole.probability[i] - p) < 1e-6, `pixel (${x}, ${y}): full raster ${whole.probability[i]}, per pixel ${p}`);
      assert.ok(Math.abs(tiled.probability[i] - p) < 1e-6, `pixel (${x}, ${y}): 5x5 tiles ${tiled.probability[i]}, per pixel ${p}`);
      assert.equal(whole.classes[i], p >= 0.5 ? 1 : 0);
      compared++;
    }
  assert.ok(compared > 150, `${compared} pixels compared`);
  model.net.dispose();
});

test("bands missing or in another order are refused by name", () => {
  const model = inMemoryModel(["B2", "B3", "B4"]);
  assert.throws(() => predictRaster(model, randomScene(9, 9, ["B3", "B2", "B4"], 1, [])), /do not match the model's \[B2, B3, B4\] \(in another order\)/);
  assert.throws(() => predictRaster(model, randomScene(9, 9, ["B2", "B3"], 1, [])), /missing 'B4'/);
  model.net.dispose();
});
