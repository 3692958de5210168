// Bad input to `catchment cwsc …`: one clear line naming the file and field, a non-zero exit, and
// no run folder made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gr2m } from "../../src/cwsc/models/gr2m.js";
import { writeRaster } from "../../src/geo/io.js";
import { readBioclim } from "../../src/cwsc/data/grids.js";
import { LATTICE_CELLS, latticeGrid } from "../../src/cwsc/data/lattice.js";
import { syntheticBasins, writeGeneric } from "./synthetic.js";
import { data } from "../helpers/data.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "cwsc-bad-"));
const basins = syntheticBasins(gr2m, [[300, 0.9], [500, 0.8]], 5 * 12, 3);

function calibrateWith(name: string, yaml: string, edit?: Parameters<typeof writeGeneric>[2], header?: string[]) {
  writeGeneric(join(dir, name), basins, edit, header);
  const config = join(dir, `${name}.yml`);
  writeFileSync(config, `datasets:\n  - type: generic\n    dir: ${name}\n${yaml}`);
  const runDir = join(dir, `${name}-run`);
  const r = spawnSync("node", [cli, "cwsc", "calibrate", "--config", config, "--run-dir", runDir], { encoding: "utf8" });
  return { ...r, runDir };
}

function expectOneLine(r: { status: number | null; stderr: string; runDir?: string }, pattern: RegExp) {
  assert.equal(r.status, 1, `exit status; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\s+at \S+ \(/, "no stack trace");
  if (r.runDir) assert.ok(!existsSync(r.runDir), "no run folder is made");
}

test("a gap in the precipitation series", () => {
  const r = calibrateWith("gap", "", (id, rows) => (id === "syn1" ? rows.map((row, t) => (t === 14 ? [row[0], "", row[2], row[3]] : row)) : rows));
  expectOneLine(r, /syn1\.csv: basin 'syn1': precipitation is missing in 1991-03 \(gaps are not allowed/);
});

test("a missing month in the sequence", () => {
  const r = calibrateWith("skip", "", (id, rows) => (id === "syn0" ? rows.filter((_, t) => t !== 20) : rows));
  expectOneLine(r, /syn0\.csv: month 1991-10 in data row 21 breaks the monthly sequence/);
});

test("negative precipitation", () => {
  const r = calibrateWith("negative", "", (id, rows) => (id === "syn0" ? rows.map((row, t) => (t === 3 ? [row[0], "-4.5", row[2], row[3]] : row)) : rows));
  expectOneLine(r, /syn0\.csv: basin 'syn0': precipitation is negative \(-4\.5\) in 1990-04; expected mm per month ≥ 0/);
});

test("PET missing", () => {
  const r = calibrateWith("nopet", "", (_, rows) => rows.map((row) => [row[0], row[1], row[3]]), ["month", "P", "Q"]);
  expectOneLine(r, /syn0\.csv: no column 'PET' \(potential evapotranspiration, mm\/month\)/);
});

test("fewer months than the warm-up", () => {
  const r = calibrateWith("short", "warm_up_months: 72\n");
  expectOneLine(r, /basin 'syn0': 60 months, not more than the warm-up of 72 months/);
});

test("inverted parameter bounds", () => {
  expectOneLine(calibrateWith("inverted", "capacity_bounds: [2000, 10]\n"), /inverted\.yml: key 'capacity_bounds': lower bound must be below the upper bound/);
  expectOneLine(calibrateWith("inverted2", "bounds:\n  gr2m:\n    X2: [2, 0.5]\n"), /inverted2\.yml: key 'bounds\.gr2m\.X2': lower bound must be below the upper bound/);
});

test("a grid not on the 0.5° lattice", () => {
  // capacity labels on a 1° grid, and on 0.5° cells shifted by a quarter degree
  const one = { width: 360, height: 180, geotransform: [-180, 1, 0, 90, 0, -1] as [number, number, number, number, number, number], crs: null };
  writeRaster(join(dir, "one_degree.tif"), { ...one, bands: [{ name: "c", type: "Float32", nodata: -9999, data: new Float32Array(360 * 180).fill(300) }] });
  const shifted = { width: 10, height: 10, geotransform: [10.25, 0.5, 0, 50.25, 0, -0.5] as [number, number, number, number, number, number], crs: null };
  writeRaster(join(dir, "shifted.tif"), { ...shifted, bands: [{ name: "c", type: "Float32", nodata: -9999, data: new Float32Array(100).fill(300) }] });
  for (const [file, pattern] of [
    ["one_degree.tif", /one_degree\.tif: cells are 1° × 1°; expected a north-up grid of 0\.5° cells/],
    ["shifted.tif", /shifted\.tif: the grid's corner \(10\.25, 50\.25\) is not on the 0\.5° lattice/],
  ] as const) {
    const config = join(dir, `train-${file}.yml`);
    writeFileSync(config, `labels:\n  raster: ${file}\ninputs:\n  bioclim: ${data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif")}\n  channels: [bio1, bio12]\nepochs: 1\n`);
    const runDir = join(dir, `train-${file}-run`);
    const r = spawnSync("node", [cli, "cwsc", "train", "--config", config, "--run-dir", runDir], { encoding: "utf8" });
    expectOneLine({ ...r, runDir }, pattern);
  }
});

test("the comparison grid as an input", () => {
  const config = join(dir, "sm.yml");
  writeFileSync(config, `labels:\n  raster: x.tif\ninputs:\n  bioclim: ${data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif")}\n  channels: [bio1, soil_moisture]\n`);
  const r = spawnSync("node", [cli, "cwsc", "train", "--config", config, "--run-dir", join(dir, "sm-run")], { encoding: "utf8" });
  expectOneLine({ ...r, runDir: join(dir, "sm-run") }, /'soil_moisture' \(Xanthos FAO maximum soil moisture\) is the grid the map is validated against; it cannot also be an input/);
});

test("a validation_fraction that holds back no training basin", () => {
  const bioclim = data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif");
  const bio = readBioclim(bioclim);
  const labels = new Float32Array(LATTICE_CELLS).fill(-9999);
  for (let c = 0, n = 0; c < LATTICE_CELLS && n < 20; c += 997) if (Number.isFinite(bio.bands[0][c])) (labels[c] = 200 + 10 * n++);
  writeRaster(join(dir, "twenty.tif"), { ...latticeGrid(), bands: [{ name: "c", type: "Float32", nodata: -9999, data: labels }] });
  const config = join(dir, "val.yml");
  writeFileSync(config, `labels:\n  raster: twenty.tif\ninputs:\n  bioclim: ${bioclim}\n  channels: [bio1, bio12]\nsplits: [random]\nepochs: 1\nensemble: 2\nvalidation_fraction: 0.02\n`);
  const r = spawnSync("node", [cli, "cwsc", "train", "--config", config, "--run-dir", join(dir, "val-run")], { encoding: "utf8" });
  expectOneLine({ ...r, runDir: join(dir, "val-run") }, /val\.yml: validation_fraction 0\.02 of the random split's 14 training groups holds back 0; it must hold back at least 1/);
});
