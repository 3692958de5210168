// flood simulate with rain written as text, a negative intensity, an --out that is a file, and
// --velocity-depth.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRaster } from "../../src/geo/index.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "flood-cli-inputs-"));
const W = 20, H = 20;
writeRaster(join(dir, "flat.tif"), { width: W, height: H, geotransform: [500000, 1, 0, 6000020, 0, -1], crs: { wkt: "", epsg: 32756 }, bands: [{ name: "z", type: "Float32", nodata: null, data: new Float32Array(W * H) }] });

test("rain: \"36\" in a YAML config is 36 mm/h (it was taken as a file next to the config)", () => {
  writeFileSync(join(dir, "quoted.yml"), 'dem: flat.tif\nrain: "36"\nduration: 100\nboundary: closed\nthreads: 1\nout: quoted\n');
  const r = run("flood", "simulate", "--config", join(dir, "quoted.yml"));
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(readFileSync(join(dir, "quoted", "summary.json"), "utf8"));
  // 36 mm/h for 100 s on 400 m²: 0.4 m³
  assert.ok(Math.abs(s.mass_balance.rain_m3 - 0.4) < 1e-9, `rain ${s.mass_balance.rain_m3} m³`);
});

test("--rain -5 says that the intensity is negative, in one line", () => {
  for (const args of [["--rain", "-5"], ["--rain=-5"]]) {
    const r = run("flood", "simulate", "--dem", join(dir, "flat.tif"), ...args, "--duration", "60", "--out", join(dir, "neg"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--rain: -5 mm\/h is a negative intensity; expected an intensity ≥ 0 mm\/h/);
    assert.doesNotMatch(r.stderr, /file not found/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  writeFileSync(join(dir, "negative.yml"), "dem: flat.tif\nrain: -5\nduration: 60\nout: neg\n");
  const r = run("flood", "simulate", "--config", join(dir, "negative.yml"));
  assert.match(r.stderr, /negative\.yml: key 'rain': -5 mm\/h is a negative intensity/);
  assert.equal(existsSync(join(dir, "neg")), false, "nothing written");
});

test("an --out that is a file, or has a file on its way, gets one clear line and is left as it was", () => {
  const file = join(dir, "results.txt");
  writeFileSync(file, "my notes\n");
  for (const [out, pattern] of [
    [file, /results\.txt: is a file; --out \(out\) names the folder the outputs go to/],
    [join(file, "run"), /results\.txt\/run: cannot be made a folder, a part of the path is a file/],
  ] as const) {
    const r = run("flood", "simulate", "--dem", join(dir, "flat.tif"), "--rain", "10", "--duration", "60", "--out", out);
    assert.equal(r.status, 1);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /EEXIST|ENOTDIR/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.equal(readFileSync(file, "utf8"), "my notes\n");
  // an existing folder is fine
  mkdirSync(join(dir, "existing"), { recursive: true });
  assert.equal(run("flood", "simulate", "--dem", join(dir, "flat.tif"), "--rain", "10", "--duration", "10", "--threads", "1", "--out", join(dir, "existing")).status, 0);
});

test("--velocity-depth reaches the solver and the summary", () => {
  const r = run("flood", "simulate", "--dem", join(dir, "flat.tif"), "--rain", "100", "--duration", "60", "--velocity-depth", "0.05", "--threads", "1", "--out", join(dir, "vd"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, "vd", "summary.json"), "utf8")).velocity_depth_threshold_m, 0.05);
  const bad = run("flood", "simulate", "--dem", join(dir, "flat.tif"), "--rain", "100", "--duration", "60", "--velocity-depth", "5cm", "--out", join(dir, "vd2"));
  assert.match(bad.stderr, /--velocity-depth: expected a number, got '5cm'/);
});
