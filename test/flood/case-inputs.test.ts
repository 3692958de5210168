// runFloodCase with the inputs beyond a DEM and a number: building heights from a raster, rain as
// rasters, line and edge inflows, Green-Ampt from the config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeRaster, Raster } from "../../src/geo/index.js";
import { floodSchema } from "../../src/flood/config.js";
import { runFloodCase } from "../../src/flood/case.js";
import { validateConfig } from "../../src/util/config.js";

const dir = mkdtempSync(join(tmpdir(), "flood-inputs-"));
const W = 20, H = 20;
const grid = { width: W, height: H, geotransform: [500000, 1, 0, 6000020, 0, -1] as [number, number, number, number, number, number], crs: { wkt: "", epsg: 32756 } };
const raster = (name: string, f: (c: number, r: number) => number, nodata: number | null = null): string => {
  const path = join(dir, name);
  const r: Raster = { ...grid, bands: [{ name: "v", type: "Float32", nodata, data: Float32Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W))) }] };
  writeRaster(path, r);
  return path;
};
const dem = raster("flat.tif", () => 0);
const run = (extra: Record<string, unknown>) => runFloodCase(validateConfig("test", { dem, duration: 600, threads: 1, out: join(dir, `out-${Math.random().toString(36).slice(2)}`), ...extra }, floodSchema));
const block = (c: number, r: number) => c >= 8 && c < 12 && r >= 8 && r < 12;

test("a buildings raster gives heights in metres; a 0/1 raster is a mask raised by building_height", () => {
  // 6 m of rain on a closed flat box of 400 cells with 16 building cells: the water settles at
  // 2400/384 = 6.25 m around 7 m buildings (roofs stay dry), at 2480/400 = 6.2 m over 5 m ones (1.2 m on the roofs)
  const common = { boundary: "closed", rain: 6000, rain_duration: "1h", duration: 5400 };
  const tall = run({ ...common, buildings: raster("heights.tif", (c, r) => (block(c, r) ? 7 : 0)) });
  const masked = run({ ...common, buildings: raster("mask.tif", (c, r) => (block(c, r) ? 1 : 0)), building_height: 5 });
  const centre = 10 * W + 10;
  assert.ok(tall.result.depth[centre] < 0.01, `7 m roof under ${tall.result.depth[centre]} m of water`);
  assert.ok(Math.abs(tall.result.depth[0] - 6.25) < 0.03, `open ground under ${tall.result.depth[0]} m, expected 6.25`);
  assert.ok(Math.abs(masked.result.depth[centre] - 1.2) < 0.03, `5 m roof under ${masked.result.depth[centre]} m, expected 1.2`);
  assert.equal(tall.summary.building_cells, 16);
  assert.match((masked.summary.notes as string[]).join(" "), /0\/1 mask: footprints raised by 5 m/);
});

test("rain as a list of rate rasters: the volume follows the rasters and 'none' stops the rain", () => {
  raster("rain_west.tif", (c) => (c < W / 2 ? 36 : 0));
  raster("rain_all.tif", () => 12);
  const list = join(dir, "rain.csv");
  writeFileSync(list, "start_s,raster\n0,rain_west.tif\n120,rain_all.tif\n300,none\n");
  const r = run({ rain: list, boundary: "closed" });
  const expected = ((36 / 3.6e6) * 120 * (W * H) / 2 + (12 / 3.6e6) * 180 * W * H) * 1;
  const mb = r.summary.mass_balance as { rain_m3: number; storage_m3: number; error_percent: number };
  assert.ok(Math.abs(mb.rain_m3 - expected) < 1e-9 * expected, `rain ${mb.rain_m3} m³, expected ${expected}`);
  assert.ok(Math.abs(mb.storage_m3 - expected) < 1e-9 * expected);
  writeFileSync(list, "start_s,raster\n0,rain_holes.tif\n");
  raster("rain_holes.tif", (c) => (c === 3 ? -9999 : 10), -9999);
  assert.throws(() => run({ rain: list }), /rain_holes\.tif: rain intensity at cell 3, 0 is nodata; expected mm\/h ≥ 0/);
});

test("a line inflow shares its discharge among the cells it crosses; a LISFLOOD-FP N edge takes q per metre", () => {
  const yml = join(dir, "line.yml");
  writeFileSync(yml, "lines:\n  - id: culvert\n    vertices: [[500002.5, 6000010.5], [500017.5, 6000010.5]]\n    hydrograph: [[0, 2], [600, 2]]\n");
  const short = run({ inflow: yml, boundary: "closed", duration: 2 });
  const row = 9; // y = 6000010.5 lies in row 9
  for (let c = 2; c <= 17; c++) assert.ok(short.result.maxDepth[row * W + c] > 0.001, `cell ${c} on the line is dry`);
  assert.equal(short.result.maxDepth[0], 0, "a corner far from the line stays dry after 2 s");
  const long = run({ inflow: yml, boundary: "closed", duration: 100 });
  const mb = long.summary.mass_balance as { inflow_m3: number; error_percent: number };
  assert.ok(Math.abs(mb.inflow_m3 - 200) < 1e-9, `inflow ${mb.inflow_m3}`);
  assert.ok(Math.abs(mb.error_percent) < 1e-9);

  const bci = join(dir, "edge.bci");
  writeFileSync(bci, "N 500005 500015 QFIX 0.1\n");
  writeFileSync(join(dir, "edge.bdy"), "unused\n");
  const edge = run({ inflow: bci, inflow_series: join(dir, "edge.bdy"), boundary: "closed", duration: 100 });
  const e = edge.summary.mass_balance as { inflow_m3: number };
  assert.ok(Math.abs(e.inflow_m3 - 0.1 * 10 * 100) < 1e-9, `edge inflow ${e.inflow_m3} m³, expected 100`);
  assert.ok(edge.result.maxDepth[7] > 0 && edge.result.maxDepth[(H - 1) * W + 7] < edge.result.maxDepth[7], "water enters at the north edge");
});

test("Green-Ampt from the config takes rain as losses until the soil saturates", () => {
  const r = run({ rain: 50, green_ampt: { ks_mm_h: 10, suction_mm: 110, moisture_deficit: 0.3 }, boundary: "closed", duration: 3600 });
  const mb = r.summary.mass_balance as { rain_m3: number; losses_m3: number; storage_m3: number; error_percent: number };
  assert.ok(mb.losses_m3 > 0.2 * mb.rain_m3 && mb.losses_m3 < mb.rain_m3, `losses ${mb.losses_m3} of ${mb.rain_m3}`);
  assert.ok(Math.abs(mb.error_percent) < 1e-9);
  assert.throws(() => run({ rain: 50, green_ampt: { ks_mm_h: 10, suction_mm: 110 } }), /key 'green_ampt.moisture_deficit'/);
});
