import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import assert from "node:assert/strict";
import { loadSafetensors, Tensor } from "../../src/torch/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function fixturePath(...parts: string[]): string {
  return join(root, "test", "fixtures", ...parts);
}

export function loadFixture(name: string): Map<string, Tensor> {
  return loadSafetensors(fixturePath("engine", `${name}.safetensors`)).tensors;
}

/** Entries under `prefix.` with the prefix removed (a state dict inside a fixture). */
export function withPrefix(all: Map<string, Tensor>, prefix: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [k, v] of all) if (k.startsWith(prefix + ".")) out.set(k.slice(prefix.length + 1), v);
  return out;
}

export function get(all: Map<string, Tensor>, key: string): Tensor {
  const t = all.get(key);
  if (!t) throw new Error(`fixture has no entry '${key}'`);
  return t;
}

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise, with a message naming the worst element. */
export function assertClose(actual: Tensor | null, expected: Tensor, what: string, rtol = 1e-9, atol = 1e-11): void {
  assert.ok(actual, `${what}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.toFloat64Array();
  const b = expected.toFloat64Array();
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i]));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess)) {
      worst = i;
      worstExcess = excess;
    }
  }
  assert.ok(worst < 0, `${what}: element ${worst} is ${a[worst]}, PyTorch gives ${b[worst]}`);
}
