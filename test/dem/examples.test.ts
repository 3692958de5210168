import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadConfig } from "../../src/util/config.js";
import { demTrainSchema } from "../../src/dem/config.js";
import { demStackSchema } from "../../src/dem/stack.js";

const examples = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "dem");

test("examples/dem: the training configs and the stack validate, and their fine DEMs exist", () => {
  for (const f of ["carlisle_5m.yml", "carlisle_5m_direct.yml", "carlisle_5m_tune.yml", "ground_5m.yml", "ground_5m_tune.yml"]) {
    const cfg = loadConfig(join(examples, f), demTrainSchema, { pathKeys: ["fine_dems.*.path"] });
    for (const d of cfg.fine_dems) assert.ok(existsSync(d.path), `${f}: ${d.path}`);
  }
  for (const f of ["stack.yml", "stack_layers.yml"]) assert.doesNotThrow(() => loadConfig(join(examples, f), demStackSchema, { pathKeys: ["grid", "inputs.*.path"] }));
});

for (const file of ["carlisle_5m_study.yml", "ground_5m_study.yml"]) test(`examples/dem/${file}: a study of dem train over keys of its base config`, () => {
  const study = parse(readFileSync(join(examples, file), "utf8")) as { command: string; config: string; objective: { metric: string }; search: Record<string, unknown> };
  assert.equal(study.command, "dem train");
  assert.ok(existsSync(join(examples, study.config)));
  const base = loadConfig(join(examples, study.config), demTrainSchema, { pathKeys: ["fine_dems.*.path"] }) as Record<string, unknown>;
  for (const k of Object.keys(study.search)) assert.ok(k in base, `the study tunes '${k}', a key of the training config`);
  assert.equal(study.objective.metric, "validation_rmse_m", "the metric dem train writes to loss.csv");
});
