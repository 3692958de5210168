import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualSeed } from "../../src/torch/index.js";
import { DemNet, saveDemModel, loadDemModel, DemModelInfo } from "../../src/dem/model.js";
import { predictScene, sceneFromStack } from "../../src/dem/predict.js";
import { Scene } from "../../src/dem/data.js";
import { terrainRaster } from "./terrain.js";

function modelDir(mode: "residual" | "direct", inputs = ["gdem_alos", "gdem_srtm"]): string {
  manualSeed(3);
  const net = new DemNet({ inputs, elevation_inputs: 2, mode, base: 4, depth: 3, norm: "batch" });
  const info: DemModelInfo = { format: "catchment-dem-1", net: net.config, normalization: { elevation_scale: 2.5, layers: [] }, cell: 5, patch_size: 32, synthetic_training_inputs: true, trained_on: [], epoch: 0 };
  const dir = mkdtempSync(join(tmpdir(), "dem-model-"));
  saveDemModel(dir, net, info);
  return dir;
}

const W = 150, H = 110;
const plane = Float32Array.from({ length: W * H }, (_, i) => 40 + 0.13 * (i % W) - 0.21 * Math.floor(i / W));
const planeScene: Scene = { width: W, height: H, inputs: [plane, plane], names: ["gdem_alos", "gdem_srtm"], elevationChannels: 2, target: null };

test("predict: a constant-slope plane comes back without steps at window edges (residual model starting at its input)", () => {
  const m = loadDemModel(modelDir("residual"));
  const out = predictScene(m, planeScene);
  let worstSecond = 0, worst = 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      worst = Math.max(worst, Math.abs(out[r * W + c] - plane[r * W + c]));
      if (c > 0 && c + 1 < W) worstSecond = Math.max(worstSecond, Math.abs(out[r * W + c + 1] - 2 * out[r * W + c] + out[r * W + c - 1]));
      if (r > 0 && r + 1 < H) worstSecond = Math.max(worstSecond, Math.abs(out[(r + 1) * W + c] - 2 * out[r * W + c] + out[(r - 1) * W + c]));
    }
  assert.ok(worst < 1e-3, `the plane itself: worst ${worst} m`);
  assert.ok(worstSecond < 1e-3, `steps: worst second difference ${worstSecond} m`);
});

test("predict: blending leaves no seams for an untrained direct model (jumps at window edges no larger than inside)", () => {
  const m = loadDemModel(modelDir("direct"));
  const out = predictScene(m, planeScene, { stride: 16 });
  // edges of windows every 16 cells: compare first differences there with all others, after removing the plane's slope
  const d = (r: number, c: number) => Math.abs(out[r * W + c + 1] - out[r * W + c] - 0.13);
  let atEdges = 0, elsewhere = 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c + 1 < W; c++) {
      if ((c + 1) % 16 === 0) atEdges = Math.max(atEdges, d(r, c));
      else elsewhere = Math.max(elsewhere, d(r, c));
    }
  assert.ok(atEdges <= elsewhere * 1.05, `largest jump at window edges ${atEdges}, elsewhere ${elsewhere}`);
  assert.ok(out.every(Number.isFinite));
});

test("predict: rasters smaller than a window are padded; cells without any global DEM stay nodata", () => {
  const m = loadDemModel(modelDir("residual"));
  const w = 20, h = 13;
  const a = Float32Array.from({ length: w * h }, (_, i) => (i === 5 ? NaN : 10 + (i % w)));
  const out = predictScene(m, { width: w, height: h, inputs: [a, a], names: ["gdem_alos", "gdem_srtm"], elevationChannels: 2, target: null });
  assert.ok(Number.isNaN(out[5]));
  assert.ok(Math.abs(out[6] - 16) < 1e-3 && Math.abs(out[w * h - 1] - (10 + w - 1)) < 1e-3);
});

test("predict: a stack without the model's bands, or at another cell size, is refused with one clear message", () => {
  const dir = modelDir("residual");
  const m = loadDemModel(dir);
  const r = terrainRaster(40, 40, 5, new Float32Array(1600).fill(1));
  r.bands = [{ ...r.bands[0], name: "gdem_alos" }, { ...r.bands[0], name: "s2_b04" }];
  assert.throws(() => sceneFromStack(m, r, "s.tif"), /s\.tif: the model .* needs bands \[gdem_alos, gdem_srtm\]; the stack has \[gdem_alos, s2_b04\] \(missing gdem_srtm\)/);
  const coarse = terrainRaster(40, 40, 30, new Float32Array(1600).fill(1));
  coarse.bands = [{ ...coarse.bands[0], name: "gdem_alos" }, { ...coarse.bands[0], name: "gdem_srtm" }];
  assert.throws(() => sceneFromStack(m, coarse, "c.tif"), /cells are 30×30 m; the model was trained for 5 m cells/);
  assert.throws(() => loadDemModel(join(dir, "nothing")), /not a DEM model folder/);
});

test("the shipped model loads: four global-DEM bands, 5 m, residual, trained on synthetic inputs", async () => {
  const { fileURLToPath } = await import("node:url");
  const { resolve } = await import("node:path");
  const dir = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..", "models", "dem_gdem_5m");
  const m = loadDemModel(dir);
  assert.deepEqual(m.info.net.inputs, ["gdem_alos", "gdem_aster", "gdem_nasadem", "gdem_srtm"]);
  assert.equal(m.info.cell, 5);
  assert.equal(m.info.net.mode, "residual");
  assert.ok(m.info.synthetic_training_inputs);
  assert.ok(m.net.numParameters() < 1e6, "small enough for git");
});
