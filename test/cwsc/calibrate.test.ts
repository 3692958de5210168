// Calibration: SCE-UA on KGE recovers the parameters that made synthetic runoff; the CLI writes its
// outputs, resumes from its stages and refuses to overwrite a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gr2m } from "../../src/cwsc/models/gr2m.js";
import { calibrateSchema } from "../../src/cwsc/calibration/config.js";
import { calibrate } from "../../src/cwsc/calibration/calibrate.js";
import { validateConfig } from "../../src/util/config.js";
import { syntheticBasins, writeGeneric } from "./synthetic.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "cwsc-cal-"));

test("GR2M calibrated by SCE-UA on KGE recovers the X1 and X2 that made the runoff", async () => {
  const truth = [
    [250, 0.8],
    [600, 1.1],
    [1200, 0.6],
    [90, 0.95],
  ];
  const basins = syntheticBasins(gr2m, truth, 20 * 12, 5);
  writeGeneric(join(dir, "gr2m"), basins);
  const cfg = validateConfig("test", { datasets: [{ type: "generic", dir: join(dir, "gr2m") }], models: ["gr2m"], joint: false, sceua: { complexes: 2, max_evaluations: 3000 } }, calibrateSchema);
  const r = await calibrate(cfg, join(dir, "gr2m-run"), { resume: false, threads: 1 });
  r.basins.forEach((b, i) => {
    const { X1, X2 } = b.single.gr2m.params;
    assert.ok(Math.abs(X1 / truth[i][0] - 1) < 0.02, `${b.id}: X1 ${X1}, truth ${truth[i][0]}`);
    assert.ok(Math.abs(X2 / truth[i][1] - 1) < 0.02, `${b.id}: X2 ${X2}, truth ${truth[i][1]}`);
    assert.ok(b.single.gr2m.kge > 0.999, `${b.id}: KGE ${b.single.gr2m.kge}`);
    assert.equal(b.capacity, X1, "without joint calibration the label is the best model's capacity");
  });
});

test("cwsc calibrate on the CLI: joint calibration outputs, resume from stages, no overwrite", () => {
  const basins = syntheticBasins(gr2m, [[300, 0.9], [700, 0.7], [150, 1.0]], 8 * 12, 8);
  writeGeneric(join(dir, "cli"), basins);
  const config = join(dir, "cli.yml");
  writeFileSync(config, `datasets:\n  - type: generic\n    dir: cli\nsceua:\n  complexes: 2\n  max_evaluations: 300\n  joint_max_evaluations: 600\nhydrograph_basins: [syn1]\n`);
  const runDir = join(dir, "cli-run");
  const run = (...extra: string[]) => spawnSync("node", [cli, "cwsc", "calibrate", "--config", config, "--run-dir", runDir, ...extra], { encoding: "utf8" });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /median joint KGE \d\.\d{3} \(best single model (abcd|gr2m|dwbm): \d\.\d{3}\)/);
  for (const f of ["calibration.csv", "labels.csv", "cells.csv", "summary.json", "kge_cdf.png", "hydrographs/syn1.png", "stages/joint.json", "config.yml"]) assert.ok(existsSync(join(runDir, f)), f);
  const labels = readFileSync(join(runDir, "labels.csv"), "utf8").trim().split("\n");
  assert.equal(labels.length, 4);
  const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
  assert.equal(summary.basins, 3);
  // the joint KGE is the mean of the three models' KGEs at the shared capacity
  const header = readFileSync(join(runDir, "calibration.csv"), "utf8").split("\n")[0].split(",");
  for (const row of readFileSync(join(runDir, "calibration.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","))) {
    const v = (c: string) => Number(row[header.indexOf(c)]);
    assert.ok(Math.abs(v("joint_kge") - (v("joint_abcd_kge") + v("joint_gr2m_kge") + v("joint_dwbm_kge")) / 3) < 1e-6);
    assert.equal(v("capacity_mm"), v("joint_capacity"));
  }
  const refused = run();
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /already holds a run; pass --resume/);
  const before = readFileSync(join(runDir, "calibration.csv"), "utf8");
  const resumed = run("--resume");
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.doesNotMatch(resumed.stderr, /calibrate (abcd|joint)/, "finished stages are not run again");
  assert.equal(readFileSync(join(runDir, "calibration.csv"), "utf8"), before);
});

test("calibration split over worker threads gives the same result as one thread", async () => {
  const basins = syntheticBasins(gr2m, [[300, 0.9], [700, 0.7], [150, 1.0], [900, 0.8], [450, 1.2]], 6 * 12, 12);
  writeGeneric(join(dir, "threads"), basins);
  const cfg = validateConfig("test", { datasets: [{ type: "generic", dir: join(dir, "threads") }], sceua: { complexes: 2, max_evaluations: 200, joint_max_evaluations: 300 } }, calibrateSchema);
  const one = await calibrate(cfg, join(dir, "threads-1"), { resume: false, threads: 1 });
  const two = await calibrate(cfg, join(dir, "threads-2"), { resume: false, threads: 2 });
  assert.deepEqual(two.basins, one.basins);
  assert.equal(readFileSync(join(dir, "threads-2", "calibration.csv"), "utf8"), readFileSync(join(dir, "threads-1", "calibration.csv"), "utf8"));
});
