// Grid cells by coordinates: against gdallocationinfo, Gauss's circle count and the crossing count
// of a segment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cellOf, cellsAlong, cellsWithin, edgeCells, readGrid, Grid } from "../../src/geo/index.js";
import { seededRandom } from "../../src/util/random.js";
import { data } from "../helpers/data.js";

// unit cells, x 0…20 east, y 0…10 north: cell (c, r) spans x c…c+1 and y 10−r−1…10−r
const unit: Grid = { width: 20, height: 10, geotransform: [0, 1, 0, 10, 0, -1], crs: null };
const colRow = (cell: number, g = unit) => [cell % g.width, Math.floor(cell / g.width)];

test("the cell of a coordinate is the one gdallocationinfo -geoloc names (Merewether inflow and gauges)", () => {
  const dem = data("merewether_urban_flood", "topography1_epsg32756.tif");
  const grid = readGrid(dem);
  for (const [x, y] of [[382265.0, 6354280.0], [382379.1, 6354554.0], [382570.5, 6354265.6], [382249.8, 6354681.3]]) {
    const out = spawnSync("gdallocationinfo", ["-geoloc", dem, String(x), String(y)], { encoding: "utf8" }).stdout;
    const m = /Location: \((\d+)P,(\d+)L\)/.exec(out);
    assert.ok(m, out);
    assert.deepEqual(colRow(cellOf(grid, x, y), grid), [Number(m[1]), Number(m[2])], `(${x}, ${y})`);
  }
  assert.equal(cellOf(grid, 382249.7, 6354300), -1);
});

test("cells within a radius: Gauss's circle count, 317 cell centres within 10 cells of a centre", () => {
  const big: Grid = { width: 60, height: 60, geotransform: [1000, 2, 0, 5000, 0, -2], crs: null };
  // the centre of cell (30, 30): x = 1000 + 30.5·2, y = 5000 − 30.5·2; radius 10 cells = 20 m
  const cells = cellsWithin(big, 1061, 4939, 20);
  assert.equal(cells.length, 317);
  for (const c of cells) {
    const [col, row] = colRow(c, big);
    assert.ok((col - 30) ** 2 + (row - 30) ** 2 <= 100);
  }
  // clipped by the grid's corner: the open quarter disc (317 − 1 − 4·10) / 4 = 69, its two half axes and the centre
  assert.equal(cellsWithin(big, 1001, 4999, 20).length, 69 + 10 + 10 + 1);
});

test("cells along a segment: one more than the grid lines it crosses, each a side-neighbour of the last", () => {
  // (0.5, 0.5) → (3.5, 2.5) in cell units crosses x = 1, 2, 3 and y = 1, 2
  assert.deepEqual(cellsAlong(unit, [[0.5, 9.5], [3.5, 7.5]]).map((c) => colRow(c)), [[0, 0], [1, 0], [1, 1], [2, 1], [2, 2], [3, 2]]);
  // a segment that clips the corner of cell (0, 0) by 0.025 of a cell still counts it
  assert.deepEqual(cellsAlong(unit, [[0.5, 8.5], [1.5, 9.55]]).map((c) => colRow(c)), [[0, 1], [0, 0], [1, 0]]);
  const rand = seededRandom(3);
  for (let k = 0; k < 200; k++) {
    const [x0, y0, x1, y1] = [rand() * 20, rand() * 10, rand() * 20, rand() * 10];
    const cells = cellsAlong(unit, [[x0, y0], [x1, y1]]).map((c) => colRow(c));
    const crossings = Math.abs(Math.floor(x1) - Math.floor(x0)) + Math.abs(Math.floor(10 - y1) - Math.floor(10 - y0));
    assert.equal(cells.length, crossings + 1, `segment (${x0}, ${y0}) → (${x1}, ${y1})`);
    for (let i = 1; i < cells.length; i++) assert.equal(Math.abs(cells[i][0] - cells[i - 1][0]) + Math.abs(cells[i][1] - cells[i - 1][1]), 1);
  }
  // a polyline leaving the grid keeps only its cells on the grid, each once
  const out = cellsAlong(unit, [[18.5, 5.5], [25, 5.5], [18.5, 5.5]]);
  assert.deepEqual(out.map((c) => colRow(c)), [[18, 4], [19, 4]]);
});

test("edge cells: the stretch of a side between two coordinates, on either orientation of the grid", () => {
  assert.deepEqual(edgeCells(unit, "N", 3, 6.2).map((c) => colRow(c)), [[3, 0], [4, 0], [5, 0]]);
  assert.deepEqual(edgeCells(unit, "S", 6.2, 3).map((c) => colRow(c)), [[3, 9], [4, 9], [5, 9]]);
  assert.deepEqual(edgeCells(unit, "W", 0, 2).map((c) => colRow(c)), [[0, 8], [0, 9]]);
  assert.deepEqual(edgeCells(unit, "E", 9, 10).map((c) => colRow(c)), [[19, 0]]);
  // a south-up grid (y increasing with the row): north is its last row
  const southUp: Grid = { ...unit, geotransform: [0, 1, 0, 0, 0, 1] };
  assert.deepEqual(edgeCells(southUp, "N", 0, 1).map((c) => colRow(c)), [[0, 9]]);
});
