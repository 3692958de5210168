// Building a dataset: a plan that does not leak between splits, simulations in worker processes that
// equal a direct simulation, resume without redoing anything, shards that partition, configs checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datasetSchema } from "../../src/surrogate/dataset/config.js";
import { buildDataset, openDataset, pendingPatches } from "../../src/surrogate/dataset/build.js";
import { patchPath, readManifest } from "../../src/surrogate/dataset/manifest.js";
import { patchInputs } from "../../src/surrogate/dataset/inputs.js";
import { readRaster } from "../../src/geo/index.js";
import { simulate } from "../../src/flood/engine.js";
import { scenarioInput } from "../../src/surrogate/scenario.js";
import { data } from "../helpers/data.js";

const scenario = { patch_size: 32, duration_s: 300 };
const config = (extra: Record<string, unknown> = {}) =>
  datasetSchema.parse({
    scenario,
    seed: 5,
    procedural: [{ count: 6 }],
    real: [{ name: "merewether", dem: data("merewether_urban_flood", "topography1_epsg32756.tif"), buildings: data("merewether_urban_flood", "houses_epsg32756.geojson"), building_height: 3, stride: 16 }],
    bumps: { variants: 1 },
    split: { validation: 0.2, test: 0.2, block_cells: 64 },
    ...extra,
  });

test("the plan: windows with buildings only, no cell of one place in two splits, bumps only of training patches", () => {
  const dir = mkdtempSync(join(tmpdir(), "sds-plan-"));
  const m = openDataset(config(), dir);
  const again = openDataset(config(), mkdtempSync(join(tmpdir(), "sds-plan2-")));
  assert.deepEqual(m.patches.map((p) => [p.id, p.split, p.seed]), again.patches.map((p) => [p.id, p.split, p.seed]));
  const real = m.patches.filter((p) => p.source === "merewether" && p.variant === 0);
  assert.ok(real.length > 10);
  const owner = new Map<string, string>();
  for (const p of real)
    for (let r = 0; r < 32; r++)
      for (let c = 0; c < 32; c++) {
        const k = `${(p.x as number) + c},${(p.y as number) + r}`;
        const had = owner.get(k);
        assert.ok(!had || had === p.split, `cell ${k} in ${had} and ${p.split}`);
        owner.set(k, p.split);
      }
  assert.ok(new Set(real.map((p) => p.split)).size >= 2, "the real source is split across at least two splits");
  for (const p of m.patches.filter((q) => q.variant > 0)) {
    const parent = m.patches.find((q) => q.id === p.parent);
    assert.equal(parent?.split, "train");
    assert.equal(p.split, "train");
  }
  // every window has buildings
  for (const p of real.slice(0, 5)) {
    const i = patchInputs(dir, m, p);
    assert.ok(i.buildings.some((h) => h === 3), `${p.id} has buildings raised 3 m`);
  }
});

test("workers simulate what a direct simulation gives; a resumed build redoes nothing; shards partition", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sds-build-"));
  const cfg = config();
  const first = await buildDataset(cfg, dir, { workers: 2, limit: 5 });
  assert.equal(first.simulated.length, 5);
  assert.equal(first.failed.length, 0);
  const m = readManifest(dir);
  const done = first.simulated.map((r) => r.id);
  const stamps = done.map((id) => statSync(patchPath(dir, id)).mtimeMs);
  // one of them against a simulation of the same inputs in this process
  const p = m.patches.find((q) => q.id === done[0]) as (typeof m.patches)[number];
  const { ground, buildings } = patchInputs(dir, m, p);
  const direct = simulate(scenarioInput(m.scenario, 32, 32, ground, buildings, 1));
  const file = readRaster(patchPath(dir, p.id));
  assert.deepEqual(file.bands.map((b) => b.name), ["ground_m", "buildings_m", "max_depth_m", "max_velocity_m_s"]);
  assert.deepEqual(Float32Array.from(file.bands[2].data), direct.maxDepth);
  assert.deepEqual(Float32Array.from(file.bands[3].data), direct.maxVelocity);
  assert.deepEqual(file.geotransform, p.geotransform);
  // shards: two machines' patch lists are disjoint and together the rest
  const all = pendingPatches(m, dir);
  const s0 = pendingPatches(m, dir, [0, 2]), s1 = pendingPatches(m, dir, [1, 2]);
  assert.equal(s0.length + s1.length, all.length);
  assert.ok(!s0.some((id) => s1.includes(id)));
  // resume: the rest, and nothing simulated twice
  const second = await buildDataset(cfg, dir, { workers: 2 });
  assert.equal(second.simulated.length, all.length);
  assert.ok(!second.simulated.some((r) => done.includes(r.id)));
  assert.deepEqual(done.map((id) => statSync(patchPath(dir, id)).mtimeMs), stamps);
  assert.equal(pendingPatches(m, dir).length, 0);
  // a config that changes simulated patches (another seed) or drops them is refused, and dataset.json stays as it was
  const before = readFileSync(join(dir, "dataset.json"), "utf8");
  assert.throws(() => openDataset(config({ seed: 6 }), dir), /the config changes simulated patch .* \(its inputs or the scenario\); resume with the config it was planned with/);
  assert.throws(() => openDataset(config({ bumps: { variants: 0 } }), dir), /the config changes simulated patch .*-b1 \(no longer planned\)/);
  assert.equal(readFileSync(join(dir, "dataset.json"), "utf8"), before);
  // a second bump variant keeps every simulated patch as it was: accepted, and only the new ones are pending
  const more = openDataset(config({ bumps: { variants: 2 } }), dir);
  assert.deepEqual(pendingPatches(more, dir).sort(), more.patches.filter((q) => q.variant === 2).map((q) => q.id).sort());
});

test("a dataset folder of another format version is refused in one line", () => {
  const dir = mkdtempSync(join(tmpdir(), "sds-old-"));
  writeFileSync(join(dir, "dataset.json"), JSON.stringify({ format: "catchment-surrogate-dataset", version: 0 }));
  assert.throws(() => readManifest(dir), /dataset format version 0, this catchment reads version 1; rebuild it/);
  assert.throws(() => readManifest(mkdtempSync(join(tmpdir(), "sds-none-"))), /not a surrogate dataset \(no dataset\.json\)/);
});
