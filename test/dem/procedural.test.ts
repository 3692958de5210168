import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";
import { terrainGenerators, urbanPatchWithStreets } from "../../src/cli/dem-terrain.js";
import { patchSeed, proceduralPatch, proceduralSchema } from "../../src/dem/procedural.js";
import { writeProceduralAreas } from "../../src/dem/procedural-files.js";
import { demTrainSchema } from "../../src/dem/config.js";
import { trainDem } from "../../src/dem/train.js";
import { loadDemModel } from "../../src/dem/model.js";
import { predictScene } from "../../src/dem/predict.js";
import { readRaster } from "../../src/geo/index.js";
import { validateConfig } from "../../src/util/config.js";

test("the urban patch with streets is generateUrbanPatch's (same ground and buildings), and no building stands on a street", () => {
  for (const seed of [3, 17]) {
    const a = generateUrbanPatch(seed, 80, 64, 5);
    const b = urbanPatchWithStreets(seed, 80, 64, 5);
    assert.deepEqual(b.ground, a.ground);
    assert.deepEqual(b.buildings, a.buildings);
    for (let i = 0; i < b.street.length; i++) if (b.street[i]) assert.equal(b.buildings[i], 0);
  }
  // a patch with a street network has street cells
  const some = [1, 2, 3, 4, 5, 6].map((s) => urbanPatchWithStreets(s, 64, 64, 5).street.reduce((x, v) => x + v, 0));
  assert.ok(some.filter((n) => n > 0).length >= 4, `street cells per patch: ${some}`);
});

test("procedural patches: seeded, urban ones have the footprints and streets as layers, bare ones empty layers; the seed streams differ", () => {
  const cfg = proceduralSchema.parse({ size: 64, urban_fraction: 0.5 });
  const kinds = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const seed = patchSeed(cfg, "train", i, 1);
    const p = proceduralPatch(terrainGenerators, seed, cfg, 5, ["osm_buildings", "osm_roads"]);
    const q = proceduralPatch(terrainGenerators, seed, cfg, 5, ["osm_buildings", "osm_roads"]);
    assert.deepEqual(p.source.dem, q.source.dem);
    kinds.add(p.kind);
    const [fp, roads] = (p.source.layers ?? []).map((l) => l.data as Float32Array);
    if (p.kind === "urban") {
      const h = p.source.buildings as Float32Array;
      for (let j = 0; j < h.length; j++) assert.equal(fp[j], h[j] > 0 ? 1 : 0);
      assert.ok(roads.some((v) => v === 1) || fp.some((v) => v === 1));
    } else {
      assert.equal(p.source.buildings, undefined);
      assert.ok(fp.every((v) => v === 0) && roads.every((v) => v === 0));
      assert.ok(cfg.ground_cells.includes(p.generationCell));
    }
  }
  assert.deepEqual([...kinds].sort(), ["ground", "urban"]);
  const train = new Set(Array.from({ length: 50 }, (_, i) => patchSeed(cfg, "train", i, 1)));
  for (let i = 0; i < 50; i++) assert.ok(!train.has(patchSeed(cfg, "test", i)) && !train.has(patchSeed(cfg, "validation", i)));
});

test("dem procedural areas: ground, heights, footprints and roads agree and are labelled synthetic", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-proc-"));
  const cfg = proceduralSchema.parse({ size: 48, urban_fraction: 1 });
  const [a] = writeProceduralAreas(terrainGenerators, cfg, 1, 5, dir);
  const p = proceduralPatch(terrainGenerators, patchSeed(cfg, "test", 0), cfg, 5, ["osm_buildings"]);
  assert.deepEqual(Float32Array.from(readRaster(join(a.dir, "ground.tif")).bands[0].data), p.source.dem);
  const h = readRaster(join(a.dir, "buildings.tif")).bands[0].data;
  const fp = readRaster(join(a.dir, "footprints.tif")).bands[0].data;
  for (let i = 0; i < h.length; i++) assert.equal(fp[i], h[i] > 0 ? 1 : 0);
  assert.equal(JSON.parse(readFileSync(join(a.dir, "area.json"), "utf8")).synthetic, true);
});

test("train on procedural patches with optional layers: the model has given-flags and predicts with and without the layers", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-ptrain-"));
  const cfg = validateConfig(
    "p.yml",
    { procedural: { train_patches: 2, validation_patches: 1, size: 64 }, layers: ["osm_buildings", "osm_roads"], layers_optional: true, layer_dropout: 0.5, gdems: ["alos", "srtm"], base: 4, depth: 3, patch_size: 32, batch_size: 6, epochs: 1, seed: 3 },
    demTrainSchema,
  );
  assert.throws(() => trainDem(cfg, join(dir, "none")), /need the terrain generators/);
  const r = trainDem(cfg, join(dir, "run"), false, () => {}, { generators: terrainGenerators });
  assert.ok(Number.isFinite(r.history[0].validation_rmse_m));
  assert.equal(r.trainWindows, 2 * 9);
  const m = loadDemModel(r.modelDir);
  assert.equal(m.info.net.layer_flags, true);
  assert.deepEqual(m.info.net.inputs, ["gdem_alos", "gdem_srtm", "osm_buildings", "osm_roads"]);
  const p = proceduralPatch(terrainGenerators, 5, cfg.procedural as NonNullable<typeof cfg.procedural>, 5, ["osm_buildings", "osm_roads"]).source;
  const z = p.dem;
  const with_ = predictScene(m, { width: 64, height: 64, inputs: [z, z, ...(p.layers ?? []).map((l) => l.data)], names: m.info.net.inputs, elevationChannels: 2, target: null });
  const without = predictScene(m, { width: 64, height: 64, inputs: [z, z, null, null], names: m.info.net.inputs, elevationChannels: 2, target: null });
  assert.ok(with_.every(Number.isFinite) && without.every(Number.isFinite));
  assert.ok(with_.some((v, i) => v !== without[i]), "the layers change the prediction");
  assert.throws(() => validateConfig("p.yml", { procedural: { size: 64 }, patch_size: 96 }, demTrainSchema), /key 'procedural.size': must be at least patch_size/);
  assert.throws(() => validateConfig("p.yml", { procedural: {}, layer_dropout: 0.3 }, demTrainSchema), /key 'layer_dropout': needs layers_optional/);
  assert.throws(() => validateConfig("p.yml", {}, demTrainSchema), /give at least one fine DEM or procedural patches/);
});
