// The example studies that ship (runoff's here, the DEM's beside its configs) pass every check
// `catchment tune` makes before it runs a trial.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStudyFile } from "../../../src/cli/tune/study-file.js";
import { repoRoot } from "./helpers.js";

test("example studies are valid study files over their capability's config", () => {
  const files = [
    ...readdirSync(join(repoRoot, "examples", "tune")).filter((f) => f.endsWith(".yml")).map((f) => join(repoRoot, "examples", "tune", f)),
    ...readdirSync(join(repoRoot, "examples", "dem")).filter((f) => /study.*\.yml$/.test(f)).map((f) => join(repoRoot, "examples", "dem", f)),
  ];
  assert.ok(files.length >= 2);
  const commands = new Set<string>();
  for (const f of files) {
    const s = loadStudyFile(f, { out: join(repoRoot, "runs", "tune", "unused") });
    assert.ok(Object.keys(s.search).length >= 3, f);
    commands.add(s.command);
  }
  assert.deepEqual([...commands].sort(), ["dem train", "runoff train"]);
});
