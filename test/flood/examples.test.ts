// Every YAML in examples/flood is a valid flood config whose files exist and whose inputs read,
// or an inflow file one of those configs uses and that reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { floodSchema, FloodConfig } from "../../src/flood/config.js";
import { floodInput } from "../../src/flood/case.js";
import { loadConfig } from "../../src/util/config.js";

const examples = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", ".."), "examples", "flood");
const ymls = readdirSync(examples).filter((f) => /\.ya?ml$/.test(f)).sort();
const isInflowFile = (f: string) => {
  const doc = parse(readFileSync(join(examples, f), "utf8")) as Record<string, unknown>;
  return "points" in doc || "lines" in doc;
};

test("examples/flood: every config validates against the flood schema, names files that exist and builds its simulation input", () => {
  const configs = ymls.filter((f) => !isInflowFile(f));
  assert.ok(configs.length >= 2, `configs: ${configs.join(", ")}`);
  const usedInflows = new Set<string>();
  for (const f of configs) {
    const path = join(examples, f);
    const cfg = loadConfig(path, floodSchema);
    const at = (p: string) => (isAbsolute(p) ? p : join(examples, p));
    const files: (string | undefined)[] = [cfg.dem, cfg.buildings, typeof cfg.rain === "string" ? cfg.rain : undefined, cfg.inflow, cfg.inflow_series, cfg.gauges, ...cfg.manning_zones.map((z) => z.vector)];
    for (const p of files.filter((x): x is string => x !== undefined)) assert.ok(existsSync(at(p)), `${f}: ${p} does not exist`);
    if (cfg.inflow) usedInflows.add(resolve(at(cfg.inflow)));
    // the first half of a run: every input file is read and checked, nothing is simulated or written
    const resolved: FloodConfig = {
      ...cfg,
      dem: at(cfg.dem),
      buildings: cfg.buildings && at(cfg.buildings),
      rain: typeof cfg.rain === "string" ? at(cfg.rain) : cfg.rain,
      inflow: cfg.inflow && at(cfg.inflow),
      inflow_series: cfg.inflow_series && at(cfg.inflow_series),
      gauges: cfg.gauges && at(cfg.gauges),
      manning_zones: cfg.manning_zones.map((z) => ({ ...z, vector: at(z.vector) })),
    };
    const c = floodInput(resolved);
    assert.ok(c.grid.width > 0 && c.input.duration > 0, f);
    assert.ok((c.input.sources?.length ?? 0) > 0 || c.input.rain || c.input.rainFields, `${f}: no water`);
  }
  // the other YAMLs are inflow files of those configs
  for (const f of ymls.filter(isInflowFile)) assert.ok(usedInflows.has(resolve(join(examples, f))), `${f} is neither a flood config nor the inflow of one`);
});
