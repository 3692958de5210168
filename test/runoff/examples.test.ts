// Every runoff example config validates against the schema, and its basin files exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/util/config.js";
import { runoffSchema } from "../../src/runoff/config.js";
import { resolvePaths } from "../../src/runoff/run-dir.js";
import { readBasinFile } from "../../src/runoff/data/basins.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dir = join(root, "examples", "runoff");

test("runoff examples are valid configs with existing basin lists", () => {
  const files = [...readdirSync(dir).filter((f) => f.endsWith(".yml")).map((f) => join(dir, f)), join(root, "examples", "quickstart.yml")];
  assert.ok(files.length >= 4);
  for (const f of files) {
    const cfg = resolvePaths(loadConfig(f, runoffSchema), f);
    assert.ok(existsSync(cfg.train_basin_file), `${f}: ${cfg.train_basin_file}`);
    assert.ok(readBasinFile(cfg.train_basin_file).length >= 1);
  }
  const kratzert = resolvePaths(loadConfig(join(dir, "kratzert2019_531_ealstm.yml"), runoffSchema), join(dir, "kratzert2019_531_ealstm.yml"));
  assert.equal(readBasinFile(kratzert.train_basin_file).length, 531);
  assert.equal(kratzert.static_attributes.length, 27);
});
