// Hydrographs and inflow series must have increasing times: an unsorted one would give wrong rates
// without a word. Each reader names the file and the row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readInflows, rainIntensity } from "../../src/flood/forcing.js";

const dir = mkdtempSync(join(tmpdir(), "forcing-order-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test("a YAML hydrograph whose times go back is refused, naming the file, the inflow and the row", () => {
  const yml = file("inflow.yml", "points:\n  - id: culvert\n    x: 5\n    y: 5\n    hydrograph: [[0, 1], [600, 4], [300, 2]]\n");
  assert.throws(() => readInflows(yml, undefined, 1), new RegExp(`${yml.replace(/[.]/g, "\\.")}: inflow culvert, hydrograph row 3: time_s 300 does not follow 600; the times of a hydrograph must increase`));
  const repeated = file("repeated.yml", "lines:\n  - id: weir\n    vertices: [[0, 0], [4, 0]]\n    hydrograph: [[0, 1], [0, 2]]\n");
  assert.throws(() => readInflows(repeated, undefined, 1), /repeated\.yml: inflow weir, hydrograph row 2: time_s 0 does not follow 0/);
  const sorted = file("sorted.yml", "points:\n  - id: a\n    x: 5\n    y: 5\n    hydrograph: [[0, 1], [300, 2], [600, 4]]\n");
  assert.deepEqual(readInflows(sorted, undefined, 1)[0].t, [0, 300, 600]);
});

test("a CSV inflow series out of order for one id is refused at its line; other ids may interleave", () => {
  const points = file("points.csv", "id,x,y,radius_m\na,5,5,0\nb,8,8,0\n");
  const interleaved = file("series.csv", "id,time_s,q_m3s\na,0,1\nb,0,3\na,100,2\nb,50,3\n");
  const flows = readInflows(points, interleaved, 1);
  assert.deepEqual(flows.map((p) => p.t), [[0, 100], [0, 50]]);
  const unsorted = file("unsorted.csv", "id,time_s,q_m3s\na,0,1\nb,0,3\na,100,2\nb,50,3\na,90,1\n");
  assert.throws(() => readInflows(points, unsorted, 1), /unsorted\.csv:6: time_s 90 of inflow 'a' does not follow 100; the times of a hydrograph must increase/);
});

test("a LISFLOOD-FP .bdy series out of order is refused at its line", () => {
  const bci = file("case.bci", "P 5 5 QVAR inflow\n");
  const bdy = file("case.bdy", "comment\ninflow\n3 seconds\n1 0\n2 100\n3 50\n");
  assert.throws(() => readInflows(bci, bdy, 1), /case\.bdy:6: series 'inflow': time \(s\) 50 does not follow 100/);
});

test("rain as a number or a number in text is an intensity; other text is a file", () => {
  assert.equal(rainIntensity(20), 20);
  assert.equal(rainIntensity("20"), 20);
  assert.equal(rainIntensity(" 7.5 "), 7.5);
  assert.equal(rainIntensity("1e1"), 10);
  assert.equal(rainIntensity("-5"), -5);
  assert.equal(rainIntensity("storm.csv"), undefined);
  assert.equal(rainIntensity("20mm"), undefined);
  assert.equal(rainIntensity(undefined), undefined);
});
