// The local Earth Engine evaluator on hand-built graphs whose answers follow from Earth Engine's
// documented semantics: kernel orientation and focus, masks at the image edge, band naming and
// pairing of binary operators, addBands renaming, integer division.
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateGraph, graphReach } from "../../src/water/ee/evaluator.js";
import { parseGraph, SerializedGraph, ValueNode } from "../../src/water/ee/graph-json.js";
import { earthEngine } from "../../src/water/ee/client.js";
import { call } from "../../src/water/ee/graph.js";
import { Raster, GdalType } from "../../src/geo/raster.js";

const W = 6;
const H = 5;
/** Band 'x' holds the column, band 'y' the row, band 'i' 10·row + column (integers). */
function ramps(type: GdalType = "Int16"): Raster {
  const mk = (name: string, f: (r: number, c: number) => number) => ({
    name,
    type,
    nodata: null,
    data: Int16Array.from({ length: W * H }, (_, k) => f(Math.floor(k / W), k % W)),
  });
  return { width: W, height: H, geotransform: [0, 1, 0, 0, 0, -1], crs: null, bands: [mk("x", (_, c) => c), mk("y", (r) => r), mk("i", (r, c) => 10 * r + c)] };
}

/** Builds a graph with the official client, so the tests read the same format the export writes. */
function graphOf(build: (ee: ReturnType<typeof earthEngine>, image: unknown) => unknown): SerializedGraph {
  const ee = earthEngine();
  const image = call(ee, "Image.load", { id: "scene" });
  return parseGraph((build(ee, image) as { serialize(): string }).serialize(), "test graph");
}

const run = (g: SerializedGraph, r = ramps()) => evaluateGraph(g, () => r, r, { tile: 4 });
const at = (band: { data: Float64Array }, r: number, c: number) => band.data[r * W + c];

test("convolve lays the kernel over the image as written: the weight right of the focus reads the pixel to the right", () => {
  const g = graphOf((ee, im) => {
    const k = call(ee, "Kernel.fixed", { width: 3, height: 3, weights: [[0, 0, 0], [0, 0, 1], [0, 0, 0]], x: 1, y: 1, normalize: false });
    return call(ee, "Image.convolve", { image: call(ee, "Image.select", { input: im, bandSelectors: ["x", "y"] }), kernel: k });
  });
  const [x, y] = run(g);
  assert.equal(x.name, "x");
  assert.equal(at(x, 2, 2), 3, "x at column 2 reads column 3");
  assert.equal(at(y, 2, 2), 2, "the row is unchanged");
  // the weight below the focus (row 2 of the weights: south) reads the row below
  const down = graphOf((ee, im) =>
    call(ee, "Image.convolve", { image: call(ee, "Image.select", { input: im, bandSelectors: ["y"] }), kernel: call(ee, "Kernel.fixed", { width: 3, height: 3, weights: [[0, 0, 0], [0, 0, 0], [0, 1, 0]], x: 1, y: 1 }) }),
  );
  assert.equal(at(run(down)[0], 1, 3), 2);
});

test("convolve masks every output whose kernel leaves the image, and nothing else", () => {
  const g = graphOf((ee, im) =>
    call(ee, "Image.convolve", { image: call(ee, "Image.select", { input: im, bandSelectors: ["i"] }), kernel: call(ee, "Kernel.fixed", { width: 3, height: 3, weights: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], x: 1, y: 1 }) }),
  );
  const [b] = run(g);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const edge = r === 0 || c === 0 || r === H - 1 || c === W - 1;
      if (edge) assert.ok(Number.isNaN(at(b, r, c)), `(${r}, ${c}) masked`);
      else assert.equal(at(b, r, c), 9 * (10 * r + c), `(${r}, ${c}) is the 3x3 sum`);
    }
  assert.equal(graphReach(g), 1);
});

test("an unset focus is floor(size / 2): a 2x2 kernel's focus is its bottom-right weight", () => {
  const g = graphOf((ee, im) =>
    call(ee, "Image.convolve", { image: call(ee, "Image.select", { input: im, bandSelectors: ["i"] }), kernel: call(ee, "Kernel.fixed", { weights: [[1, 0], [0, 0]] }) }),
  );
  const [b] = run(g);
  assert.equal(at(b, 2, 3), 10 * 1 + 2, "reads the pixel up and left");
  assert.ok(Number.isNaN(at(b, 0, 3)), "row 0 has no row above");
  assert.equal(at(b, 4, 5), 10 * 3 + 4, "the last row and column are inside");
});

test("binary operators: one band against all, equal counts in order named as image1, the longer input's names", () => {
  const g = graphOf((ee, im) => {
    const xy = call(ee, "Image.select", { input: im, bandSelectors: ["x", "y"] });
    const two = call(ee, "Image.constant", { value: [100, 200] });
    const one = call(ee, "Image.constant", { value: 1000 });
    const a = call(ee, "Image.add", { image1: one, image2: xy }); // one band against two: names x, y
    const b = call(ee, "Image.add", { image1: xy, image2: two }); // pairwise in order, image1's names
    const c = call(ee, "Image.subtract", { image1: call(ee, "Image.select", { input: im, bandSelectors: ["y", "x"] }), image2: xy }); // same names: by name
    return call(ee, "Image.addBands", { dstImg: call(ee, "Image.addBands", { dstImg: a, srcImg: b }), srcImg: c });
  });
  const bands = run(g);
  assert.deepEqual(bands.map((b) => b.name), ["x", "y", "x_1", "y_1", "y_2", "x_2"]);
  assert.equal(at(bands[0], 3, 4), 1004);
  assert.equal(at(bands[1], 3, 4), 1003);
  assert.equal(at(bands[2], 3, 4), 104);
  assert.equal(at(bands[3], 3, 4), 203);
  assert.equal(at(bands[4], 3, 4), 0, "y − y, matched by name");
  assert.equal(at(bands[5], 3, 4), 0, "x − x, matched by name");
});

test("constants, select by regular expression, rename, reduce(sum), max, exp, and integer division", () => {
  const g = graphOf((ee, im) => {
    const ints = call(ee, "Image.divide", { image1: call(ee, "Image.select", { input: im, bandSelectors: ["i"] }), image2: call(ee, "Image.constant", { value: 4 }) });
    const floats = call(ee, "Image.divide", { image1: call(ee, "Image.select", { input: im, bandSelectors: ["i"] }), image2: call(ee, "Image.constant", { value: 4.5 }) });
    const byZero = call(ee, "Image.divide", { image1: call(ee, "Image.select", { input: im, bandSelectors: ["i"] }), image2: call(ee, "Image.constant", { value: 0 }) });
    const sum = call(ee, "Image.reduce", { image: call(ee, "Image.select", { input: im, bandSelectors: ["[xy]"] }), reducer: call(ee, "Reducer.sum", {}) });
    const relu = call(ee, "Image.max", { image1: call(ee, "Image.subtract", { image1: call(ee, "Image.select", { input: im, bandSelectors: ["x"] }), image2: call(ee, "Image.constant", { value: 2 }) }), image2: call(ee, "Image.constant", { value: 0 }) });
    const e = call(ee, "Image.exp", { value: call(ee, "Image.constant", { value: [0, 1] }) });
    let out = call(ee, "Image.rename", { input: ints, names: ["q"] });
    for (const [img, n] of [[floats, "f"], [byZero, "z"], [sum, "s"], [relu, "r"]] as const) out = call(ee, "Image.addBands", { dstImg: out, srcImg: call(ee, "Image.rename", { input: img, names: [n] }) });
    return call(ee, "Image.addBands", { dstImg: out, srcImg: e });
  });
  const bands = run(g);
  assert.deepEqual(bands.map((b) => b.name), ["q", "f", "z", "s", "r", "constant_0", "constant_1"]);
  assert.equal(at(bands[0], 3, 3), 8, "33 / 4 on integers truncates");
  assert.equal(at(bands[1], 3, 3), 33 / 4.5);
  assert.equal(at(bands[2], 3, 3), 0, "division by 0 gives 0");
  assert.equal(at(bands[3], 3, 4), 7, "sum of the bands x and y (the pattern matches whole names only, not 'i')");
  assert.equal(at(bands[4], 1, 1), 0);
  assert.equal(at(bands[4], 1, 5), 3);
  assert.equal(at(bands[6], 0, 0), Math.E);
});

test("unknown algorithms and bands are refused by name", () => {
  const bad: SerializedGraph = { result: "0", values: { "0": { functionInvocationValue: { functionName: "Image.tanh", arguments: { value: { constantValue: 1 } } } } as ValueNode } };
  assert.throws(() => run(bad), /algorithm 'Image\.tanh', which this evaluator does not implement/);
  const g = graphOf((ee, im) => call(ee, "Image.select", { input: im, bandSelectors: ["B8A"] }));
  assert.throws(() => run(g), /pattern 'B8A' did not match any band; bands are \[x, y, i\]/);
});
