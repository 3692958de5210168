// The shipped models load with their band lists, and their Earth Engine exports verify against
// water predict on real scenes: a crop of the Havel Sentinel-2 scene for water-s2, and a crop of a real
// Landsat 8 OLI scene (NW Florida, converted to top-of-atmosphere reflectance with its MTL
// coefficients) for water-landsat, a sensor and place the models were not trained on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRaster } from "../../src/geo/io.js";
import { Raster } from "../../src/geo/raster.js";
import { loadWaterModel } from "../../src/water/model-file.js";
import { exportEe, EXPORT_FILES } from "../../src/water/ee/export.js";
import { verifyEe } from "../../src/water/ee/verify.js";
import { loadScene } from "../../src/water/scene.js";
import { loadConfig } from "../../src/util/config.js";
import { waterSchema, waterPathKeys } from "../../src/water/config.js";
import { data } from "../helpers/data.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "water-shipped-"));

function crop(r: Raster, x0: number, y0: number, w: number, h: number): Raster {
  const gt = r.geotransform;
  return {
    width: w,
    height: h,
    crs: r.crs,
    geotransform: [gt[0] + x0 * gt[1], gt[1], 0, gt[3] + y0 * gt[5], 0, gt[5]],
    bands: r.bands.map((b) => {
      const data = new Float32Array(w * h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = b.data[(y0 + y) * r.width + x0 + x];
      return { ...b, type: "Float32", nodata: NaN, data };
    }),
  };
}

test("models/water-s2: the seed's network on eight Sentinel-2 bands; its export verifies on the Havel scene", () => {
  const m = loadWaterModel(join(root, "models", "water-s2"));
  assert.deepEqual(m.meta.bands, ["B2", "B3", "B4", "B5", "B6", "B8", "B11", "B12"]);
  assert.equal(m.net.numParameters(), 38514);
  m.net.dispose();
  const cfg = loadConfig(join(root, "examples", "water", "havel.yml"), waterSchema, { pathKeys: waterPathKeys });
  const scene = crop(loadScene(cfg.scene as NonNullable<typeof cfg.scene>), 560, 380, 72, 64);
  const out = join(dir, "s2");
  exportEe({ model: join(root, "models", "water-s2"), out, asset: "COPERNICUS/S2/20170216T102101_20170216T102204_T33UUU" });
  const r = verifyEe({ graph: join(out, EXPORT_FILES.graph), scene, sceneSource: "Havel crop" });
  assert.ok(r.ok, `max |Δp| ${r.maxAbsDiff}`);
  assert.equal(r.compared, 66 * 58);
});

test("models/water-landsat: OLI bands B2-B7; its export verifies on a real Landsat 8 scene (TOA reflectance)", () => {
  const m = loadWaterModel(join(root, "models", "water-landsat"));
  assert.deepEqual(m.meta.bands, ["B2", "B3", "B4", "B5", "B6", "B7"]);
  m.net.dispose();
  // l8_MTL.txt: REFLECTANCE_MULT 2.0e-5, REFLECTANCE_ADD -0.1 for bands 1-9, SUN_ELEVATION 64.74360932
  const sinSun = Math.sin((64.74360932 * Math.PI) / 180);
  const bands = ["B2", "B3", "B4", "B5", "B6", "B7"].map((name) => {
    const b = readRaster(data("landsat8_l1t_florida_subset", `l8_${name}.tif`)).bands[0];
    return { ...b, name, type: "Float32" as const, nodata: NaN, data: Float32Array.from(b.data, (dn) => (dn === 0 ? NaN : (dn * 2e-5 - 0.1) / sinSun)) };
  });
  const grid = readRaster(data("landsat8_l1t_florida_subset", "l8_B2.tif"));
  const scene = crop({ ...grid, bands }, 300, 250, 64, 60);
  const out = join(dir, "landsat");
  exportEe({ model: join(root, "models", "water-landsat"), out, asset: "LANDSAT/LC08/C02/T1_TOA/LC08_020039_20150804" });
  const r = verifyEe({ graph: join(out, EXPORT_FILES.graph), scene, sceneSource: "Florida crop" });
  assert.ok(r.ok, `max |Δp| ${r.maxAbsDiff}`);
  assert.equal(r.compared, 58 * 54);
});
