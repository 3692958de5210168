// The heap pops keys in ascending order and equal keys in insertion order (a stable sort), through
// growth from a tiny capacity and interleaved pushes and pops.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MinHeap } from "../../src/util/min-heap.js";
import { seededRandom } from "../../src/util/random.js";

test("MinHeap pops like a stable sort by key, with interleaved pushes", () => {
  const rand = seededRandom(4);
  const heap = new MinHeap(2);
  const live: { key: number; value: number; seq: number }[] = [];
  const popped: number[] = [];
  const expected: number[] = [];
  let seq = 0;
  for (let step = 0; step < 5000; step++) {
    if (live.length && rand() < 0.4) {
      live.sort((a, b) => a.key - b.key || a.seq - b.seq);
      expected.push((live.shift() as { value: number }).value);
      popped.push(heap.popValue());
    } else {
      const key = Math.floor(rand() * 20) / 4; // many ties
      live.push({ key, value: step, seq: seq++ });
      heap.push(key, step);
    }
  }
  assert.deepEqual(popped, expected);
  assert.equal(heap.size, live.length);
  live.sort((a, b) => a.key - b.key || a.seq - b.seq);
  for (const e of live) assert.deepEqual(heap.pop(), [e.key, e.value]);
  assert.throws(() => heap.popValue(), /empty heap/);
});
