// floodInput, the first half of runFloodCase: files or rasters in memory to the solver's input,
// writing nothing; runFloodCase is it, the solver and writeFloodOutputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRaster, writeRaster, Raster } from "../../src/geo/index.js";
import { floodSchema } from "../../src/flood/config.js";
import { floodInput, floodCaseConfig, runFloodCase, FloodCaseConfig } from "../../src/flood/case.js";
import { simulate } from "../../src/flood/engine.js";
import { validateConfig } from "../../src/util/config.js";
import { data } from "../helpers/data.js";

const dem = data("merewether_urban_flood", "topography1_epsg32756.tif");
const houses = data("merewether_urban_flood", "houses_epsg32756.geojson");
const dir = mkdtempSync(join(tmpdir(), "flood-input-"));
const config = (o: Record<string, unknown>): FloodCaseConfig => validateConfig("test", { dem, duration: 60, rain: 50, out: join(dir, "never"), ...o }, floodSchema);

test("Merewether from files: 57 footprints raise 5996 cells by 3 m, roads get n = 0.02; nothing is written", () => {
  const c = floodInput(config({ buildings: houses, buildings_where: "used_in_anuga_run = 1", building_height: 3, manning: 0.04, manning_zones: [{ vector: data("merewether_urban_flood", "road_polygon_epsg32756.geojson"), n: 0.02 }] }));
  const bare = readRaster(dem).bands[0].data;
  let raised = 0, added = 0;
  for (let i = 0; i < bare.length; i++)
    if (bare[i] !== -9999 && c.input.z[i] !== bare[i]) {
      raised++;
      added += c.input.z[i] - bare[i];
    }
  assert.equal(c.buildingCells, 5996);
  assert.equal(raised, 5996);
  assert.ok(Math.abs(added - 3 * 5996) < 1e-3, `${added} m added`);
  const roads = c.input.manning.filter((v) => v === 0.02).length;
  assert.ok(roads > 10000 && roads < 0.5 * bare.length, `${roads} road cells`);
  assert.deepEqual([c.grid.width, c.grid.height], [321, 416]);
  assert.ok(Math.abs(c.dx - 0.99993681) < 1e-9, `cell ${c.dx} m`);
  assert.equal(existsSync(join(dir, "never")), false, "floodInput writes nothing");
});

test("a DEM raster and buildings as an array in memory give the same input as the files; 0/1 arrays are masks, others heights", () => {
  const raster = readRaster(dem);
  const fromFile = floodInput(config({}));
  const fromMemory = floodInput({ ...config({}), dem: raster });
  assert.deepEqual(fromMemory.input.z, fromFile.input.z);
  assert.deepEqual(fromMemory.input.blocked, fromFile.input.blocked);
  assert.equal(fromMemory.demLabel, "DEM raster");

  const n = raster.width * raster.height;
  const footprint = (i: number) => i % raster.width >= 100 && i % raster.width < 110 && Math.floor(i / raster.width) >= 200 && Math.floor(i / raster.width) < 210;
  const mask = Float32Array.from({ length: n }, (_, i) => (footprint(i) ? 1 : 0));
  const heights = Float32Array.from({ length: n }, (_, i) => (footprint(i) ? 7.5 : 0));
  const masked = floodInput(floodCaseConfig({ dem: raster, buildings: mask, building_height: 4, rain: 50, duration: 60 }));
  const tall = floodInput({ ...config({}), dem: raster, buildings: heights });
  const walls = floodInput({ ...config({ buildings_as: "walls" }), dem: raster, buildings: heights });
  const heightRaster: Raster = { ...raster, bands: [{ name: "h", type: "Float32", nodata: null, data: heights }] };
  const tallRaster = floodInput({ ...config({}), dem: raster, buildings: heightRaster });
  const base = fromFile.input.z;
  for (let i = 0; i < n; i++) {
    if (fromFile.input.blocked[i]) continue;
    assert.equal(masked.input.z[i], base[i] + (footprint(i) ? 4 : 0));
    assert.equal(tall.input.z[i], base[i] + (footprint(i) ? 7.5 : 0));
    assert.equal(walls.input.blocked[i], footprint(i) ? 1 : 0);
  }
  assert.deepEqual(tallRaster.input.z, tall.input.z);
  assert.equal(masked.buildingCells, 100);
  assert.match(masked.notes.join(" "), /0\/1 mask: footprints raised by 4 m/);
  assert.equal(walls.wallCells, 100);
  assert.throws(() => floodInput({ ...config({}), dem: raster, buildings: new Float32Array(10) }), /buildings: 10 heights for the 321×416 cells/);
  assert.throws(() => floodCaseConfig({ dem: raster, duration: 60, manning: -1 }, "patch 7"), /patch 7: key 'manning'/);
});

test("runFloodCase is floodInput, the solver and the writer: same maxima, written as GeoTIFFs", () => {
  const W = 30, H = 20;
  const path = join(dir, "slope.tif");
  writeRaster(path, { width: W, height: H, geotransform: [500000, 2, 0, 6000040, 0, -2], crs: { wkt: "", epsg: 32756 }, bands: [{ name: "z", type: "Float32", nodata: null, data: Float32Array.from({ length: W * H }, (_, i) => 0.05 * (i % W)) }] });
  const cfg = validateConfig("test", { dem: path, rain: 80, duration: 300, boundary: "free", threads: 1, out: join(dir, "run") }, floodSchema);
  const run = runFloodCase(cfg);
  const alone = simulate(floodInput(cfg).input);
  assert.deepEqual(alone.maxDepth, run.result.maxDepth);
  const written = readRaster(join(dir, "run", "max_depth.tif")).bands[0].data;
  assert.deepEqual(Float32Array.from(written), run.result.maxDepth);
  const summary = JSON.parse(readFileSync(join(dir, "run", "summary.json"), "utf8"));
  assert.equal(summary.threads, 1);
  assert.equal(summary.velocity_depth_threshold_m, 0.05, "the default velocity depth threshold");
});
