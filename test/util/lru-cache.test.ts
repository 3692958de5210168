import { test } from "node:test";
import assert from "node:assert/strict";
import { LruCache } from "../../src/util/lru-cache.js";

test("the least recently used entries go first once the weight passes the bound", () => {
  const c = new LruCache<string, Float64Array>(24, (v) => v.byteLength);
  c.set("a", new Float64Array(1));
  c.set("b", new Float64Array(1));
  c.set("c", new Float64Array(1));
  assert.equal(c.weight, 24);
  assert.ok(c.get("a")); // a is now the most recent
  c.set("d", new Float64Array(1));
  assert.equal(c.get("b"), undefined, "b was the least recently used");
  assert.ok(c.get("a") && c.get("c") && c.get("d"));
  assert.equal(c.weight, 24);
  // an entry heavier than the bound is kept alone (the caller just asked for it)
  c.set("big", new Float64Array(10));
  assert.equal(c.size, 1);
  assert.ok(c.get("big"));
});
