// Real cases from ../shared/data: Merewether against the observed peak stages, EA Test 5 as a
// conservation and regression check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFloodCase } from "../../src/flood/case.js";
import { floodSchema } from "../../src/flood/config.js";
import { validateConfig } from "../../src/util/config.js";
import { data } from "../helpers/data.js";

const config = (o: Record<string, unknown>) => validateConfig("test", o, floodSchema);

test("Merewether: peak stage within 0.3 m of the observed value at all 5 points; mass balance closes", () => {
  const dir = mkdtempSync(join(tmpdir(), "merewether-"));
  const obs = readFileSync(data("merewether_urban_flood", "observation_points.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map((s) => s.trim()));
  writeFileSync(join(dir, "gauges.csv"), ["id,x,y", ...obs.map((r) => `P${r[2]},${r[0]},${r[1]}`)].join("\n"));
  writeFileSync(join(dir, "inflow.yml"), "points:\n  - id: inflow\n    x: 382265.0\n    y: 6354280.0\n    radius_m: 10\n    hydrograph: [[0, 19.7], [2000, 19.7]]\n");
  const { summary } = runFloodCase(
    config({
      dem: data("merewether_urban_flood", "topography1_epsg32756.tif"),
      buildings: data("merewether_urban_flood", "houses_epsg32756.geojson"),
      buildings_where: "used_in_anuga_run = 1",
      building_height: 3,
      manning: 0.04,
      manning_zones: [{ vector: data("merewether_urban_flood", "road_polygon_epsg32756.geojson"), n: 0.02 }],
      inflow: join(dir, "inflow.yml"),
      gauges: join(dir, "gauges.csv"),
      gauge_interval: 10,
      duration: 1000,
      threads: 2,
      out: join(dir, "out"),
    }),
  );
  const rows = readFileSync(join(dir, "out", "gauges.csv"), "utf8").trim().split("\n");
  const header = rows[0].split(",");
  for (const r of obs) {
    const col = header.indexOf(`level_P${r[2]}`);
    const peak = Math.max(...rows.slice(1).map((l) => Number(l.split(",")[col])));
    const observed = Number(r[4]);
    assert.ok(Math.abs(peak - observed) <= 0.3, `point ${r[2]}: peak stage ${peak.toFixed(3)} m, observed ${observed} m`);
  }
  const mb = summary.mass_balance as { error_percent: number; inflow_m3: number };
  assert.ok(Math.abs(mb.error_percent) <= 0.1);
  assert.ok(Math.abs(mb.inflow_m3 - 19700) < 1e-6);
  assert.equal(summary.building_cells, 5996);
});

test("EA Test 5 at 50 m (first 3 h): all inflow is stored, the wave reaches the points in valley order", () => {
  const dir = mkdtempSync(join(tmpdir(), "ea5-"));
  const d = (f: string) => data("ea_test5_valley_dambreak", f);
  const { summary } = runFloodCase(
    config({ dem: d("ea5_dem_10m_epsg27700.tif"), resolution: 50, inflow: d("ea5-10m.bci"), inflow_series: d("ea5.bdy"), gauges: d("ea5.stage"), gauge_interval: 300, manning: 0.04, boundary: "closed", duration: "3h", threads: 2, out: join(dir, "out") }),
  );
  const mb = summary.mass_balance as { inflow_m3: number; storage_m3: number; error_percent: number };
  assert.ok(Math.abs(mb.inflow_m3 - 9.45e6) < 1, `inflow ${mb.inflow_m3} m³ (the hydrograph holds 9.45e6 m³)`);
  assert.ok(Math.abs(mb.storage_m3 - 9.45e6) / 9.45e6 < 1e-9, "closed valley keeps all of it");
  assert.ok(Math.abs(mb.error_percent) <= 0.1);
  const rows = readFileSync(join(dir, "out", "gauges.csv"), "utf8").trim().split("\n").map((l) => l.split(",").map(Number));
  const arrival = (p: number) => rows.slice(1).find((r) => r[1 + 2 * (p - 1)] > 0.01)?.[0] ?? Infinity;
  // points 1 and 6 are nearest the breach, 2 next, 3 and 7 further, then 4 and 5 down-valley
  assert.ok(arrival(1) < arrival(2) && arrival(2) < arrival(3) && arrival(3) < arrival(4) && arrival(4) < arrival(5), [1, 2, 3, 4, 5].map(arrival).join(", "));
  assert.ok(arrival(6) < arrival(3) && arrival(7) <= arrival(4));
});
