// The example configs are valid, point at existing files, and load: the Havel scene with its index
// labels and OSM reference, the Landsat series with CFmask labels and held-back dates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/util/config.js";
import { waterSchema, waterPathKeys, WaterConfig } from "../../src/water/config.js";
import { prepare } from "../../src/water/prepare.js";
import { referenceOf } from "../../src/water/evaluate.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "water");
const load = (name: string): WaterConfig => loadConfig(join(examples, name), waterSchema, { pathKeys: waterPathKeys });

test("every example config validates and its files exist", () => {
  const files = readdirSync(examples).filter((f) => f.endsWith(".yml"));
  assert.ok(files.includes("havel.yml"));
  for (const f of files) {
    const cfg = load(f);
    const paths = [...Object.values(cfg.scene?.bands ?? {}), ...Object.values(cfg.series?.bands ?? {}), cfg.series?.qa, cfg.series?.dates, cfg.reference.source === "vector" ? cfg.reference.path : undefined].filter((p): p is string => !!p);
    for (const p of paths) assert.ok(existsSync(p), `${f}: ${p}`);
  }
});

test("havel.yml: 8 bands on the 10 m grid, labels of both classes, a two-sided OSM reference", () => {
  const cfg = load("havel.yml");
  const p = prepare(cfg);
  const r = p.scenes[0].raster;
  assert.deepEqual([r.width, r.height], [1536, 768]);
  assert.deepEqual(p.bands, ["B2", "B3", "B4", "B5", "B6", "B8", "B11", "B12"]);
  const ref = referenceOf(cfg, p, 0);
  let water = 0;
  let land = 0;
  for (const v of ref) if (v === 1) water++;
  else if (v === 0) land++;
  // the README: OSM water covers 1.26 % of the grid; land-use polygons of the six classes about 336,500 pixels
  assert.ok(Math.abs(water / ref.length - 0.0126) < 0.0005, `water share ${water / ref.length}`);
  assert.ok(land > 300000 && land < 340000, `${land} land pixels`);
  const test = p.testMask[0] as Uint8Array;
  const share = test.reduce((a, b) => a + b, 0) / test.length;
  assert.ok(share > 0.35 && share < 0.65, `test blocks cover ${share}`);
});

test("landsat_series.yml: 105 dates, every 4th held back, CFmask labels; no green band, so no MNDWI", () => {
  const cfg = load("landsat_series.yml");
  const p = prepare(cfg);
  assert.equal(p.scenes.length, 105);
  assert.equal(p.test.length, 26);
  assert.equal(p.scenes[0].id, "2008-04-19");
  const water = p.labels.reduce((n, l) => n + l.filter((v) => v === 1).length, 0);
  assert.equal(water, 23, "the README's 23 water pixel-dates");
  assert.ok(!cfg.index_bands.green);
});
