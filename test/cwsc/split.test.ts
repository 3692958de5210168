// Splits over label groups: never a basin in two sets, the random 7:3 draw, blocked regions apart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blockOf, blockedSplit, randomSplit } from "../../src/cwsc/split.js";
import { LabelGroup } from "../../src/cwsc/labels.js";
import { cellAt } from "../../src/cwsc/data/lattice.js";
import { seededRandom } from "../../src/util/random.js";

function groups(n: number, seed: number): LabelGroup[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const lon = -170 + 340 * rand();
    const lat = -50 + 120 * rand();
    const size = rand() < 0.2 ? 40 : 1;
    const cells = Array.from({ length: size }, (_, k) => cellAt(lon + (k % 8) * 0.5, lat + Math.floor(k / 8) * 0.5));
    return { id: `g${i}`, value: 100 + i, kge: 0.5, cells: Int32Array.from(new Set(cells)) };
  });
}

test("random split: 30 % of the groups in test, every group in exactly one set, reproducible", () => {
  const g = groups(200, 1);
  const s = randomSplit(g, 0.3, 7);
  assert.equal(s.test.length, 60);
  assert.equal(new Set([...s.train, ...s.test]).size, 200);
  assert.deepEqual(randomSplit(g, 0.3, 7), s);
  assert.notDeepEqual(randomSplit(g, 0.3, 8).test, s.test);
});

test("blocked split: no training cell in a test block, test near but not above its share", () => {
  const g = groups(300, 2);
  const s = blockedSplit(g, 0.3, 30, 3);
  assert.ok(s.test.length <= 90 && s.test.length >= 60, `${s.test.length} test groups`);
  const testBlocks = new Set(s.testBlocks);
  for (const i of s.train) for (const c of g[i].cells) assert.ok(!testBlocks.has(blockOf(c, 30)), `training group ${g[i].id} reaches a test block`);
  for (const i of s.test) assert.ok(testBlocks.has(blockOf(g[i].cells[0], 30)) || g[i].cells.length > 1);
  assert.equal(new Set([...s.train, ...s.test, ...s.excluded]).size, 300);
  assert.equal(s.train.filter((i) => s.test.includes(i)).length, 0);
});
