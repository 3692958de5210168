// The design studio in a real browser (Debian's Chromium through playwright-core) against a real
// server with a tiny surrogate made here: open the example, draw an area of interest by mouse, run
// 20 iterations with live progress, see the mean HR fall, check by simulation, download the DEM and
// read it back on the example's grid; a bad upload shows its message; ../ paths are refused; one
// job at a time, and a cancelled design keeps what it had. Screenshots of every state go to
// runs/test/studio/ (or $STUDIO_TEST_OUT).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, BrowserContext, Page } from "playwright-core";
import { readRaster, writeRaster } from "../../src/geo/index.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const example = join(root, "examples", "surrogate", "demo-patch");
const dir = mkdtempSync(join(tmpdir(), "studio-test-"));
const shots = resolve(process.env.STUDIO_TEST_OUT ?? join(root, "runs", "test", "studio"));
const timings: Record<string, number> = {};

let server: ChildProcess;
let url = "";
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** A GET with the path exactly as written (fetch would normalise the ../). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolveGet, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A tiny surrogate of the test's own (32-cell patches, a short heavy storm, a few epochs); STUDIO_TEST_MODEL=dir uses that model instead (e.g. the shipped one, to measure). */
function makeModel(): string {
  if (process.env.STUDIO_TEST_MODEL) return resolve(process.env.STUDIO_TEST_MODEL);
  writeFileSync(
    join(dir, "d.yml"),
    "scenario: { patch_size: 32, duration_s: 900, storm: { idf: [6000, 12, 0.85], duration_s: 600, step_s: 60 } }\nseed: 5\nprocedural:\n  - count: 14\nsplit: { validation: 0.15, test: 0.15 }\nworkers: 2\n",
  );
  let r = run("surrogate", "dataset", "--config", join(dir, "d.yml"), "--out", join(dir, "ds"));
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(dir, "t.yml"), `dataset: ${join(dir, "ds")}\nbase: 4\ndepth: 3\nepochs: 8\nbatch_size: 4\n`);
  r = run("surrogate", "train", "--config", join(dir, "t.yml"), "--run-dir", join(dir, "run"), "--threads", "2");
  assert.equal(r.status, 0, r.stderr);
  return join(dir, "run", "model");
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  const model = makeModel();

  server = spawn(process.execPath, [cli, "studio", "--port", "0", "--model", model, "--data", join(dir, "data"), "--threads", "2"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  server.stderr?.on("data", (d) => (err += d));
  url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    server.stdout?.on("data", (d) => {
      out += d;
      const m = /catchment studio: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolveUrl(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`the studio exited (${code}): ${err}`)));
  });
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "studio-chromium-")), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
  });
  page = await browser.newPage();
  // nothing may come from anywhere but the studio
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']");
  assert.deepEqual(foreign, []);
});

after(async () => {
  assert.deepEqual(pageErrors, [], "errors in the page");
  writeFileSync(join(shots, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
});

const number = async (selector: string) => Number((await page.textContent(selector))?.trim());

async function download(file: string, to: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(`#downloads a[data-file="${file}"]`)]);
  const path = join(dir, to);
  await d.saveAs(path);
  return path;
}

test("the example: HR shown, an AOI drawn by mouse, 20 iterations with progress and a lower mean HR, the simulation check, the DEM downloaded on the example's grid", async () => {
  await page.click("#open-example");
  await page.waitForSelector("#timing[data-ms]");
  timings.click_to_first_hr_overlay_ms = Number(await page.getAttribute("#timing", "data-ms"));
  assert.match((await page.textContent("#project-info")) ?? "", /128 × 128 cells of 2 m .*EPSG:32632/s);
  assert.equal(await page.locator("img.layer-hr").count(), 1);
  await shot("1-example-opened");

  // an AOI drawn by mouse: four corners over the middle of the patch, then the first again
  await page.click("#draw-aoi");
  const box = await page.locator("img.layer-terrain").boundingBox();
  assert.ok(box);
  for (const [fx, fy] of [[0.2, 0.2], [0.8, 0.25], [0.75, 0.8], [0.25, 0.75], [0.2, 0.2]]) {
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    await page.waitForTimeout(100);
  }
  assert.equal(await page.textContent("#aoi-count"), "1 drawn");
  await page.fill("#iterations", "20");
  await page.fill("#max-change", "0.5");
  // plain projected descent: with a tiny model's small HR gradients the default smoothness penalty
  // makes the fixed step oscillate (see the report)
  await page.fill("#smoothness", "0");
  await shot("2-aoi-drawn");

  await page.click("#run");
  await page.waitForSelector("#progress-live[data-iteration]");
  await shot("3-design-running");
  assert.match((await page.textContent("#progress-live")) ?? "", /^iteration \d+ \/ 20 · mean HR in the area [\d.e-]+ · cut [\d,]+ m³ · fill [\d,]+ m³/);
  await page.waitForSelector("#results:not([hidden])", { timeout: 120_000 });
  await page.waitForSelector("#compare-view[data-shown='predicted:hr']");
  assert.equal(await page.getAttribute("#progress-text", "data-stopped"), "iterations");
  assert.equal((await page.getAttribute("#sparkline polyline", "points"))?.trim().split(/\s+/).length, 20);
  const hrBefore = await number("#pred-before"), hrAfter = await number("#pred-after");
  assert.ok(hrAfter < hrBefore, `mean HR in the AOI ${hrBefore} → ${hrAfter}`);
  timings.seconds_per_design_iteration_median = Number(await page.getAttribute("#per-iteration", "data-seconds"));
  await page.locator("#results").scrollIntoViewIfNeeded();
  await shot("4-design-done-before-after");
  await page.check('input[name="after-layer"][value="dz"]');
  await page.waitForSelector("#compare-view[data-shown='predicted:dz']");
  await shot("5-design-delta-z");

  // what the page shows is what the design wrote
  const report = JSON.parse(readFileSync(await download("report.json", "report.json"), "utf8"));
  assert.equal(report.iterations, 20);
  assert.equal(Number(report.predicted.mean_hr_aoi_before.toPrecision(4)), hrBefore);
  assert.equal(Number(report.predicted.mean_hr_aoi_after.toPrecision(4)), hrAfter);
  assert.ok(report.constraints.all_hold);

  // the designed DEM: a GeoTIFF on the example's grid, changed by at most the maximum change
  const dem = readRaster(await download("dem.tif", "designed_dem.tif"));
  const original = readRaster(join(example, "dem.tif"));
  assert.equal(dem.width, original.width);
  assert.equal(dem.height, original.height);
  assert.deepEqual(dem.geotransform, original.geotransform);
  assert.equal(dem.crs?.epsg, 32632);
  let maxAbs = 0;
  for (let i = 0; i < dem.bands[0].data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(dem.bands[0].data[i] - original.bands[0].data[i]));
  assert.ok(maxAbs > 1e-3 && maxAbs <= 0.5 + 1e-5, `max |Δz| ${maxAbs}`);
  assert.ok(Math.abs(maxAbs - report.max_abs_change_m) < 1e-4);

  // the simulation check, with its own progress
  await page.click("#check");
  await page.waitForSelector("#check-live[data-phase]");
  await page.locator("#check-live").scrollIntoViewIfNeeded();
  await shot("6-check-running");
  assert.match((await page.textContent("#check-live")) ?? "", /^[12] \/ 2 · (simulating the (original layout|design) · \d+ ms|both layouts simulated)/);
  await page.waitForSelector("#check-text[data-done]", { timeout: 120_000 });
  await page.waitForSelector("#compare-view[data-shown^='simulated:']");
  await page.check('input[name="after-layer"][value="hr"]');
  await page.waitForSelector("#compare-view[data-shown='simulated:hr']");
  await page.locator("#check-text").scrollIntoViewIfNeeded();
  await shot("7-check-done-simulated");
  const checked = JSON.parse(readFileSync(await download("report.json", "report_checked.json"), "utf8"));
  assert.equal(Number(checked.check.simulated.mean_hr_before.toPrecision(4)), await number("#sim-before"));
  assert.equal(Number(checked.check.simulated.mean_hr_after.toPrecision(4)), await number("#sim-after"));
  assert.ok(checked.check.simulated.mean_hr_before > 0, "the simulated storm floods the AOI");
  const sim = readRaster(await download("sim_hr_after.tif", "sim_hr_after.tif"));
  assert.deepEqual(sim.geotransform, original.geotransform);
});

test("one job at a time per session; a cancelled design keeps the design so far", async () => {
  await page.click("#tab-plan");
  // the area of interest as the cells above an HR threshold, previewed on the map
  await page.check('input[name="aoi-kind"][value="hr"]');
  const threshold = (await number("#hr-max")) / 2;
  await page.fill("#aoi-threshold", String(threshold));
  await page.waitForFunction((t) => document.getElementById("aoi-count")?.textContent?.endsWith(`cells above ${t}`), threshold);
  assert.ok(Number((await page.textContent("#aoi-count"))?.split(" ")[0].replace(/,/g, "")) > 0);
  assert.equal(await page.locator("img.layer-aoi").count(), 1);
  await page.fill("#iterations", "1000");
  await page.click("#run");
  await page.waitForFunction(() => Number(document.getElementById("progress-live")?.dataset.iteration) >= 2);
  await page.locator("#progress-live").scrollIntoViewIfNeeded();
  await shot("8-design-running-long");
  const second = await page.evaluate(async () => {
    const r = await fetch("/api/design", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ aoi: { kind: "hr", threshold: 0.1 } }) });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(second.status, 409);
  assert.match(second.body.error, /a design is running; cancel it or wait/);
  await page.click("#cancel");
  await page.waitForSelector("#progress-text[data-stopped='interrupted']", { timeout: 120_000 });
  const n = Number(/^(\d+) iterations?/.exec((await page.textContent("#progress-text")) ?? "")?.[1]);
  assert.ok(n >= 1 && n < 1000, `${n} iterations before the cancel`);
  await page.locator("#progress-text").scrollIntoViewIfNeeded();
  await shot("9-design-cancelled");
  const report = JSON.parse(readFileSync(await download("report.json", "report_cancelled.json"), "utf8"));
  assert.equal(report.stopped, "interrupted");
  assert.equal(report.iterations, n);
  assert.equal(report.aoi, `hr>${threshold}`);
});

test("bad uploads show the library's one-line message; a good one opens", async () => {
  const grid = { width: 40, height: 40, crs: { wkt: "", epsg: 32632 } };
  const z = new Float32Array(1600).fill(10);
  writeRaster(join(dir, "dem_1m.tif"), { ...grid, geotransform: [500000, 1, 0, 5200040, 0, -1], bands: [{ name: "z", type: "Float32", nodata: null, data: z }] });
  writeRaster(join(dir, "dem_degrees.tif"), { ...grid, crs: { wkt: "", epsg: 4326 }, geotransform: [6, 0.0001, 0, 46, 0, -0.0001], bands: [{ name: "z", type: "Float32", nodata: null, data: z }] });
  const cases: [{ name: string; buffer: Buffer }, RegExp][] = [
    [{ name: "notes.tif", buffer: Buffer.from("these are not elevations\n") }, /^notes\.tif: not a raster that GDAL can read$/],
    [{ name: "dem_1m.tif", buffer: readFileSync(join(dir, "dem_1m.tif")) }, /^dem_1m\.tif: cells of 1 m, but the model .* was trained for 2 m cells; resample the DEM to 2 m/],
    [{ name: "dem_degrees.tif", buffer: readFileSync(join(dir, "dem_degrees.tif")) }, /^dem_degrees\.tif: the DEM is in a geographic CRS \(EPSG:4326, degrees\)/],
    [{ name: "picture.png", buffer: Buffer.from([137, 80, 78, 71]) }, /^picture\.png: the studio takes a DEM as GeoTIFF/],
  ];
  for (const [file, message] of cases) {
    await page.setInputFiles("#dem-file", { ...file, mimeType: "application/octet-stream" });
    await page.waitForSelector("#data-message.error");
    const text = (await page.textContent("#data-message")) ?? "";
    assert.match(text, message);
    assert.doesNotMatch(text, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), "no internal path in the message");
    if (file.name === "notes.tif") {
      await page.locator("#data-message").scrollIntoViewIfNeeded();
      await shot("10-bad-upload");
    }
    await page.evaluate(() => (document.getElementById("data-message")!.className = "message"));
  }
  await page.setInputFiles("#dem-file", { name: "my_dem.tif", mimeType: "image/tiff", buffer: readFileSync(join(example, "dem.tif")) });
  await page.waitForSelector("#data-message.ok");
  await page.setInputFiles("#buildings-file", { name: "my_buildings.tif", mimeType: "image/tiff", buffer: readFileSync(join(example, "buildings.tif")) });
  await page.waitForFunction(() => document.getElementById("project-info")?.textContent?.includes("my_buildings.tif"));
  assert.match((await page.textContent("#project-info")) ?? "", /my_dem\.tif \+ my_buildings\.tif/);
  await shot("11-uploaded");
});

test("requests for ../ paths are refused and reach no file outside the studio's folders", async () => {
  const paths = [
    "/assets/../../package.json",
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/package.json",
    "/api/projects/..%2f..%2f..%2f/package.json",
    "/api/jobs/../../../../etc/passwd",
    "/api/jobs/1-design/..%2f..%2f..%2fpackage.json",
    "/../../../etc/passwd",
  ];
  for (const p of paths) {
    const r = await rawGet(p);
    assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
    assert.doesNotMatch(r.body, /"name": "catchment"|root:/, p);
  }
  // another session (no cookie) sees none of this session's jobs
  assert.equal((await rawGet("/api/jobs/1-design/report.json")).status, 404);
});
