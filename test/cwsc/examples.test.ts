// The cwsc example configs validate, point at data that exist, and the calibration example names
// hydrograph basins that are in its data sets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/util/config.js";
import { calibrateSchema } from "../../src/cwsc/calibration/config.js";
import { trainSchema } from "../../src/cwsc/train-config.js";
import { predictSchema } from "../../src/cwsc/predict-config.js";
import { CALIBRATE_PATHS, PREDICT_PATHS, TRAIN_PATHS } from "../../src/cli/cwsc.js";
import { loadDataset } from "../../src/cwsc/data/load.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const ex = (f: string) => join(root, "examples", "cwsc", f);

test("cwsc examples: calibrate, train and predict configs are valid and their data exist", () => {
  const cal = loadConfig(ex("calibrate.yml"), calibrateSchema, { pathKeys: CALIBRATE_PATHS });
  for (const d of cal.datasets) assert.ok(existsSync(d.dir), d.dir);
  const ids = new Set(cal.datasets.filter((d) => d.type !== "budget189").flatMap((d) => loadDataset(d).map((b) => b.id)));
  for (const id of cal.hydrograph_basins.filter((b) => /\d/.test(b))) assert.ok(ids.has(id), `hydrograph basin ${id}`);
  const train = loadConfig(ex("train.yml"), trainSchema, { pathKeys: TRAIN_PATHS });
  assert.ok(existsSync(train.inputs.bioclim) && existsSync(train.inputs.xanthos as string));
  assert.equal(train.network.blocks * 6 + 2, 32, "the seed's ResNet-32");
  assert.equal(train.patch_size, 10);
  assert.ok(!train.inputs.channels.includes("soil_moisture"));
  const predict = loadConfig(ex("predict.yml"), predictSchema, { pathKeys: PREDICT_PATHS });
  assert.ok(existsSync(predict.inputs.bioclim) && existsSync(join(predict.compare_with as string, "soil_moisture.csv")));
});
