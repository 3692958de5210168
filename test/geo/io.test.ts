import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRaster, writeRaster, Raster } from "../../src/geo/index.js";
import { gdal } from "../../src/geo/gdal.js";
import { data } from "../helpers/data.js";

test("GeoTIFF round trip: values, grid, CRS, nodata and names; tiled and DEFLATE-compressed; COG on request", () => {
  const src = readRaster(data("dem_landlab_colorado", "west_bijou_gully_lidar_3m.tif"));
  const dir = mkdtempSync(join(tmpdir(), "io-"));
  const out = join(dir, "copy.tif");
  writeRaster(out, { ...src, bands: [{ ...src.bands[0], name: "elevation" }] });
  const back = readRaster(out);
  assert.deepEqual(Array.from(back.bands[0].data), Array.from(src.bands[0].data));
  assert.deepEqual(back.geotransform, src.geotransform);
  assert.equal(back.crs?.epsg, 26913);
  assert.equal(back.bands[0].nodata, 0);
  assert.equal(back.bands[0].name, "elevation");
  const ds = gdal.open(out);
  assert.equal((ds.getMetadata("IMAGE_STRUCTURE") as Record<string, string>).COMPRESSION, "DEFLATE");
  assert.deepEqual([ds.bands.get(1).blockSize.x, ds.bands.get(1).blockSize.y], [256, 256]);
  ds.close();
  const cog = join(dir, "cog.tif");
  writeRaster(cog, src, { cog: true });
  const c = gdal.open(cog);
  assert.equal((c.getMetadata("IMAGE_STRUCTURE") as Record<string, string>).LAYOUT, "COG");
  c.close();
  assert.deepEqual(readdirSync(dir).sort(), ["cog.tif", "copy.tif"], "no temporary files left");
});

test("a failed write leaves an existing output untouched", () => {
  const dir = mkdtempSync(join(tmpdir(), "io-"));
  const out = join(dir, "result.tif");
  writeFileSync(out, "precious");
  const bad: Raster = { width: 4, height: 4, geotransform: [0, 1, 0, 4, 0, -1], crs: null, bands: [{ name: "x", type: "Float32", nodata: null, data: new Float32Array(3) }] };
  assert.throws(() => writeRaster(out, bad), /result\.tif: band 'x' has 3 values for a 4×4 grid/);
  assert.equal(readFileSync(out, "utf8"), "precious");
  assert.deepEqual(readdirSync(dir), ["result.tif"]);
});

test("windowed reads return the window with its own geotransform", () => {
  const p = data("merewether_urban_flood", "topography1_epsg32756.tif");
  const full = readRaster(p);
  const win = readRaster(p, { window: { x: 100, y: 50, width: 20, height: 10 } });
  assert.equal(win.bands[0].data[3 * 20 + 7], full.bands[0].data[53 * 321 + 107]);
  assert.ok(Math.abs(win.geotransform[0] - (full.geotransform[0] + 100 * full.geotransform[1])) < 1e-6);
  assert.throws(() => readRaster(p, { window: { x: 310, y: 0, width: 20, height: 10 } }), /window 20×10 at \(310, 0\) is outside the 321×416 raster/);
});
