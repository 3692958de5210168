import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRaster, readRaster } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";
import { writeTerrain, terrainRaster, hills } from "./terrain.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, "--threads", "2", ...args], { encoding: "utf8" });
const oneLine = (r: ReturnType<typeof run>, pattern: RegExp) => {
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, pattern);
};

test("dem degrade → stack → train → predict → evaluate on made-up terrain, with the flood check and the final line", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-cli-"));
  const fine = writeTerrain(dir, "fine.tif", 128, 112, 5);
  let r = run("dem", "degrade", "--dem", fine, "--gdems", "alos,srtm", "--seed", "3", "--out", join(dir, "g"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /synthetic_srtm\.tif: SYNTHETIC srtm-like product, 90 m cells/);
  assert.equal(JSON.parse(readFileSync(join(dir, "g", "degradation.json"), "utf8")).synthetic, true);
  writeFileSync(
    join(dir, "stack.yml"),
    ["grid: g/reference.tif", "inputs:", "  - {name: target_dem, kind: target_dem, path: g/reference.tif}", "  - {name: gdem_srtm, kind: global_dem, path: g/synthetic_srtm.tif}", "  - {name: gdem_alos, kind: global_dem, path: g/synthetic_alos.tif}"].join("\n"),
  );
  r = run("dem", "stack", "--config", join(dir, "stack.yml"), "--out", join(dir, "stack.tif"));
  assert.equal(r.status, 0, r.stderr);
  const stack = readRaster(join(dir, "stack.tif"));
  assert.deepEqual(stack.bands.map((b) => b.name), ["gdem_srtm", "gdem_alos", "target_dem"], "seed order: global DEMs first, target last");
  assert.match(readFileSync(join(dir, "stack.stats.csv"), "utf8"), /^band,name,kind,count,min,max,mean,std\n1,gdem_srtm,global_dem,14336,/);
  writeFileSync(join(dir, "train.yml"), [`fine_dems: [{path: ${fine}}]`, "gdems: [srtm, alos]", "base: 4", "depth: 3", "patch_size: 32", "stride: 16", "block_size: 64", "split: [0.5, 0.25, 0.25]", "epochs: 1", "batch_size: 8"].join("\n"));
  r = run("dem", "train", "--config", join(dir, "train.yml"), "--run-dir", join(dir, "run"));
  assert.equal(r.status, 0, r.stderr);
  r = run("dem", "predict", "--model", join(dir, "run", "model"), "--stack", join(dir, "stack.tif"), "--out", join(dir, "enhanced.tif"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /bands not used by the model: target_dem/);
  const ev = join(dir, "eval");
  r = run("dem", "evaluate", "--enhanced", join(dir, "enhanced.tif"), "--reference", join(dir, "g", "reference.tif"), "--gdem", join(dir, "g", "synthetic_alos.tif"), join(dir, "g", "synthetic_srtm.tif"), "--out", ev, "--simulate", "1800", "--storm-duration", "30");
  assert.equal(r.status, 0, r.stderr);
  const last = r.stdout.trim().split("\n").pop() as string;
  assert.match(last, /^dem: rmse_enhanced=\d+\.\d{3} rmse_gdem=\d+\.\d{3} rmse_change_pct=-?\d+\.\d mae_change_pct=-?\d+\.\d csi_enhanced=\d\.\d{3} csi_gdem=\d\.\d{3}$/);
  for (const f of ["errors.csv", "errors_by_slope.csv", "errors_by_landcover.csv", "reductions.csv", "flood_scores.csv", "error_enhanced.png", "error_synthetic_alos.png", "profile.png", "flood_reference.png", "report.json"]) assert.ok(existsSync(join(ev, f)), f);
  // only the test area of the training run: on its bounding box
  r = run("dem", "evaluate", "--enhanced", join(dir, "enhanced.tif"), "--reference", join(dir, "g", "reference.tif"), "--gdem", join(dir, "g", "synthetic_srtm.tif"), "--mask", join(dir, "run", "test_area_0.tif"), "--out", join(dir, "masked"), "--no-flood");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /evaluated on the mask's bounding box: \d+×\d+ cells/);
  const cells = JSON.parse(readFileSync(join(dir, "masked", "report.json"), "utf8")).overall.enhanced.cells;
  const inMask = Array.from(readRaster(join(dir, "run", "test_area_0.tif")).bands[0].data).reduce((a: number, v: number) => a + v, 0);
  assert.equal(cells, inMask);
  // the reference against itself: no error, the same flood
  r = run("dem", "evaluate", "--enhanced", join(dir, "g", "reference.tif"), "--reference", join(dir, "g", "reference.tif"), "--gdem", join(dir, "g", "synthetic_srtm.tif"), "--out", join(dir, "self"), "--simulate", "1800", "--storm-duration", "30");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /dem: rmse_enhanced=0\.000 rmse_gdem=\d+\.\d{3} rmse_change_pct=-100\.0 mae_change_pct=-100\.0 csi_enhanced=1\.000 csi_gdem=0\.\d{3}\n$/);
});

test("dem bad input: one line and exit 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-bad-"));
  const fine = writeTerrain(dir, "fine.tif", 64, 64, 5);
  const far = join(dir, "far.tif");
  writeRaster(far, terrainRaster(64, 64, 5, hills(64, 64, 5), 900000, 1000000));
  writeFileSync(join(dir, "apart.yml"), `grid: ${fine}\ninputs:\n  - {name: gdem_srtm, kind: global_dem, path: ${far}}\n`);
  oneLine(run("dem", "stack", "--config", join(dir, "apart.yml"), "--out", join(dir, "s.tif")), /far\.tif: does not intersect the reference grid/);
  writeFileSync(join(dir, "band.yml"), `grid: ${fine}\ninputs:\n  - {name: gdem_srtm, kind: global_dem, path: ${fine}, band: 3}\n`);
  oneLine(run("dem", "stack", "--config", join(dir, "band.yml"), "--out", join(dir, "s.tif")), /fine\.tif: has 1 band, band 3 was asked for/);
  writeFileSync(join(dir, "typo.yml"), `grid: ${fine}\ninputs:\n  - {name: gdem_srtm, kind: globaldem, path: ${fine}}\n`);
  oneLine(run("dem", "stack", "--config", join(dir, "typo.yml"), "--out", join(dir, "s.tif")), /typo\.yml: key 'inputs\.0/);
  assert.ok(!existsSync(join(dir, "s.tif")), "nothing written on failure");
  oneLine(run("dem", "predict", "--model", dir, "--stack", fine, "--out", join(dir, "e.tif")), /not a DEM model folder/);
  oneLine(run("dem", "degrade", "--dem", fine, "--gdems", "srtm,tandem", "--out", join(dir, "g")), /--gdems \(gdems\.1\): Invalid option: expected one of "alos"\|"aster"\|"nasadem"\|"srtm"/);
  // a reference in another CRS is reprojected and said
  const g = join(dir, "g");
  assert.equal(run("dem", "degrade", "--dem", fine, "--gdems", "srtm", "--out", g).status, 0);
  const wgs = join(dir, "ref_wgs84.tif");
  const w = spawnSync("gdalwarp", ["-q", "-t_srs", "EPSG:4326", join(g, "reference.tif"), wgs]);
  if (w.status === 0) {
    const r = run("dem", "evaluate", "--enhanced", join(g, "reference.tif"), "--reference", wgs, "--gdem", join(g, "synthetic_srtm.tif"), "--out", join(dir, "ev"), "--no-flood");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /note: reference .*ref_wgs84\.tif: in EPSG:4326, reprojected to EPSG:32633/);
  }
  // the Kentucky DEM is in US feet: converted and reprojected, and said
  const k = run("dem", "degrade", "--dem", data("dem_pysheds_texas_kentucky", "roi_dem_30m_kentucky.tif"), "--z-units", "us_ft", "--gdems", "srtm", "--out", join(dir, "k"));
  assert.equal(k.status, 0, k.stderr);
  assert.match(k.stdout, /reprojected to EPSG:32617/);
  assert.match(k.stdout, /converted from us_ft to metres/);
  const ref = readRaster(join(dir, "k", "reference.tif")).bands[0];
  const vals = Array.from(ref.data).filter((v) => v !== -9999);
  assert.ok(Math.min(...vals) > 300 && Math.max(...vals) < 390, "metres, not feet");
});

test("dem stack: Sentinel-2 bands, an NDVI from them and rasterized OSM water in seed order with statistics", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-s2-"));
  const b = (n: string) => data("sentinel2_l1c_brandenburg_water", "bands", `T33UUU_20170216T102101_${n}.tif`);
  writeFileSync(
    join(dir, "s2.yml"),
    [
      `grid: ${b("B04")}`,
      "cell: 20",
      "inputs:",
      `  - {name: osm_water, kind: osm_layer, vector: ${data("sentinel2_l1c_brandenburg_water", "osm_landuse_water_polygons_epsg32633.geojson")}, where: "fclass = 'water'"}`,
      "  - {name: s2_ndvi, kind: sentinel2_index, index: ndvi, from: {nir: s2_b08, red: s2_b04}}",
      `  - {name: s2_b08, kind: sentinel2_band, path: ${b("B08")}, resampling: average}`,
      `  - {name: s2_b04, kind: sentinel2_band, path: ${b("B04")}, resampling: average}`,
    ].join("\n"),
  );
  const r = run("dem", "stack", "--config", join(dir, "s2.yml"), "--out", join(dir, "s2.tif"));
  assert.equal(r.status, 0, r.stderr);
  const s = readRaster(join(dir, "s2.tif"));
  assert.deepEqual(s.bands.map((x) => x.name), ["s2_b08", "s2_b04", "s2_ndvi", "osm_water"]);
  assert.equal(s.width, 768);
  const [nir, red, ndvi, water] = s.bands.map((x) => x.data);
  for (const i of [0, 1234, 200000]) assert.ok(Math.abs(ndvi[i] - (nir[i] - red[i]) / (nir[i] + red[i])) < 1e-6);
  const share = Array.from(water).reduce((a: number, v: number) => a + v, 0) / water.length;
  assert.ok(share > 0.005 && share < 0.03, `water share ${share} (the README: 1.26 % of the 10 m grid)`);
});

test("dem train with OSM layers: Merewether's footprints partly in the synthetic surfaces and as an input band", () => {
  const dir = mkdtempSync(join(tmpdir(), "dem-mw-"));
  const mw = (f: string) => data("merewether_urban_flood", f);
  writeFileSync(
    join(dir, "mw.yml"),
    [
      "cell: 2",
      `fine_dems: [{path: ${mw("topography1_epsg32756.tif")}, buildings: ${mw("houses_epsg32756.geojson")}, buildings_where: "used_in_anuga_run = 1", roads: ${mw("road_polygon_epsg32756.geojson")}}]`,
      "layers: [osm_buildings, osm_roads]",
      "gdems: [alos, srtm]",
      "base: 4",
      "depth: 3",
      "patch_size: 32",
      "stride: 32",
      "block_size: 64",
      "epochs: 1",
    ].join("\n"),
  );
  const r = run("dem", "train", "--config", join(dir, "mw.yml"), "--run-dir", join(dir, "run"));
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(readFileSync(join(dir, "run", "model", "model.json"), "utf8"));
  assert.deepEqual(m.net.inputs, ["gdem_alos", "gdem_srtm", "osm_buildings", "osm_roads"]);
  const b = m.normalization.layers.find((l: { name: string }) => l.name === "osm_buildings");
  assert.ok(b.mean > 0.05 && b.mean < 0.5, `building share of the training area ${b.mean}`);
});

test("dem stack: a real 3-arc-second tile in EPSG:4326 is reprojected onto a 5 m UTM grid, and said", async () => {
  const { gdal } = await import("../../src/geo/gdal.js");
  const dir = mkdtempSync(join(tmpdir(), "dem-real-"));
  const t = new gdal.CoordinateTransformation(gdal.SpatialReference.fromProj4("+proj=longlat +datum=WGS84 +no_defs"), gdal.SpatialReference.fromEPSG(32614));
  const p = t.transformPoint(-97.33, 32.67);
  const x0 = Math.round(p.x), y0 = Math.round(p.y);
  const grid = join(dir, "grid.tif");
  writeRaster(grid, { width: 120, height: 100, geotransform: [x0, 5, 0, y0, 0, -5], crs: { wkt: "", epsg: 32614 }, bands: [{ name: "g", type: "Float32", nodata: null, data: new Float32Array(12000) }] });
  writeFileSync(join(dir, "s.yml"), `grid: ${grid}\ninputs:\n  - {name: gdem_srtm, kind: global_dem, path: ${data("dem_pysheds_texas_kentucky", "dem_3arcsec_dfw_texas.tif")}}\n`);
  const r = run("dem", "stack", "--config", join(dir, "s.yml"), "--out", join(dir, "s.tif"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /dem_3arcsec_dfw_texas\.tif: in EPSG:4326, reprojected to the grid's EPSG:32614/);
  const z = readRaster(join(dir, "s.tif")).bands[0].data;
  const vals = Array.from(z).filter(Number.isFinite);
  assert.equal(vals.length, 12000);
  assert.ok(Math.min(...vals) > 147 && Math.max(...vals) < 298, "within the tile's 147–298 m");
});
