import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCamelsUs, readForcing, readStreamflow, STREAMFLOW_VARIABLE } from "../../src/runoff/data/camels-us.js";
import { readModelOutput } from "../../src/runoff/data/model-output.js";
import { readCamelsAttributes, attributeMatrix } from "../../src/runoff/data/attributes.js";
import { variable, isoOfDay } from "../../src/runoff/data/basin-data.js";
import { KRATZERT_ATTRIBUTES } from "../../src/runoff/config.js";
import { dayNumber } from "../../src/util/dates.js";
import { data } from "../helpers/data.js";

const subset = data("camels_us_subset");

test("forcing header: latitude, elevation, area on lines 1–3; columns matched whatever their case", () => {
  const f = readForcing(join(subset, "basin_mean_forcing", "daymet", "01022500_lump_cida_forcing_leap.txt"));
  assert.ok(f.latitude > 44 && f.latitude < 45.5, `latitude ${f.latitude}`);
  assert.ok(f.area > 5e8 && f.area < 6e8, `area ${f.area} m²`);
  assert.equal(f.days.length, 1461);
  assert.equal(isoOfDay(f.days[0]), "2000-01-01");
  assert.ok(f.columns.has("prcp(mm/day)"));
  const ext = readForcing(join(subset, "basin_mean_forcing", "maurer_extended", "01022500_lump_maurer_forcing_leap.txt"));
  assert.equal(isoOfDay(ext.days[0]), "2000-01-01");
  assert.ok(ext.columns.has("prcp(mm/day)"), [...ext.columns.keys()].join(","));
  const maurer = readForcing(join(subset, "basin_mean_forcing", "maurer", "01022500_lump_maurer_forcing_leap.txt"));
  assert.ok(maurer.columns.has("PRCP(mm/day)"), [...maurer.columns.keys()].join(","));
  // the maurer_extended product fixes CAMELS' tmax == tmin
  const tmax = [...ext.columns].find(([k]) => k.toLowerCase().startsWith("tmax"))?.[1] as Float64Array;
  const tmin = [...ext.columns].find(([k]) => k.toLowerCase().startsWith("tmin"))?.[1] as Float64Array;
  assert.ok(tmax.some((v, i) => v !== tmin[i]));
});

test("streamflow ft³/s → mm/day reproduces CAMELS' own OBS_RUN for the Minam River", () => {
  // CAMELS model_output divides the same USGS record by its basin area; area_gages2 is 618.93 km²
  const mo = readModelOutput(data("camels_us_longterm", "13331500_05_model_output.txt"), "13331500");
  const { days, q } = readStreamflow(data("camels_us_longterm", "13331500_streamflow_qc.txt"), 618.93e6);
  const obs = variable(mo, "OBS_RUN", "target");
  const ratios: number[] = [];
  days.forEach((d, i) => {
    const o = obs[d - mo.firstDay];
    if (o > 1) ratios.push(q[i] / o);
  });
  assert.ok(ratios.length > 4000, `${ratios.length} overlapping days`);
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  // one constant factor (the two area estimates differ by 0.4 %), never a unit slip
  assert.ok(lo > 0.995 && hi < 1.006, `ratio range ${lo} … ${hi}`);
  assert.ok(hi - lo < 2e-3, `ratio spread ${hi - lo}`);
});

test("1 ft³/s on 1 km² is 2.4466 mm/day; -999 and flag M are missing", () => {
  const dir = mkdtempSync(join(tmpdir(), "camels-"));
  const path = join(dir, "x_streamflow_qc.txt");
  writeFileSync(path, "09999999 2001 01 01 1.00 A\n09999999 2001 01 02 -999.00 M\n09999999 2001 01 03 5.00 M\n09999999 2001 01 04 0.00 A:e\n");
  const { days, q } = readStreamflow(path, 1e6);
  assert.equal(isoOfDay(days[0]), "2001-01-01");
  assert.ok(Math.abs(q[0] - 2.446576) < 1e-5, `${q[0]}`);
  assert.ok(Number.isNaN(q[1]) && Number.isNaN(q[2]));
  assert.equal(q[3], 0);
});

test("a basin's forcings and streamflow share one day grid; several products get suffixes", () => {
  const b = loadCamelsUs(subset, ["daymet"], "01022500");
  assert.equal(b.firstDay, dayNumber("2000-01-01"));
  const flow = variable(b, STREAMFLOW_VARIABLE, "target");
  // streamflow ends 2002-12-31, daymet runs on through 2003
  assert.ok(Number.isFinite(flow[dayNumber("2002-12-31") - b.firstDay]));
  assert.ok(Number.isNaN(flow[dayNumber("2003-01-01") - b.firstDay]));
  assert.ok(variable(b, "PRCP", "input"), "short, case-insensitive name");
  const two = loadCamelsUs(subset, ["daymet", "nldas"], "01022500");
  assert.ok(two.variables.has("prcp(mm/day)_daymet") && two.variables.has("PRCP(mm/day)_nldas"), [...two.variables.keys()].join(","));
});

test("missing basin files and unknown attributes are named", () => {
  assert.throws(() => loadCamelsUs(subset, ["daymet"], "99999999"), /no daymet forcing file for basin 99999999/);
  assert.throws(() => loadCamelsUs(subset, ["era5"], "01022500"), /'era5' is not a CAMELS-US forcing product/);
  const attrs = readCamelsAttributes(join(subset, "camels_attributes_v2.0"));
  const m = attributeMatrix(attrs, KRATZERT_ATTRIBUTES, ["01022500", "13331500"]);
  assert.equal(m[0].length, 27);
  assert.equal(m[1][KRATZERT_ATTRIBUTES.indexOf("area_gages2")], 618.93);
  assert.throws(() => attributeMatrix(attrs, ["no_such"], ["01022500"]), /no attribute 'no_such'/);
  assert.throws(() => attributeMatrix(attrs, ["p_mean"], ["00000000"]), /camels_clim.txt: no row for basin 00000000/);
});
