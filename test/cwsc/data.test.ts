// The monthly data sets as cwsc reads them: units, aggregation, cells, PET, and the snow store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadAu20 } from "../../src/cwsc/data/au20.js";
import { loadCamelsFr } from "../../src/cwsc/data/camels-fr.js";
import { basinCells } from "../../src/cwsc/data/budget189.js";
import { readTextTable, numberAt, columnIndex } from "../../src/cwsc/data/text-table.js";
import { cellAt, cellLat, cellLon, cellsAround } from "../../src/cwsc/data/lattice.js";
import { dayLength, monthlyTemperature, thornthwaite } from "../../src/cwsc/data/pet.js";
import { snowRoutine, waterInput } from "../../src/cwsc/data/snow.js";
import { MonthlyBasin } from "../../src/cwsc/data/basin.js";
import { data } from "../helpers/data.js";

test("AU20: monthly totals despite the mm/d header (mean rain matches sites.csv's mm/year), −9.999 is missing", () => {
  const basins = loadAu20(data("monthly_au20_pygme"));
  assert.equal(basins.length, 20);
  const sites = readTextTable(data("monthly_au20_pygme", "extracted", "sites.csv"));
  const rainCol = columnIndex(sites, "rain_mean_1970_2013[mm/y]");
  basins.forEach((b, i) => {
    // 1970-01 … 2013-12 are the first 528 months
    const annual = (b.p.slice(0, 528).reduce((a, v) => a + v, 0) / 528) * 12;
    assert.ok(Math.abs(annual / numberAt(sites, i, rainCol) - 1) < 0.01, `${b.id}: ${annual} mm/y`);
    assert.ok(b.q.some((v) => Number.isNaN(v)) || b.q.every(Number.isFinite));
    assert.ok(!Array.from(b.q).some((v) => Math.abs(v + 9.999) < 1e-9));
  });
});

test("CAMELS-FR: calendar-month sums of the daily series equal the set's monthly_all_derived.csv", () => {
  const basins = loadCamelsFr(data("camels_fr_19"));
  assert.equal(basins.length, 19);
  const derived = readTextTable(data("camels_fr_19", "monthly_all_derived.csv"));
  const [code, month, p, e, q, t] = ["code_h3", "month", "Ptot_mm", "Evap_mm", "Q_mm", "Temp_degC"].map((c) => columnIndex(derived, c));
  let checked = 0;
  derived.rows.forEach((row, r) => {
    const b = basins.find((x) => x.id === row[code]) as MonthlyBasin;
    const [y, m] = row[month].split("-").map(Number);
    const k = (y - 1999) * 12 + (m - 1);
    assert.ok(Math.abs(b.p[k] - numberAt(derived, r, p)) < 1e-6 && Math.abs(b.pet[k] - numberAt(derived, r, e)) < 1e-6);
    const qd = numberAt(derived, r, q);
    assert.ok(Number.isNaN(qd) ? Number.isNaN(b.q[k]) : Math.abs(b.q[k] - qd) < 1e-6, `${b.id} ${row[month]}: Q ${b.q[k]} vs ${qd}`);
    assert.ok(Math.abs((b.temperature?.parts[0] as Float64Array)[k] - numberAt(derived, r, t)) < 1e-6);
    checked++;
  });
  assert.equal(checked, 19 * 240);
});

test("189 basins: the cells of the point shapefiles (RHINE 80, AMAZON 1,951) on the lattice", () => {
  const cells = basinCells(data("water_budget_189_basins", "basin_cell_points_05deg.tar.gz"));
  assert.equal(cells.size, 189);
  assert.equal(cells.get("RHINE")?.length, 80);
  assert.equal(cells.get("AMAZON")?.length, 1951);
  const rhine = Array.from(cells.get("RHINE") as Int32Array);
  assert.ok(rhine.every((c) => cellLon(c) > 3 && cellLon(c) < 13 && cellLat(c) > 45 && cellLat(c) < 53));
});

test("lattice: cell of a point, wrap-around, disks of an area", () => {
  assert.equal(cellAt(-180, 90), 0);
  assert.equal(cellAt(179.99, -89.99), 720 * 360 - 1);
  assert.equal(cellAt(180.25, 0), cellAt(-179.75, 0));
  assert.equal(cellLon(cellAt(6.74, 49.26)), 6.75);
  assert.equal(cellLat(cellAt(6.74, 49.26)), 49.25);
  assert.equal(cellsAround(7, 50, 10).length, 1);
  // 50,000 km² around 20° S: cells of about 52 × 55 km → about 17
  const n = cellsAround(120, -20, 50000).length;
  assert.ok(n >= 13 && n <= 21, `${n} cells`);
});

test("Thornthwaite PET: 20 °C all year with 12-hour days gives 16 (10·20/I)^a mm per 30 days", () => {
  const I = 12 * 4 ** 1.514;
  const a = 6.75e-7 * I ** 3 - 7.71e-5 * I ** 2 + 1.792e-2 * I + 0.49239;
  const pet = thornthwaite(new Array(12).fill(20), new Array(12).fill(12), new Array(12).fill(30));
  for (const v of pet) assert.ok(Math.abs(v - 16 * (200 / I) ** a) < 1e-9);
  assert.ok(Math.abs(dayLength(0, 100) - 12) < 0.1 && dayLength(70, 355) === 0 && dayLength(70, 172) === 24);
  // the sinusoid has the quarter means it was made from
  const t = monthlyTemperature(50, { bio1: 9, bio10: 17, bio11: 1 });
  assert.ok(Math.abs((t[5] + t[6] + t[7]) / 3 - 17) < 1e-9 && Math.abs((t[11] + t[0] + t[1]) / 3 - 1) < 1e-9);
});

test("snow store (McCabe & Markstrom 2007): conserves water, snow below −10 °C, rain above +3.3 °C, at most half the pack melts a month", () => {
  const p = [50, 40, 30, 20, 60, 0, 10];
  const t = [-15, -12, -10, -3.35, 5, 8, 20];
  const { liquid, pack } = snowRoutine(p, t);
  let before = 0;
  p.forEach((v, i) => {
    assert.ok(Math.abs(v - liquid[i] - (pack[i] - before)) < 1e-12, `month ${i}`);
    before = pack[i];
  });
  assert.deepEqual([liquid[0], liquid[1], liquid[2], pack[2]], [0, 0, 0, 120]);
  // halfway up the ramp: half the precipitation is snow, a quarter of the pack melts
  assert.ok(Math.abs(pack[3] - 0.75 * (120 + 10)) < 1e-9);
  assert.ok(Math.abs(pack[4] - 0.5 * pack[3]) < 1e-9 && Math.abs(liquid[4] - (60 + 0.5 * pack[3])) < 1e-9);
  // weighted parts with a climatology repeat by calendar month from the first month
  const b = { p: Float64Array.from([10, 10, 10]), start: "2000-12", source: "x", temperature: { parts: [[-20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, -20], new Array(12).fill(20)], weights: [1, 3], climatology: true, source: "" } } as unknown as MonthlyBasin;
  const w = waterInput(b);
  assert.deepEqual(Array.from(w), [0.75 * 10, 0.75 * 10, 0.25 * (10 + 10) + 0.75 * 10]);
});
