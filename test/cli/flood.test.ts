import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRaster } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

const cli = join(resolve(fileURLToPath(import.meta.url), "..", "..", "..", ".."), "dist", "src", "cli", "main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

test("flood simulate writes every output; walls report roof rain; flood storm writes a hyetograph the simulator reads", () => {
  const dir = mkdtempSync(join(tmpdir(), "flood-cli-"));
  const storm = join(dir, "storm.csv");
  let r = run("flood", "storm", "--idf", "1200,12,0.85", "--duration", "30m", "--step", "5m", "--out", storm);
  assert.equal(r.status, 0, r.stderr);
  const out = join(dir, "out");
  r = run("flood", "simulate", "--dem", data("dem_landlab_colorado", "west_bijou_gully_lidar_3m.tif"), "--rain", storm, "--duration", "40m", "--boundary", "free", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  for (const f of ["max_depth.tif", "max_velocity.tif", "max_hazard.tif", "time_of_max.tif", "summary.json", "max_depth.png"]) assert.ok(existsSync(join(out, f)), f);
  const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  for (const k of ["time_steps", "cell_updates", "wall_seconds", "cell_updates_per_second", "threads"]) assert.ok(typeof s[k] === "number", k);
  assert.ok(Math.abs(s.mass_balance.error_percent) <= 0.1);
  assert.ok(s.nodata_cells_closed > 2000, "the gully DEM's nodata cells are closed");
  assert.match(s.notes.join(" "), /nodata cells are treated as closed/);

  const walls = join(dir, "walls");
  r = run("flood", "simulate", "--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--buildings", data("merewether_urban_flood", "houses_epsg32756.geojson"), "--buildings-as", "walls", "--rain", "100", "--duration", "60", "--out", walls);
  assert.equal(r.status, 0, r.stderr);
  const w = JSON.parse(readFileSync(join(walls, "summary.json"), "utf8"));
  assert.ok(Math.abs(w.roof_rain_m3 - w.building_cells * 0.99993681 ** 2 * (0.1 / 60)) < 1e-3, `roof rain ${w.roof_rain_m3}`);
});

test("flood simulate refuses bad input with one line", () => {
  const dir = mkdtempSync(join(tmpdir(), "flood-bad-"));
  const gapRain = join(dir, "gaps.csv");
  writeFileSync(gapRain, "start_s,intensity_mm_h\n0,10\n300,\n600,5\n");
  const noRoughness = ["--rain", "10", "--duration", "10m", "--out", join(dir, "o")];
  const huge = join(dir, "huge.tif");
  const cases: [string[], RegExp][] = [
    [["--dem", data("dem_terra_luxembourg", "elev_luxembourg_30arcsec.tif"), ...noRoughness], /geographic CRS \(EPSG:4326, degrees\); reproject it .*catchment raster stack --ref/],
    [["--dem", data("dem_pysheds_texas_kentucky", "roi_dem_30m_kentucky.tif"), ...noRoughness], /is in .*(foot|feet).*reproject/i],
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--manning", "0", ...noRoughness], /--manning: Too small: expected number to be >0/],
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--manning", "-0.03", ...noRoughness], /--manning: Too small/],
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--rain", gapRain, "--duration", "10m", "--out", join(dir, "o")], /gaps\.csv:3: intensity_mm_h is '', expected a number \(gaps are not allowed\)/],
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--duration", "10m", "--out", join(dir, "o")], /no water: give --rain/],
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--rain", "10", "--duration", "soon", "--out", join(dir, "o")], /--duration: 'soon' is not a duration/],
    // a typo'd unit names the option, not the config key
    [["--dem", data("merewether_urban_flood", "topography1_epsg32756.tif"), "--rain", "10", "--duration", "2hh", "--out", join(dir, "o")], /^catchment: command line: --duration: '2hh' is not a duration; expected e\.g\. 90s/],
    [["--dem", huge, ...noRoughness], /cells need about .* GiB, more than this machine's memory allows/],
  ];
  // a 200000 × 200000 grid header: nothing is allocated before the memory check
  spawnSync("gdal_create", ["-of", "GTiff", "-outsize", "200000", "200000", "-ot", "Float32", "-a_srs", "EPSG:32633", "-a_ullr", "0", "200000", "200000", "0", "-co", "SPARSE_OK=YES", "-co", "TILED=YES", "-co", "BIGTIFF=YES", huge]);
  if (!existsSync(huge)) writeRaster(huge, { width: 1, height: 1, geotransform: [0, 1, 0, 1, 0, -1], crs: null, bands: [] as never });
  for (const [args, pattern] of cases) {
    const r = run("flood", "simulate", ...args);
    assert.equal(r.status, 1, args.join(" ") + "\n" + r.stdout);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("--threads reaches flood simulate after the command and before it; the solver uses that many threads", () => {
  const dir = mkdtempSync(join(tmpdir(), "flood-threads-"));
  const dem = data("dem_landlab_colorado", "west_bijou_gully_lidar_3m.tif");
  const threadsOf = (out: string) => JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).threads;
  const common = ["--dem", dem, "--rain", "50", "--duration", "2m"];
  let r = run("flood", "simulate", ...common, "--threads", "1", "--out", join(dir, "a"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(threadsOf(join(dir, "a")), 1);
  assert.match(r.stdout, /on 1 thread,/);
  r = run("--threads", "1", "flood", "simulate", ...common, "--out", join(dir, "b"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(threadsOf(join(dir, "b")), 1);
  r = run("--threads", "1", "flood", "simulate", ...common, "--threads", "2", "--out", join(dir, "c"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(threadsOf(join(dir, "c")), 2, "the command's own --threads wins over the global one");
  const record = JSON.parse(readFileSync(join(dir, "c", "run.json"), "utf8"));
  assert.equal(record.sessions[0].threads, 2);
  assert.match(record.sessions[0].command, /flood simulate/);
});

test("flood storm: a single block's total is its intensity times its length, and the simulator reads the same depth", () => {
  const dir = mkdtempSync(join(tmpdir(), "storm-one-"));
  const storm = join(dir, "one.csv");
  const r = run("flood", "storm", "--idf", "1800,12,0.85", "--duration", "1h", "--step", "1h", "--out", storm);
  assert.equal(r.status, 0, r.stderr);
  const i60 = 1800 / (60 + 12) ** 0.85; // mm/h over one hour = mm
  assert.match(r.stdout, new RegExp(`1 block of 60 min, peak ${i60.toFixed(1)} mm/h, total ${i60.toFixed(1)} mm`));
  // the default scenario's storm: 12 blocks of 5 min, 47.5 mm, peak 162 mm/h
  const twelve = run("flood", "storm", "--idf", "1800,12,0.85", "--duration", "1h", "--step", "5m", "--out", join(dir, "twelve.csv"));
  assert.match(twelve.stdout, /12 blocks of 5 min, peak 162\.\d mm\/h, total 47\.5 mm/);
  // rain on a closed box of one cell: the stored depth is the storm's total
  const dem = join(dir, "flat.tif");
  writeRaster(dem, { width: 4, height: 4, geotransform: [0, 2, 0, 8, 0, -2], crs: null, bands: [{ name: "z", type: "Float32", nodata: null, data: new Float32Array(16) }] });
  const out = join(dir, "sim");
  const s = run("flood", "simulate", "--dem", dem, "--rain", storm, "--duration", "2h", "--boundary", "closed", "--out", out, "--threads", "1");
  assert.equal(s.status, 0, s.stderr);
  const mb = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).mass_balance;
  assert.ok(Math.abs(mb.rain_m3 - (i60 / 1000) * 64) < 1e-6 * 64, `rain ${mb.rain_m3} m³ vs ${(i60 / 1000) * 64}`);
});
