// `catchment water …` from the command line: bad input is one line naming what is wrong, exit 1;
// predict, export-ee and verify-ee work on files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRaster } from "../../src/geo/io.js";
import { manualSeed } from "../../src/torch/index.js";
import { PixelCnn } from "../../src/water/model.js";
import { saveWaterModel } from "../../src/water/model-file.js";
import { seededRandom } from "../../src/util/random.js";
import { data } from "../helpers/data.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "water-cli-"));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

function oneLineError(r: ReturnType<typeof run>, pattern: RegExp): void {
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

const bands = ["B2", "B3", "B4"];
manualSeed(4);
const net = new PixelCnn({ bands: 3, widths: [4, 4, 8, 8] });
const modelDir = join(dir, "model");
saveWaterModel(modelDir, net, { bands, normalization: bands.map((name) => ({ name, mean: 1000, std: 300 })), threshold: 0.7, trained: {} });
const rand = seededRandom(5);
const scene = (names: string[]) => ({
  width: 20,
  height: 16,
  geotransform: [0, 10, 0, 160, 0, -10] as [number, number, number, number, number, number],
  crs: { wkt: "", epsg: 32633 },
  bands: names.map((name) => ({ name, type: "UInt16" as const, nodata: 0, data: Uint16Array.from({ length: 320 }, () => 500 + Math.floor(1500 * rand())) })),
});
writeRaster(join(dir, "scene.tif"), scene(bands));
writeRaster(join(dir, "swapped.tif"), scene(["B3", "B2", "B4"]));

test("predict writes probability, classes and a PNG; bands in another order are refused in one line", () => {
  const out = join(dir, "pred");
  const r = run("water", "predict", "--model", modelDir, "--image", join(dir, "scene.tif"), "--out", out, "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  for (const f of ["probability.tif", "classes.tif", "probability.png"]) assert.ok(existsSync(join(out, f)), f);
  oneLineError(run("water", "predict", "--model", modelDir, "--image", join(dir, "swapped.tif"), "--out", join(dir, "x")), /bands \[B3, B2, B4\] do not match the model's \[B2, B3, B4\] \(in another order\)/);
  assert.ok(!existsSync(join(dir, "x")), "nothing written");
});

test("export-ee then verify-ee on the file agree; verify-ee names missing bands", () => {
  const out = join(dir, "ee");
  const e = run("water", "export-ee", "--model", modelDir, "--out", out, "--asset", "users/me/scene");
  assert.equal(e.status, 0, e.stderr);
  const v = run("water", "verify-ee", "--graph", join(out, "graph.json"), "--image", join(dir, "scene.tif"), "--threads", "1");
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /verify-ee: ok/);
  oneLineError(run("water", "verify-ee", "--graph", join(out, "graph.json"), "--image", join(dir, "scene.tif"), "--bands", "a,b,c"), /has bands \[a, b, c\], the graph selects \[B2, B3, B4\] \(missing B2, B3, B4\)/);
});

test("bad input: an unknown QA product, an AOI across the antimeridian, an empty AOI", () => {
  oneLineError(run("water", "qa", "--product", "landsat_c9", "--qa", data("landsat8_bqa_samples", "LC81070352015282LGN00_BQA.TIF"), "--out", join(dir, "qa")), /unknown QA product 'landsat_c9'; known products: /);
  oneLineError(run("water", "tiles", "--aoi", "179.5,-17,-179.5,-16", "--out", join(dir, "t.geojson")), /crosses the antimeridian/);
  oneLineError(run("water", "tiles", "--aoi", "10,50,10,51", "--out", join(dir, "t.geojson")), /the box is empty/);
  assert.ok(!existsSync(join(dir, "t.geojson")));
});

test("qa decodes the pre-collection BQA sample; tiles writes the grid and an Earth Engine script", () => {
  const q = run("water", "qa", "--product", "landsat_pre_collection_bqa", "--qa", data("landsat8_l1t_florida_subset", "l8_BQA.tif"), "--out", join(dir, "qa"), "--min-confidence", "2");
  assert.equal(q.status, 0, q.stderr);
  assert.match(q.stdout, /cloud 14\.9 %/, "high 6.0 % + medium 8.8 %, as documented");
  assert.match(q.stdout, /water 40\.9 %/);
  const t = run("water", "tiles", "--aoi", "12.5,52.45,12.73,52.52", "--out", join(dir, "grid.geojson"), "--ee-script", join(dir, "tiles.js"), "--collection", "COPERNICUS/S2_HARMONIZED");
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /6 tiles of 0\.135°/);
  assert.ok(existsSync(join(dir, "tiles.js")));
});
