// Train/test splits of label groups (basins, never cells: all cells of a basin share its label).
// Random: a seeded 7:3 draw of groups. Blocked: square blocks of the globe go wholly to training
// or test; a group belongs to the block holding most of its cells, test blocks are drawn up to
// the test fraction of the groups, and a training group with any cell in a test block
// is left out, so no labelled training cell lies in a test region.
import { shuffled } from "../util/random.js";
import { cellLat, cellLon } from "./data/lattice.js";
import { LabelGroup } from "./labels.js";

export type SplitKind = "random" | "blocked";

export interface GroupSplit {
  kind: SplitKind;
  train: number[];
  test: number[];
  /** groups in neither (blocked: training groups reaching into a test block) */
  excluded: number[];
  /** test blocks, as "lon0,lat0" of their south-west corners (blocked only) */
  testBlocks: string[];
}

export function randomSplit(groups: LabelGroup[], testFraction: number, seed: number): GroupSplit {
  const order = shuffled(groups.map((_, i) => i), seed);
  const nTest = Math.round(groups.length * testFraction);
  return { kind: "random", test: order.slice(0, nTest).sort((a, b) => a - b), train: order.slice(nTest).sort((a, b) => a - b), excluded: [], testBlocks: [] };
}

export function blockOf(cell: number, degrees: number): string {
  const lon0 = Math.floor((cellLon(cell) + 180) / degrees) * degrees - 180;
  const lat0 = Math.floor((cellLat(cell) + 90) / degrees) * degrees - 90;
  return `${lon0},${lat0}`;
}

export function blockedSplit(groups: LabelGroup[], testFraction: number, degrees: number, seed: number): GroupSplit {
  const home = groups.map((g) => {
    const count = new Map<string, number>();
    for (const c of g.cells) count.set(blockOf(c, degrees), (count.get(blockOf(c, degrees)) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  });
  // blocks in a seeded order; a block joins the test set while it does not take the test set past
  // its share (a block of many groups is skipped rather than overshooting)
  const blocks = shuffled([...new Set(home)].sort(), seed);
  const target = Math.round(groups.length * testFraction);
  const testBlocks = new Set<string>();
  let nTest = 0;
  for (const b of blocks) {
    const size = home.filter((h) => h === b).length;
    if (nTest + size > target) continue;
    testBlocks.add(b);
    nTest += size;
  }
  const train: number[] = [];
  const test: number[] = [];
  const excluded: number[] = [];
  groups.forEach((g, i) => {
    if (testBlocks.has(home[i])) test.push(i);
    else if (Array.from(g.cells).some((c) => testBlocks.has(blockOf(c, degrees)))) excluded.push(i);
    else train.push(i);
  });
  return { kind: "blocked", train, test, excluded, testBlocks: [...testBlocks].sort() };
}
