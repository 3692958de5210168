// Seed ensembles with validated epochs: every member keeps the epoch of its lowest validation MSE
// (read back from its loss.csv) and the saved ensemble's output is the mean of those members.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel } from "../../src/cwsc/model-file.js";
import { PreActResNet, ResNetEnsemble } from "../../src/cwsc/network.js";
import { loadCheckpointModel } from "../../src/train/checkpoint.js";
import { manualSeed, noGrad, randn } from "../../src/torch/index.js";
import { readTable, cellNumber } from "../../src/util/table.js";
import { data } from "../helpers/data.js";
import { writeSyntheticCapacityLabels } from "./synthetic.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");

test("a seed ensemble keeps each member's best validated epoch and averages the members", () => {
  const dir = mkdtempSync(join(tmpdir(), "cwsc-ens-"));
  const bioclimPath = data("global_bioclim_0p5deg_gswp3w5e5", "bioclim_gswp3-w5e5_obsclim_1995_0p5deg.tif");
  writeSyntheticCapacityLabels(join(dir, "labels.tif"), bioclimPath, 300, 5);
  writeFileSync(
    join(dir, "train.yml"),
    `labels:\n  raster: labels.tif\ninputs:\n  bioclim: ${bioclimPath}\n  channels: [bio1, bio12]\nsplits: [random]\npatch_size: 3\nnetwork: { blocks: 1, width: 4 }\nepochs: 6\nbatch_size: 32\ncells_per_group: 1\nlearning_rate: 0.01\naugment: false\nensemble: 3\nvalidation_fraction: 0.3\n`,
  );
  const r = spawnSync("node", [cli, "--threads", "2", "cwsc", "train", "--config", join(dir, "train.yml"), "--run-dir", join(dir, "run")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const splitDir = join(dir, "run", "random");
  const { net, info } = loadModel(splitDir);
  assert.ok(net instanceof ResNetEnsemble);
  assert.equal(info.members, 3);
  const members = [1, 2, 3].map((m) => {
    const memberDir = join(splitDir, `member${m}`);
    const t = readTable(join(memberDir, "loss.csv"), { delimiter: "," });
    const col = t.columns.indexOf("validation_mse");
    assert.ok(col >= 0, `${memberDir}/loss.csv has validation_mse`);
    const mse = t.rows.map((_, i) => cellNumber(t, i, col));
    assert.equal(mse.length, 6);
    const best = mse.indexOf(Math.min(...mse)) + 1;
    assert.equal(info.member_epochs?.[m - 1], best, `member ${m}: kept epoch against the validation curve ${mse.join(", ")}`);
    const one = new PreActResNet(info.network);
    loadCheckpointModel(memberDir, best, one);
    one.eval();
    return one;
  });
  // the members differ (their seeds and validation basins differ), and the ensemble is their mean
  manualSeed(3);
  const x = randn([7, info.network.inChannels, 3, 3]);
  noGrad(() => {
    const outs = members.map((m) => m.forward(x).toFloat64Array());
    assert.ok(Math.abs(outs[0][0] - outs[1][0]) > 1e-4, "members 1 and 2 give the same output");
    const got = net.forward(x).toFloat64Array();
    for (let i = 0; i < 7; i++) assert.ok(Math.abs(got[i] - (outs[0][i] + outs[1][i] + outs[2][i]) / 3) < 1e-5, `sample ${i}: ${got[i]}`);
  });
  assert.ok(readFileSync(join(dir, "run", "metrics.csv"), "utf8").includes("random,test"));
});
