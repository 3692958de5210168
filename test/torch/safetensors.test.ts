import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { arange, loadSafetensors, nn, randn, saveSafetensors, tensor } from "../../src/torch/index.js";
import { fixturePath } from "../helpers/fixtures.js";

test("safetensors round trip keeps names, dtypes, shapes, values and metadata", () => {
  const dir = mkdtempSync(join(tmpdir(), "catchment-st-"));
  const path = join(dir, "m.safetensors");
  const tensors = new Map([
    ["a.weight", randn([3, 4])],
    ["b", randn([2], { dtype: "float64" })],
    ["idx", arange(5)],
    ["i32", tensor([1, -2, 3], { dtype: "int32" })],
    ["mask", tensor([true, false, true])],
    ["scalar", tensor([7]).reshape()],
  ]);
  saveSafetensors(path, tensors, { epoch: "3" });
  const back = loadSafetensors(path);
  assert.equal(back.metadata.epoch, "3");
  assert.deepEqual([...back.tensors.keys()], [...tensors.keys()]);
  for (const [k, t] of tensors) {
    const u = back.tensors.get(k)!;
    assert.equal(u.dtype, t.dtype, k);
    assert.deepEqual(u.shape, t.shape, k);
    assert.deepEqual(u.toArray(), t.toArray(), k);
  }
  // header: 8-byte length, then JSON, padded so data is 8-byte aligned
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  assert.equal(n % 8, 0);
  assert.equal(JSON.parse(bytes.subarray(8, 8 + n).toString()).idx.dtype, "I64");
});

test("reads a file written by Python and a model state dict survives save/load", () => {
  const py = loadSafetensors(fixturePath("engine", "lstm.safetensors"));
  assert.deepEqual(py.tensors.get("init.lstm.weight_ih_l0")?.shape, [32, 5]);
  const dir = mkdtempSync(join(tmpdir(), "catchment-st-"));
  const a = new nn.Linear(3, 2);
  saveSafetensors(join(dir, "w.safetensors"), a.stateDict());
  const b = new nn.Linear(3, 2);
  b.loadStateDict(loadSafetensors(join(dir, "w.safetensors")).tensors);
  assert.deepEqual(b.weight.toArray(), a.weight.toArray());
  assert.throws(() => new nn.Linear(3, 4).loadStateDict(a.stateDict()), /'weight' has shape \[2x3\], the model expects \[4x3\]/);
});

test("bad files give errors naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "catchment-st-"));
  const bad = join(dir, "bad.safetensors");
  writeFileSync(bad, "abc");
  assert.throws(() => loadSafetensors(bad), /bad\.safetensors: not a safetensors file/);
  assert.throws(() => loadSafetensors(join(dir, "none.safetensors")), /none\.safetensors: no such safetensors file/);
  // a save that fails (the target is a folder) leaves neither a temporary file nor a change behind
  mkdirSync(join(dir, "taken"));
  assert.throws(() => saveSafetensors(join(dir, "taken"), new Map([["a", randn([2])]])));
  assert.ok(statSync(join(dir, "taken")).isDirectory());
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  // a good save replaces a file whole, and leaves no temporary file either
  saveSafetensors(bad, new Map([["a", randn([2])]]));
  assert.deepEqual(loadSafetensors(bad).tensors.get("a")?.shape, [2]);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
});
