// Resampling onto a reference grid, checked cell by cell where the answer is known exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alignTo, buildStack, readRaster, writeRaster, spectralIndex, readGrid } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

const band = (b: string) => data("sentinel2_l1c_brandenburg_water", "bands", `T33UUU_20170216T102101_${b}.tif`);
const grid = readGrid;

test("Sentinel-2 20 m and 60 m bands aligned onto the 10 m grid (nearest): each 10 m cell takes its parent cell's value", () => {
  const ref = grid(band("B04"));
  const b11 = readRaster(band("B11")).bands[0].data;
  const b01 = readRaster(band("B01")).bands[0].data;
  const a11 = alignTo(band("B11"), ref, { resampling: "nearest" });
  const a01 = alignTo(band("B01"), ref, { resampling: "nearest" });
  assert.deepEqual([a11.width, a11.height], [1536, 768]);
  assert.deepEqual(a11.geotransform, ref.geotransform);
  assert.equal(a11.crs?.epsg, 32633);
  for (let r = 0; r < 768; r += 7)
    for (let c = 0; c < 1536; c += 5) {
      assert.equal(a11.bands[0].data[r * 1536 + c], b11[(r >> 1) * 768 + (c >> 1)], `B11 at ${r},${c}`);
      assert.equal(a01.bands[0].data[r * 1536 + c], b01[Math.floor(r / 6) * 256 + Math.floor(c / 6)], `B01 at ${r},${c}`);
    }
});

test("10 m band averaged onto the 20 m grid equals the 2×2 block means", () => {
  const ref = grid(band("B11"));
  const b04 = readRaster(band("B04")).bands[0].data;
  const avg = alignTo(band("B04"), ref, { resampling: "average" }).bands[0].data;
  for (let r = 0; r < 384; r += 11)
    for (let c = 0; c < 768; c += 13) {
      const m = (b04[2 * r * 1536 + 2 * c] + b04[2 * r * 1536 + 2 * c + 1] + b04[(2 * r + 1) * 1536 + 2 * c] + b04[(2 * r + 1) * 1536 + 2 * c + 1]) / 4;
      assert.ok(Math.abs(avg[r * 768 + c] - m) < 1e-3, `at ${r},${c}: ${avg[r * 768 + c]} vs ${m}`);
    }
});

test("a named stack in declared order with an NDVI band, written and read back as GeoTIFF", () => {
  const ref = grid(band("B04"));
  const stack = buildStack(ref, [
    { name: "red", path: band("B04") },
    { name: "nir", path: band("B08") },
    { name: "swir1", path: band("B11"), resampling: "bilinear" },
  ]);
  const ndvi = spectralIndex("ndvi", { nir: stack.bands[1], red: stack.bands[0] });
  stack.bands.push(ndvi);
  const i = 400 * 1536 + 700;
  const expected = (stack.bands[1].data[i] - stack.bands[0].data[i]) / (stack.bands[1].data[i] + stack.bands[0].data[i]);
  assert.ok(Math.abs(ndvi.data[i] - expected) < 1e-6);
  const out = join(mkdtempSync(join(tmpdir(), "stack-")), "stack.tif");
  writeRaster(out, stack);
  const back = readRaster(out);
  assert.deepEqual(back.bands.map((b) => b.name), ["red", "nir", "swir1", "ndvi"]);
  assert.equal(back.bands[3].data[i], ndvi.data[i]);
});

test("Luxembourg (EPSG:4326) reprojected to UTM 32N keeps its elevations and nodata outside", () => {
  const lux = data("dem_terra_luxembourg", "elev_luxembourg_30arcsec.tif");
  const src = readRaster(lux);
  const ref = { width: 80, height: 100, geotransform: [270000, 1000, 0, 5560000, 0, -1000] as [number, number, number, number, number, number], crs: { wkt: "", epsg: 32632 } };
  const out = alignTo(lux, ref, { resampling: "nearest" });
  const valid = [...out.bands[0].data].filter((v) => v !== -32768);
  assert.ok(valid.length > 2000, `${valid.length} cells inside Luxembourg`);
  assert.ok(Math.min(...valid) >= 141 && Math.max(...valid) <= 547);
  assert.ok(out.bands[0].data.some((v) => v === -32768), "cells outside the country are nodata");
  assert.equal(out.bands[0].nodata, src.bands[0].nodata);
});

test("bad input: grids that do not intersect, a raster without CRS, a band that does not exist", () => {
  const ref = grid(data("merewether_urban_flood", "topography1_epsg32756.tif"));
  assert.throws(() => alignTo(data("dem_terra_luxembourg", "elev_luxembourg_30arcsec.tif"), ref), /elev_luxembourg_30arcsec\.tif: does not intersect the reference grid/);
  assert.throws(() => alignTo(data("landsat8_bqa_samples", "LC81070352015282LGN00_BQA.TIF"), ref), /LC81070352015282LGN00_BQA\.TIF: has no CRS, so it cannot be placed on the reference grid \(EPSG:32756\)/);
  assert.throws(() => alignTo(data("merewether_urban_flood", "topography1_epsg32756.tif"), ref, { bands: [3] }), /topography1_epsg32756\.tif: has 1 band, band 3 was asked for/);
  assert.throws(() => readRaster(data("merewether_urban_flood", "topography1_epsg32756.tif"), { bands: [2] }), /has 1 band, band 2 was asked for/);
});
