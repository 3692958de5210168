// RasterDataset on real rasters: its grid, CRS and bounds, windows read lazily and placed where
// GDAL's own gdal_translate -srcwin / -projwin puts them, bands stacked across resolutions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gdal } from "../../src/geo/gdal.js";
import { RasterDataset, gridSampler, randomSampler, readRaster, geoWindow, slidingWindows, locate } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

const band = (b: string) => data("sentinel2_l1c_brandenburg_water", "bands", `T33UUU_20170216T102101_${b}.tif`);
const tenMetre = ["B02", "B03", "B04", "B08"];

test("a stack of the 10 m Sentinel-2 bands carries grid, CRS and bounds; windows sit where gdal_translate -srcwin puts them", () => {
  const ds = RasterDataset.stack(tenMetre.map((b) => ({ path: band(b), name: b })));
  try {
    assert.deepEqual([ds.grid.width, ds.grid.height], [1536, 768]);
    assert.equal(ds.crs?.epsg, 32633);
    assert.deepEqual(ds.bounds, [330000, 5814360, 345360, 5822040]);
    assert.deepEqual(ds.resolution, [10, 10]);
    assert.deepEqual(ds.bands.map((b) => b.name), tenMetre);
    // 256-pixel windows every 128: x origins 0, 128, …, 1280 (11) by y origins 0 … 512 (5)
    const windows = gridSampler(ds.grid, { size: 256, stride: 128 });
    assert.equal(windows.length, 55);
    for (const w of [windows[0], windows[17], windows[54]]) {
      const s = ds.sample(w);
      assert.deepEqual(s.shape, [4, 256, 256]);
      tenMetre.forEach((b, c) => {
        const src = gdal.open(band(b));
        const cut = gdal.translate(`/vsimem/cut-${b}.tif`, src, ["-srcwin", String(w.x), String(w.y), "256", "256"]);
        assert.deepEqual(w.geotransform, cut.geoTransform, `window at (${w.x}, ${w.y})`);
        const expected = cut.bands.get(1).pixels.read(0, 0, 256, 256);
        const got = s.data.subarray(c * 65536, (c + 1) * 65536);
        for (let i = 0; i < expected.length; i += 97) assert.equal(got[i], expected[i], `${b} at ${i} of window (${w.x}, ${w.y})`);
        cut.close();
        gdal.vsimem.release(`/vsimem/cut-${b}.tif`);
        src.close();
      });
    }
  } finally {
    ds.close();
  }
});

test("windows in CRS units: 2560 m windows every 1280 m are the 256-pixel ones, and gdal_translate -projwin cuts the same grid", () => {
  const ds = RasterDataset.open(band("B04"));
  try {
    const metres = gridSampler(ds.grid, { size: 2560, stride: 1280, units: "crs" });
    const pixels = gridSampler(ds.grid, { size: 256, stride: 128 });
    assert.deepEqual(metres.map((w) => [w.x, w.y]), pixels.map((w) => [w.x, w.y]));
    const w = metres[23];
    const [minX, minY, maxX, maxY] = w.bounds;
    const cut = gdal.translate("/vsimem/projwin.tif", gdal.open(band("B04")), ["-projwin", String(minX), String(maxY), String(maxX), String(minY)]);
    assert.deepEqual([cut.rasterSize.x, cut.rasterSize.y], [256, 256]);
    assert.deepEqual(cut.geoTransform, w.geotransform);
    cut.close();
    gdal.vsimem.release("/vsimem/projwin.tif");
    assert.throws(() => gridSampler(ds.grid, { size: 2565, units: "pixels" }), /larger than the 1536×768 grid/);
  } finally {
    ds.close();
  }
});

test("a 20 m band stacked on the 10 m grid by nearest neighbour repeats each 20 m pixel over 2 × 2 cells", () => {
  const ds = RasterDataset.stack([{ path: band("B03"), name: "green" }, { path: band("B11"), name: "swir1", resampling: "nearest" }]);
  const b11 = readRaster(band("B11")).bands[0].data;
  try {
    assert.deepEqual([ds.grid.width, ds.grid.height], [1536, 768]);
    for (const w of randomSampler(ds.grid, { size: 64, count: 5, seed: 3 })) {
      const s = ds.sample(w);
      const swir = s.data.subarray(64 * 64);
      for (let r = 0; r < 64; r++)
        for (let c = 0; c < 64; c++) {
          const col = w.x + c, row = w.y + r;
          assert.equal(swir[r * 64 + c], b11[Math.floor(row / 2) * 768 + Math.floor(col / 2)], `10 m cell (${col}, ${row})`);
        }
    }
  } finally {
    ds.close();
  }
});

test("reading is lazy: windows of a 100 000 × 100 000 raster (40 GB as Float32) are read without the raster", () => {
  const dir = mkdtempSync(join(tmpdir(), "dataset-lazy-"));
  const path = join(dir, "huge.tif");
  try {
    const r = spawnSync("gdal_create", ["-of", "GTiff", "-outsize", "100000", "100000", "-ot", "Float32", "-a_srs", "EPSG:32633", "-a_ullr", "300000", "6000000", "400000", "5900000", "-a_nodata", "-1", "-co", "SPARSE_OK=YES", "-co", "TILED=YES", "-co", "BIGTIFF=YES", path]);
    assert.equal(r.status, 0, r.stderr?.toString());
    const w = gdal.open(path, "r+");
    w.bands.get(1).pixels.write(70000, 40000, 2, 2, Float32Array.from([1, 2, 3, 4]));
    w.close();
    const before = process.memoryUsage().rss;
    const ds = RasterDataset.open(path);
    const windows = randomSampler(ds.grid, { size: 128, count: 50, seed: 1 });
    let seen = 0;
    for (const s of ds.samples(windows, { fill: -5 })) seen += s.data.length;
    // the window around the written pixels holds them at their offsets
    const around = ds.sample(geoWindow(ds.grid, 69990, 39990, 16));
    assert.deepEqual([around.data[10 * 16 + 10], around.data[10 * 16 + 11], around.data[11 * 16 + 10], around.data[11 * 16 + 11]], [1, 2, 3, 4]);
    assert.deepEqual(around.window.geotransform, [300000 + 69990, 1, 0, 6000000 - 39990, 0, -1]);
    ds.close();
    assert.equal(seen, 50 * 128 * 128);
    assert.ok(process.memoryUsage().rss - before < 500e6, `rss grew by ${(process.memoryUsage().rss - before) / 1e6} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("nodata becomes the fill value; a raster in memory reads like its file; batches equal the samples", () => {
  const path = data("merewether_urban_flood", "topography1_epsg32756.tif");
  const file = RasterDataset.open(path);
  const memory = RasterDataset.fromRaster(readRaster(path));
  const raw = readRaster(path).bands[0].data;
  try {
    assert.deepEqual(memory.grid, file.grid);
    const windows = locate(file.grid, slidingWindows(321, 416, 64, 48));
    const norm = file.fitNormalization(windows);
    const batch = file.batch(windows, { fill: 0, normalization: norm });
    assert.deepEqual(batch.shape, [windows.length, 1, 64, 64]);
    let nodata = 0;
    windows.forEach((w, k) => {
      const a = file.sample(w);
      const b = memory.sample(w);
      assert.deepEqual(a.data, b.data);
      for (let i = 0; i < 64 * 64; i++) {
        const v = raw[(w.y + Math.floor(i / 64)) * 321 + w.x + (i % 64)];
        if (v === -9999) {
          nodata++;
          assert.ok(Number.isNaN(a.data[i]));
          assert.equal(batch.data[k * 4096 + i], 0);
        } else {
          assert.equal(a.data[i], v);
          assert.ok(Math.abs(batch.data[k * 4096 + i] - (v - norm[0].mean) / norm[0].std) < 1e-5);
        }
      }
    });
    assert.ok(nodata > 0, "the windows hold some of the DEM's nodata cells");
    assert.throws(() => file.sample({ x: 300, y: 0, size: 64 }), /outside the 321×416 grid/);
  } finally {
    file.close();
    memory.close();
  }
});
