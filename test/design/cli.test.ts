// catchment design end to end with a tiny surrogate: the constraints hold in the written design,
// buildings keep their heights exactly when protected, the check simulates both layouts, and bad
// input is refused in one line with an existing --out left as it was.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRaster, writeRaster } from "../../src/geo/index.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "design-cli-"));
const model = join(dir, "run", "model");
const W = 48;
const grid = { width: W, height: W, geotransform: [500000, 2, 0, 6000096, 0, -2] as [number, number, number, number, number, number], crs: { wkt: "", epsg: 32756 } };
const patch = generateUrbanPatch(21, W, W);
const dem = join(dir, "dem.tif"), bld = join(dir, "bld.tif"), aoi = join(dir, "aoi.tif"), far = join(dir, "far.geojson");

before(() => {
  writeFileSync(join(dir, "d.yml"), "scenario: { patch_size: 32, duration_s: 300 }\nseed: 3\nprocedural:\n  - count: 6\nsplit: { validation: 0.17, test: 0.17 }\nworkers: 2\n");
  let r = run("surrogate", "dataset", "--config", join(dir, "d.yml"), "--out", join(dir, "ds"));
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(dir, "t.yml"), `dataset: ${join(dir, "ds")}\nbase: 4\ndepth: 3\nepochs: 1\nbatch_size: 4\n`);
  r = run("surrogate", "train", "--config", join(dir, "t.yml"), "--run-dir", join(dir, "run"), "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  writeRaster(dem, { ...grid, bands: [{ name: "z", type: "Float32", nodata: null, data: patch.ground }] });
  writeRaster(bld, { ...grid, bands: [{ name: "h", type: "Float32", nodata: null, data: patch.buildings }] });
  // the AOI: a 20 × 20 block in the middle
  writeRaster(aoi, { ...grid, bands: [{ name: "aoi", type: "Byte", nodata: null, data: Uint8Array.from({ length: W * W }, (_, i) => (Math.abs((i % W) - 24) < 10 && Math.abs(Math.floor(i / W) - 24) < 10 ? 1 : 0)) }] });
  writeFileSync(far, JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:32756" } }, features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] } }] }));
});

const base = () => ["design", "--model", model, "--dem", dem, "--buildings", bld, "--aoi", aoi, "--threads", "1"];

test("iterative design with buildings protected, a 0.3 m limit, a budget and balanced cut and fill: every constraint holds in the files", () => {
  const out = join(dir, "a");
  const r = run(...base(), "--iterations", "8", "--protect", "buildings", "--max-change", "0.3", "--budget", "150", "--balance", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /constraints hold/);
  assert.match(r.stdout, /^design check: mean_hr_before=\d+\.\d{4} mean_hr_after=\d+\.\d{4} change_pct=-?\d+\.\d{4} iou_hr05=(\d\.\d{4}|nan)$/m);
  for (const f of ["dem.tif", "buildings.tif", "delta_z.tif", "gradient.tif", "hr_before.tif", "hr_after.tif", "sim_hr_before.tif", "sim_hr_after.tif", "delta_z.png", "gradient.png", "hr_before.png", "hr_after.png", "design.png", "report.json"])
    assert.ok(existsSync(join(out, f)), f);
  const z1 = readRaster(join(out, "dem.tif")).bands[0].data;
  const b1 = readRaster(join(out, "buildings.tif")).bands[0].data;
  assert.deepEqual(Array.from(b1), Array.from(patch.buildings), "buildings.tif keeps the input heights exactly");
  let cut = 0, fill = 0, maxAbs = 0;
  for (let i = 0; i < W * W; i++) {
    const d = z1[i] - patch.ground[i];
    if (patch.buildings[i] > 0) assert.equal(d, 0, `protected building cell ${i} changed by ${d}`);
    maxAbs = Math.max(maxAbs, Math.abs(d));
    if (d < 0) cut -= d * 4;
    else fill += d * 4;
  }
  assert.ok(maxAbs <= 0.3 + 1e-5, `max |Δz| ${maxAbs}`);
  assert.ok(cut + fill <= 150 * (1 + 1e-5) + 1e-3, `earthwork ${cut + fill}`);
  assert.ok(Math.abs(fill - cut) < 1e-2, `net ${fill - cut} m³ (Float32 rounding of the written DEM)`);
  assert.ok(maxAbs > 0, "the design changed something");
  const rep = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  assert.equal(rep.constraints.all_hold, true);
  assert.equal(rep.objective.length, rep.iterations);
  assert.ok(Number.isFinite(rep.check.simulated.mean_hr_before) && Number.isFinite(rep.predicted.mean_hr_outside_after));
});

test("one-step design: the largest change is the step; flood simulate reads the design", () => {
  const out = join(dir, "b");
  let r = run(...base(), "--mode", "one-step", "--step", "0.4", "--no-check", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  assert.ok(Math.abs(rep.max_abs_change_m - 0.4) < 1e-6, `max change ${rep.max_abs_change_m}`);
  assert.equal(rep.check, null);
  r = run("flood", "simulate", "--dem", join(out, "dem.tif"), "--buildings", join(out, "buildings.tif"), "--rain", "50", "--duration", "2m", "--out", join(dir, "sim"));
  assert.equal(r.status, 0, r.stderr);
});

test("bad input: one line, exit 1, nothing in an existing --out overwritten", () => {
  const out = join(dir, "a");
  const stamp = readFileSync(join(out, "dem.tif"));
  const m1 = join(dir, "m1.tif");
  writeRaster(m1, { ...grid, geotransform: [500000, 1, 0, 6000048, 0, -1], bands: [{ name: "z", type: "Float32", nodata: null, data: patch.ground }] });
  const cases: [string[], RegExp][] = [
    [["design", "--model", model, "--dem", dem, "--aoi", far, "--out", out], /far\.geojson: the area of interest does not cover any cell of the grid/],
    [["design", "--model", model, "--dem", dem, "--aoi", "hr>100", "--out", out], /no cell's predicted HR exceeds 100/],
    [["design", "--model", model, "--dem", dem, "--buildings", bld, "--aoi", aoi, "--protect", aoi, "--out", out], /the protected cells cover the whole area of interest/],
    [["design", "--model", model, "--dem", dem, "--aoi", aoi, "--budget", "0", "--out", out], /--budget: an earthwork budget must be above 0 m³/],
    [["design", "--model", model, "--dem", m1, "--aoi", aoi, "--out", out], /cells of 1 m, but the model .* was trained for 2 m cells/],
    [["design", "--model", model, "--dem", dem, "--buildings", bld, "--modify", "buildings", "--protect", "buildings", "--aoi", aoi, "--out", out], /--modify buildings with --protect buildings leaves nothing to change/],
    [["design", "--model", model, "--dem", dem, "--aoi", "hr>", "--out", out], /is not an AOI; expected a polygon file, a 0\/1 raster, or hr>T/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.equal(r.status, 1, args.join(" ") + "\n" + r.stdout);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(readFileSync(join(out, "dem.tif")).equals(stamp));
});
