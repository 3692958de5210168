// monthly_au20_pygme: 20 Australian catchments (Lerat, pygme). The monthly files' header says mm/d
// but the values are monthly totals (mm/month); runoff −9.999 is missing. The label cells are a
// disk of the catchment's area around its centroid.
import { join } from "node:path";
import { MonthlyBasin, parseMonth } from "./basin.js";
import { cellsAround } from "./lattice.js";
import { columnIndex, numberAt, readTextTable } from "./text-table.js";

const MISSING = -9.999;

export function loadAu20(dir: string): MonthlyBasin[] {
  const sites = readTextTable(join(dir, "extracted", "sites.csv"));
  const [id, lat, lon, area] = ["siteid", "lat_centroid", "lon_centroid", "area[km2]"].map((c) => columnIndex(sites, c));
  return sites.rows.map((row, r) => {
    const file = join(dir, "extracted", `input_data_monthly_${String(r + 1).padStart(2, "0")}.csv`);
    const t = readTextTable(file);
    const [day, rain, evap, runoff] = ["day", "rain[mm/d]", "evap[mm/d]", "runoff[mm/d]"].map((c) => columnIndex(t, c));
    const n = t.rows.length;
    const get = (c: number, missingIsNaN: boolean) =>
      Float64Array.from({ length: n }, (_, i) => {
        const v = numberAt(t, i, c);
        return missingIsNaN && Math.abs(v - MISSING) < 1e-9 ? NaN : v;
      });
    parseMonth(t.rows[0][day], file);
    const la = numberAt(sites, r, lat);
    const lo = numberAt(sites, r, lon);
    const a = numberAt(sites, r, area);
    return {
      id: row[id],
      dataset: "au20",
      source: file,
      start: t.rows[0][day].slice(0, 7),
      p: get(rain, false),
      pet: get(evap, false),
      q: get(runoff, true),
      cells: cellsAround(lo, la, a),
      lon: lo,
      lat: la,
      areaKm2: a,
      petSource: "data set (evap column)",
      // the set has no temperature; these Australian catchments have no snow to speak of
      temperature: null,
    };
  });
}
