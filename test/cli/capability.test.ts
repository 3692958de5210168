// The capability shape: config file and options, paths, every error at once, run options.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { addCapabilityCommand, addGlobalOptions, numberOption, RunContext } from "../../src/cli/capability.js";
import { getNumThreads } from "../../src/torch/index.js";

const schema = z
  .object({
    dem: z.string(),
    rain: z.union([z.number(), z.string()]).optional(),
    zones: z.array(z.object({ vector: z.string(), n: z.number().positive() }).strict()).default([]),
    epochs: z.number().int().min(1).default(3),
    seed: z.number().int().default(1),
    threads: z.number().int().optional(),
  })
  .strict();

function program(seen: { cfg?: z.infer<typeof schema>; ctx?: RunContext }) {
  const p = new Command("catchment").exitOverride();
  addGlobalOptions(p);
  const cap = p.command("cap");
  addCapabilityCommand(cap, {
    name: "go",
    description: "test",
    schema,
    config: "optional",
    pathKeys: ["dem", "rain", "zones.*.vector"],
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [
      { flags: "--dem <raster>", description: "dem" },
      { flags: "--epochs <n>", description: "epochs", parse: numberOption("--epochs", { integer: true }) },
    ],
    run(cfg, ctx) {
      seen.cfg = cfg;
      seen.ctx = ctx;
    },
  });
  return p;
}

const dir = mkdtempSync(join(tmpdir(), "cap-"));
mkdirSync(join(dir, "cfg"));
const yml = (text: string) => {
  const p = join(dir, "cfg", `c${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(p, text);
  return p;
};

test("paths in the file are relative to the file, options relative to the working directory; numbers as text stay values", async () => {
  const seen: { cfg?: z.infer<typeof schema>; ctx?: RunContext } = {};
  const c = yml("dem: data/dem.tif\nrain: '20'\nzones:\n  - { vector: parks.geojson, n: 0.05 }\n");
  await program(seen).parseAsync(["node", "x", "cap", "go", "--config", c]);
  assert.equal(seen.cfg?.dem, join(dir, "cfg", "data", "dem.tif"));
  assert.equal(seen.cfg?.rain, "20");
  assert.equal(seen.cfg?.zones[0].vector, join(dir, "cfg", "parks.geojson"));
  await program(seen).parseAsync(["node", "x", "cap", "go", "--config", c, "--dem", "here.tif", "--epochs", "7", "--seed", "9", "--run-dir", "r", "--resume"]);
  assert.equal(seen.cfg?.dem, resolve("here.tif"));
  assert.equal(seen.cfg?.epochs, 7);
  assert.equal(seen.cfg?.seed, 9, "--seed sets the config's seed");
  assert.equal(seen.ctx?.runDir, resolve("r"));
  assert.equal(seen.ctx?.resume, true);
  assert.equal(seen.ctx?.device, "cpu");
});

test("every invalid key is named at once, in one line; values from options name the option", async () => {
  const c = yml("dem: 3\nepochs: 0\nzones:\n  - { vector: a.geojson, n: -1 }\nmodel: x\nnoise: 1\n");
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--config", c]), (e: Error) => {
    assert.doesNotMatch(e.message, /\n/);
    for (const part of [/unknown keys 'model', 'noise'/, /key 'dem': /, /key 'epochs': /, /key 'zones\.0\.n': /]) assert.match(e.message, part);
    return true;
  });
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--config", yml("dem: a.tif\n"), "--epochs", "0"]), /--epochs: Too small/);
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--epochs", "2.5", "--dem", "a"]), /--epochs: expected a whole number, got '2\.5'/);
});

test("--threads after the command wins over the global one and reaches libtorch; --device is checked", async () => {
  const seen: { cfg?: z.infer<typeof schema>; ctx?: RunContext } = {};
  const before = getNumThreads();
  await program(seen).parseAsync(["node", "x", "--threads", "2", "cap", "go", "--dem", "a", "--threads", "1"]);
  assert.equal(seen.ctx?.threads, 1);
  assert.equal(seen.cfg?.threads, 1, "a config with a threads key gets it too");
  assert.equal(getNumThreads(), 1);
  await program(seen).parseAsync(["node", "x", "--threads", "2", "cap", "go", "--dem", "a"]);
  assert.equal(seen.ctx?.threads, 2);
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--dem", "a", "--threads", "0"]), /--threads: expected a whole number ≥ 1, got '0'/);
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--dem", "a", "--device", "gpu"]), /--device: expected cpu or cuda:N, got 'gpu'/);
  await assert.rejects(program({}).parseAsync(["node", "x", "cap", "go", "--dem", "a", "--device", "cuda:0"]), /--device cuda:0: this libtorch has no CUDA/);
  await program(seen).parseAsync(["node", "x", "cap", "go", "--dem", "a", "--device", "CPU"]);
  assert.equal(seen.ctx?.device, "cpu");
  (await import("../../src/torch/index.js")).setNumThreads(before);
});
