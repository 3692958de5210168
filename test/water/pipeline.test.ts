// The whole chain on a synthetic scene with a known truth: index labels made wrong by a bright,
// water-like patch; the noise correction must remove most of those wrong labels; the CNN trained on
// the corrected labels must find the lakes of the test blocks against a two-sided vector reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeRaster, readRaster } from "../../src/geo/io.js";
import { Raster } from "../../src/geo/raster.js";
import { validateConfig } from "../../src/util/config.js";
import { waterSchema, WaterConfig } from "../../src/water/config.js";
import { runLabels, runTrain, StepOptions } from "../../src/water/run.js";
import { runEvaluate } from "../../src/water/evaluate.js";
import { prepare } from "../../src/water/prepare.js";
import { seededRandom } from "../../src/util/random.js";

const dir = mkdtempSync(join(tmpdir(), "water-pipeline-"));
const W = 96;
const H = 96;
const X0 = 500000;
const Y0 = 5800000;
const lakes = [
  [8, 8, 40, 34],
  [50, 52, 88, 84],
  [14, 58, 30, 88],
]; // [c0, r0, c1, r1) of water
const patch = [58, 8, 84, 26]; // bright land that the indices call water
const inside = (c: number, r: number, [c0, r0, c1, r1]: number[]) => c >= c0 && c < c1 && r >= r0 && r < r1;
const isWater = (c: number, r: number) => lakes.some((l) => inside(c, r, l));

function writeScene(): Record<string, string> {
  const rand = seededRandom(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const water = { B2: 900, B3: 800, B4: 600, B8: 300, B11: 150, B12: 100 };
  const land = { B2: 700, B3: 900, B4: 800, B8: 2500, B11: 2000, B12: 1200 };
  const bright = { B2: 2500, B3: 2600, B4: 2500, B8: 2400, B11: 1000, B12: 800 };
  const paths: Record<string, string> = {};
  for (const b of Object.keys(water) as (keyof typeof water)[]) {
    const data = new Uint16Array(W * H);
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) {
        const [mean, sd] = isWater(c, r) ? [water[b], 40] : inside(c, r, patch) ? [bright[b], 80] : [land[b], 150];
        data[r * W + c] = Math.max(1, Math.round(mean + sd * gauss()));
      }
    const raster: Raster = { width: W, height: H, geotransform: [X0, 10, 0, Y0, 0, -10], crs: { wkt: "", epsg: 32633 }, bands: [{ name: b, type: "UInt16", nodata: null, data }] };
    paths[b] = join(dir, `${b}.tif`);
    writeRaster(paths[b], raster);
  }
  // the reference: lakes as water polygons, the rest of the scene as one farm polygon with holes
  const ring = ([c0, r0, c1, r1]: number[]) => [[X0 + 10 * c0, Y0 - 10 * r0], [X0 + 10 * c1, Y0 - 10 * r0], [X0 + 10 * c1, Y0 - 10 * r1], [X0 + 10 * c0, Y0 - 10 * r1], [X0 + 10 * c0, Y0 - 10 * r0]];
  const features = [
    ...lakes.map((l, i) => ({ type: "Feature", properties: { fclass: "water", id: i }, geometry: { type: "Polygon", coordinates: [ring(l)] } })),
    { type: "Feature", properties: { fclass: "farm", id: 9 }, geometry: { type: "Polygon", coordinates: [ring([0, 0, W, H]), ...lakes.map((l) => ring(l).reverse())] } },
  ];
  writeFileSync(join(dir, "osm.geojson"), JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32633" } }, features }));
  return paths;
}

const bands = writeScene();
const config = (extra: Record<string, unknown> = {}): WaterConfig =>
  validateConfig(
    "test.yml",
    {
      experiment_name: "synthetic",
      scene: { bands },
      index_bands: { blue: "B2", green: "B3", nir: "B8", swir1: "B11", swir2: "B12" },
      reflectance_scale: 0.0001,
      labels: { source: "index", water: { mndwi: 0, ndwi: 0 }, land: { mndwi: 0, ndwi: 0 } },
      noise: { rounds: 1, epochs_per_round: 2 },
      split: { block_size: 32, test_fraction: 0.45, seed: 3 },
      train: { epochs: 4, samples_per_class: 800, batch_size: 64, widths: [8, 8, 16, 16] },
      reference: { source: "vector", path: join(dir, "osm.geojson"), water_where: "fclass = 'water'", land_where: "fclass = 'farm'" },
      seed: 2,
      ...extra,
    },
    waterSchema,
  );

const step = (runDir: string): StepOptions => ({ runDir, device: "cpu", threads: 2, command: "test", resume: false });

function labelError(labels: ArrayLike<number>): { wrong: number; known: number; patchWater: number } {
  let wrong = 0;
  let known = 0;
  let patchWater = 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const l = labels[r * W + c];
      if (l === 255) continue;
      known++;
      if ((l === 1) !== isWater(c, r)) wrong++;
      if (l === 1 && inside(c, r, patch)) patchWater++;
    }
  return { wrong, known, patchWater };
}

test("labels → train → evaluate: the noise correction removes the patch's wrong water labels and the CNN finds the test lakes", () => {
  const cfg = config();
  const run = join(dir, "run");
  const before = labelError(prepare(cfg).labels[0]);
  assert.ok(before.patchWater > 300, `the indices call the bright patch water (${before.patchWater} pixels)`);
  const labels = runLabels(cfg, step(run));
  assert.equal(labels.rounds.length, 2, "the normal-model step and one self-learning round");
  const after = labelError(readRaster(join(run, "labels", "corrected.tif")).bands[0].data);
  assert.ok(after.patchWater < before.patchWater / 10, `wrong water labels in the patch: ${before.patchWater} → ${after.patchWater}`);
  assert.ok(after.wrong < before.wrong / 3, `wrong labels: ${before.wrong} → ${after.wrong}`);
  for (const f of ["initial.tif", "corrected.tif", "rounds.csv", "labels_before_after.png", "labels.json"]) assert.ok(existsSync(join(run, "labels", f)), f);
  const rounds = readFileSync(join(run, "labels", "rounds.csv"), "utf8").trim().split("\n");
  assert.equal(rounds[0], "round,step,land_to_water,water_to_land,dropped_land,dropped_water,water_labels,land_labels");

  const t = runTrain(cfg, step(run));
  assert.ok(t.threshold > 0.5 && t.threshold < 1, `prior threshold ${t.threshold}`);
  const model = JSON.parse(readFileSync(join(run, "model", "model.json"), "utf8"));
  assert.deepEqual(model.bands, ["B2", "B3", "B4", "B8", "B11", "B12"]);

  const e = runEvaluate(cfg, step(run));
  const cnn = e.scores.find((s) => s.method === "cnn");
  assert.ok(cnn && cnn.f1 > 0.9, `CNN F1 ${cnn?.f1}`);
  const mndwi = e.scores.find((s) => s.method === "mndwi");
  assert.ok(mndwi && mndwi.pixels === cnn.pixels, "the baselines are judged on the same pixels");
  assert.ok(mndwi.precision < cnn.precision, "MNDWI > 0 calls the bright patch water (part of it lies in the test blocks), the CNN does not");
  assert.match(e.line, /^water: f1=\d\.\d{3} kappa=-?\d\.\d{3} iou=\d\.\d{3} mndwi_f1=\d\.\d{3} awei_f1=\d\.\d{3}$/);
  for (const f of ["metrics.csv", "metrics.json", "agreement.png", "probability.tif", "classes.tif", "probability.png"]) assert.ok(existsSync(join(run, "evaluate", f)), f);
});

test("train refuses labels made from another config; a scene with only one class is one clear error", () => {
  const run = join(dir, "run");
  assert.throws(() => runTrain(config({ seed: 5 }), step(run)), /labels were made from another config/);
  const oneClass = config({ labels: { source: "index", water: { mndwi: 5 }, land: { mndwi: 0 } } });
  assert.throws(() => runLabels(oneClass, step(join(dir, "one"))), /only one class in the training area \(0 water/);
  assert.ok(!existsSync(join(dir, "one", "labels")), "nothing is written");
});
