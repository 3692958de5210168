// Raster facts and statistics against GDAL's own computation from the pixels and gdalinfo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rasterInfo } from "../../src/geo/index.js";
import { gdal } from "../../src/geo/gdal.js";
import { data } from "../helpers/data.js";

const files = [
  data("dem_terra_luxembourg", "elev_luxembourg_30arcsec.tif"),
  data("dem_pysheds_texas_kentucky", "roi_dem_30m_kentucky.tif"),
  data("dem_pysheds_texas_kentucky", "dem_3arcsec_dfw_texas.tif"),
  data("dem_landlab_colorado", "west_bijou_gully_lidar_3m.tif"),
  data("dem_landlab_colorado", "srtmgl3_boulder_creek_3arcsec.tif"),
  data("sentinel2_l1c_brandenburg_water", "bands", "T33UUU_20170216T102101_B8A.tif"),
  data("merewether_urban_flood", "topography1_epsg32756.tif"),
  data("landsat8_bqa_samples", "LC81070352015282LGN00_BQA.TIF"),
  data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif"),
];

const close = (a: number, b: number, rel: number, abs = 0) => Math.abs(a - b) <= abs + rel * Math.abs(b);

test("statistics equal GDAL's computation from the pixels (1e-9 relative), band by band", () => {
  for (const f of files) {
    const info = rasterInfo(f);
    const ds = gdal.open(f);
    info.bands.forEach((b, i) => {
      const s = ds.bands.get(i + 1).computeStatistics(false);
      for (const [ours, theirs, what] of [[b.min, s.min, "min"], [b.max, s.max, "max"], [b.mean, s.mean, "mean"], [b.std, s.std_dev, "std"]] as const)
        assert.ok(close(ours, theirs, 1e-9, 1e-12), `${f} band ${i + 1} ${what}: ours ${ours}, GDAL ${theirs}`);
    });
    ds.close();
  }
});

test("size, geotransform, EPSG, nodata and types agree with gdalinfo -json -stats; statistics to its printed precision", () => {
  for (const f of files) {
    const ours = rasterInfo(f);
    const g = JSON.parse(execFileSync("gdalinfo", ["-json", "-stats", "--config", "GDAL_PAM_ENABLED", "NO", f], { encoding: "utf8", maxBuffer: 1 << 26 }));
    assert.deepEqual([ours.width, ours.height], g.size, f);
    assert.equal(ours.georeferenced, g.geoTransform !== undefined, `${f} georeferenced`);
    const gt = g.geoTransform ?? [0, 1, 0, 0, 0, 1];
    ours.geotransform.forEach((v, i) => assert.ok(close(v, gt[i], 1e-12, 1e-12), `${f} geotransform[${i}]`));
    assert.equal(ours.epsg, g.stac?.["proj:epsg"] ?? null, `${f} epsg`);
    ours.bands.forEach((b, i) => {
      const gb = g.bands[i];
      assert.equal(b.type, gb.type, `${f} type`);
      // gdalinfo prints a Float32 nodata with float precision (-3.4028235e+38)
      if (b.nodata === null) assert.equal(gb.noDataValue, undefined, `${f} nodata`);
      else assert.ok(close(b.nodata, gb.noDataValue, 1e-7), `${f} nodata ${b.nodata} vs ${gb.noDataValue}`);
      if (f.includes("luxembourg")) return; // its stored statistics are placeholders; see the next test
      // gdalinfo prints statistics with 3 decimals
      for (const [ours, theirs, what] of [[b.min, gb.minimum, "min"], [b.max, gb.maximum, "max"], [b.mean, gb.mean, "mean"], [b.std, gb.stdDev, "std"]] as const)
        assert.ok(close(ours, theirs, 1e-6, 5.01e-4), `${f} band ${i + 1} ${what}: ours ${ours}, gdalinfo ${theirs}`);
    });
  }
});

test("the Luxembourg DEM: its stored statistics say mean −9999; ours come from the pixels", () => {
  const f = files[0];
  const stored = JSON.parse(execFileSync("gdalinfo", ["-json", "-stats", "--config", "GDAL_PAM_ENABLED", "NO", f], { encoding: "utf8" })).bands[0];
  assert.equal(stored.mean, -9999);
  const b = rasterInfo(f).bands[0];
  assert.equal(b.min, 141);
  assert.equal(b.max, 547);
  assert.ok(Math.abs(b.mean - 348.3366) < 1e-4);
  assert.equal(b.count, 4608);
});

test("landlab DEMs: 0 is nodata and is left out (28.4 % of the gully DEM is valid)", () => {
  const b = rasterInfo(data("dem_landlab_colorado", "west_bijou_gully_lidar_3m.tif")).bands[0];
  assert.equal(b.nodata, 0);
  assert.equal(b.count, 1088);
  assert.ok(Math.abs(b.count / (43 * 89) - 0.284) < 0.001);
  assert.ok(Math.abs(b.min - 1680.78) < 0.01 && Math.abs(b.max - 1725.43) < 0.01);
});

test("NetCDF: the file lists its subdatasets; a subdataset reads with its 12 monthly bands and 1e20 fill", () => {
  const nc = data("gridded_precip_stars", "bcsd_obs_1999.nc");
  assert.throws(() => rasterInfo(nc), /has no bands of its own; open one of its subdatasets: NETCDF:".*bcsd_obs_1999\.nc":pr, NETCDF:".*":tas/);
  const info = rasterInfo(`NETCDF:"${nc}":pr`);
  assert.equal(info.bands.length, 12);
  assert.deepEqual([info.width, info.height], [81, 33]);
  assert.ok(Math.abs((info.bands[0].nodata as number) / 1e20 - 1) < 1e-7, "fill value 1e20 (as Float32)");
  const all = info.bands.map((b) => [b.min, b.max]);
  assert.ok(Math.abs(Math.min(...all.map((x) => x[0])) - 0.59) < 0.01, "pr minimum 0.59 mm/month");
  assert.ok(Math.abs(Math.max(...all.map((x) => x[1])) - 848.6) < 0.1, "pr maximum 848.6 mm/month");
});

test("reading never writes next to the input (no .aux.xml)", () => {
  const dir = mkdtempSync(join(tmpdir(), "info-"));
  const copy = join(dir, "dem.tif");
  copyFileSync(files[1], copy);
  rasterInfo(copy);
  assert.deepEqual(readdirSync(dir), ["dem.tif"]);
});

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");

test("catchment raster info --json prints one JSON object; bad files give one line and exit 1", () => {
  const r = spawnSync(process.execPath, [cli, "raster", "info", files[3], "--json"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.width, 43);
  assert.equal(j.epsg, 26913);
  assert.equal(j.geotransform.length, 6);
  assert.deepEqual(Object.keys(j.bands[0]).filter((k) => ["type", "nodata", "min", "max", "mean", "std"].includes(k)).sort(), ["max", "mean", "min", "nodata", "std", "type"]);
  for (const [file, msg] of [
    ["/nonexistent/dem.tif", /\/nonexistent\/dem\.tif: file not found/],
    [data("camels_us_longterm", "README.md"), /README\.md: not a raster that GDAL can read/],
  ] as const) {
    const bad = spawnSync(process.execPath, [cli, "raster", "info", file], { encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, msg);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
  }
});
