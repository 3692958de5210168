import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRaster } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const s2 = (b: string) => data("sentinel2_l1c_brandenburg_water", "bands", `T33UUU_20170216T102101_${b}.tif`);

test("raster stack, rasterize and render from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-raster-"));
  const stack = join(dir, "stack.tif");
  let r = run("raster", "stack", "--ref", s2("B04"), "--out", stack, `red=${s2("B04")}`, `nir=${s2("B08")}`, `green=${s2("B03")}`, `swir1=${s2("B11")}`, "--index", "ndwi:green,nir", "mndwi:green,swir1");
  assert.equal(r.status, 0, r.stderr);
  const st = readRaster(stack);
  assert.deepEqual(st.bands.map((b) => b.name), ["red", "nir", "green", "swir1", "ndwi", "mndwi"]);
  const lake = st.bands[4].data;
  assert.ok([...lake].filter((v) => v > 0).length > 1000, "open water has positive NDWI");

  const mask = join(dir, "water.tif");
  r = run("raster", "rasterize", data("sentinel2_l1c_brandenburg_water", "osm_landuse_water_polygons_epsg32633.geojson"), "--ref", s2("B04"), "--out", mask, "--where", "fclass = 'water'");
  assert.equal(r.status, 0, r.stderr);
  const ours = readRaster(mask).bands[0].data;
  const theirs = readRaster(data("sentinel2_l1c_brandenburg_water", "osm_small_water_mask_10m.tif")).bands[0].data;
  let agree = 0;
  for (let i = 0; i < ours.length; i++) if ((ours[i] > 0 ? 1 : 0) === theirs[i]) agree++;
  assert.ok(agree / ours.length > 0.999, `agreement with the bundled gdal_rasterize mask: ${agree / ours.length}`);

  const png = join(dir, "ndwi.png");
  r = run("raster", "render", stack, "--band", "5", "--colormap", "diverging", "--range", "-1,1", "--out", png);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(png));
});

test("raster commands refuse bad input with one line", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-raster-"));
  const cases: [string[], RegExp][] = [
    [["raster", "stack", "--ref", s2("B04"), "--out", s2("B04"), s2("B08")], /the output would overwrite an input/],
    [["raster", "stack", "--ref", s2("B04"), "--out", join(dir, "x.tif"), `${s2("B08")}#2`], /B08\.tif: has 1 band, band 2 was asked for/],
    [["raster", "stack", "--ref", s2("B04"), "--out", join(dir, "x.tif"), s2("B08"), "--index", "ndvi:B08,red"], /--index 'ndvi:B08,red': no stacked band 'B08'/],
    [["raster", "stack", "--ref", s2("B04"), "--out", join(dir, "x.tif"), s2("B08"), "--resampling", "lanczos"], /--resampling: expected one of nearest, bilinear, cubic, average/],
    [["raster", "render", s2("B04"), "--out", join(dir, "a.png"), "--colormap", "jet"], /--colormap: unknown 'jet'/],
    [["raster", "rasterize", data("merewether_urban_flood", "houses_epsg32756.geojson"), "--ref", s2("B04"), "--out", join(dir, "h.tif"), "--burn", "tall"], /--burn: expected a number, got 'tall'/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.equal(r.status, 1, args.join(" "));
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
