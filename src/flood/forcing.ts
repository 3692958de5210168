// Rain and inflow inputs from files: hyetograph CSV, inflow points with hydrographs (CSV, YAML, or
// LISFLOOD-FP .bci/.bdy), gauge points.
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { parse } from "yaml";
import { Hyetograph } from "./engine.js";
import { readTable } from "../util/table.js";

const mmh = 1 / 3.6e6; // mm/h → m/s

function lines(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  return readFileSync(path, "utf8").split(/\r?\n/);
}

function numberAt(path: string, line: number, text: string | undefined, what: string): number {
  const v = text === undefined || text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new Error(`${path}:${line}: ${what} is '${text ?? ""}', expected a number (gaps are not allowed)`);
  return v;
}

/** The intensity (mm/h) when `rain` is a number or a number written as text; undefined when it names a file or is absent. */
export function rainIntensity(rain: number | string | undefined): number | undefined {
  if (typeof rain === "number") return rain;
  if (typeof rain === "string" && rain.trim() !== "" && Number.isFinite(Number(rain))) return Number(rain);
  return undefined;
}

/** Times of a series must increase: an unsorted hydrograph would give wrong rates without a word. */
function checkIncreasing(t: number[], where: (k: number) => string, what: string): void {
  for (let k = 1; k < t.length; k++)
    if (!(t[k] > t[k - 1])) throw new Error(`${where(k)}: ${what} ${t[k]} does not follow ${t[k - 1]}; the times of a hydrograph must increase`);
}

/** Constant rain of `mmPerHour` from 0 to `durationS`. */
export function constantRain(mmPerHour: number, durationS: number): Hyetograph {
  if (!(mmPerHour >= 0) || !Number.isFinite(mmPerHour)) throw new Error(`rain: ${mmPerHour} mm/h is ${mmPerHour < 0 ? "a negative intensity" : "not an intensity"}; expected mm/h ≥ 0`);
  return { t: Float64Array.from([0, durationS]), rate: Float64Array.from([mmPerHour * mmh, 0]) };
}

/** A hyetograph CSV: header `start_s,intensity_mm_h` (blocks; the last block lasts as long as the one before). */
export function readHyetograph(path: string): Hyetograph {
  const t: number[] = [];
  const r: number[] = [];
  for (const { line, cells } of readCsvTable(path, ["start_s", "intensity_mm_h"])) {
    const ts = numberAt(path, line, cells[0], "start_s");
    const i = numberAt(path, line, cells[1], "intensity_mm_h");
    if (i < 0) throw new Error(`${path}:${line}: intensity_mm_h is negative (${i})`);
    if (t.length && ts <= t[t.length - 1]) throw new Error(`${path}:${line}: start_s ${ts} does not follow ${t[t.length - 1]}`);
    t.push(ts);
    r.push(i * mmh);
  }
  if (t.length === 0) throw new Error(`${path}: no rain blocks`);
  const step = t.length > 1 ? t[t.length - 1] - t[t.length - 2] : 3600;
  return { t: Float64Array.from([...t, t[t.length - 1] + step]), rate: Float64Array.from([...r, 0]) };
}

/** Rain as rasters: CSV `start_s,raster` (mm/h rasters; paths relative to the CSV; `none` for no rain). */
export function isRainRasterList(path: string): boolean {
  return lines(path)[0].split(",").map((c) => c.trim()).join(",") === "start_s,raster";
}

export function readRainRasters(path: string): { t: number[]; rasters: (string | null)[] } {
  const t: number[] = [];
  const rasters: (string | null)[] = [];
  for (const { line, cells } of readCsvTable(path, ["start_s", "raster"])) {
    const ts = numberAt(path, line, cells[0], "start_s");
    if (t.length && ts <= t[t.length - 1]) throw new Error(`${path}:${line}: start_s ${ts} does not follow ${t[t.length - 1]}`);
    if (!cells[1]) throw new Error(`${path}:${line}: no raster (write 'none' for a dry interval)`);
    t.push(ts);
    rasters.push(cells[1] === "none" ? null : join(dirname(path), cells[1]));
  }
  if (t.length === 0) throw new Error(`${path}: no rain rasters listed`);
  return { t, rasters };
}

export interface InflowPoint {
  id: string;
  x: number;
  y: number;
  radius: number;
  /** a polyline instead of a point: the discharge is shared by the cells it crosses */
  line?: [number, number][];
  /** a stretch of a domain edge (LISFLOOD-FP N/S/E/W lines) */
  edge?: { side: "N" | "S" | "E" | "W"; from: number; to: number };
  /** m³/s over time */
  t: number[];
  q: number[];
}

function readCsvTable(path: string, expected: string[]): { line: number; cells: string[] }[] {
  const table = readTable(path, { delimiter: "," });
  if (expected.some((c, i) => table.columns[i] !== c)) throw new Error(`${path}: expected the header '${expected.join(",")}', found '${table.columns.join(",")}'`);
  return table.rows.map((cells, k) => ({ line: table.lines[k], cells }));
}

/** LISFLOOD-FP .bdy: comment line, then blocks of `name`, `<n> seconds|hours`, n lines `value time`. */
function readBdy(path: string): Map<string, { t: number[]; v: number[] }> {
  const rows = lines(path);
  const out = new Map<string, { t: number[]; v: number[] }>();
  let i = 1;
  while (i < rows.length) {
    const name = rows[i].trim();
    if (!name) {
      i++;
      continue;
    }
    const head = (rows[i + 1] ?? "").trim().split(/\s+/);
    const n = Number(head[0]);
    const unit = head[1] === "hours" ? 3600 : head[1] === "minutes" ? 60 : 1;
    if (!Number.isInteger(n)) throw new Error(`${path}:${i + 2}: expected '<count> seconds|hours' after series '${name}'`);
    const t: number[] = [];
    const v: number[] = [];
    for (let k = 0; k < n; k++) {
      const [a, b] = (rows[i + 2 + k] ?? "").trim().split(/\s+/);
      v.push(numberAt(path, i + 3 + k, a, "value"));
      t.push(numberAt(path, i + 3 + k, b, "time") * unit);
    }
    checkIncreasing(t, (k) => `${path}:${i + 3 + k}: series '${name}'`, "time (s)");
    out.set(name, { t, v });
    i += 2 + n;
  }
  return out;
}

/**
 * A LISFLOOD-FP boundary line `N|S|E|W <from> <to> QVAR <name>|QFIX <q>`: an inflow along that edge
 * of the domain between two coordinates (x for N/S, y for E/W), q in m²/s per unit width.
 */
function bciEdge(path: string, line: number, f: string[], series: Map<string, { t: number[]; v: number[] }>, seriesPath: string): InflowPoint {
  const a = numberAt(path, line, f[1], "from");
  const b = numberAt(path, line, f[2], "to");
  if (f[3] !== "QVAR" && f[3] !== "QFIX") throw new Error(`${path}:${line}: only inflows QVAR|QFIX are read on edges, found '${f[3]}'`);
  const width = Math.abs(b - a);
  const s = f[3] === "QFIX" ? { t: [0], v: [numberAt(path, line, f[4], "q")] } : series.get(f[4]);
  if (!s) throw new Error(`${path}:${line}: series '${f[4]}' is not in ${seriesPath}`);
  return { id: `${f[0]}${line}`, x: NaN, y: NaN, radius: 0, edge: { side: f[0] as "N" | "S" | "E" | "W", from: Math.min(a, b), to: Math.max(a, b) }, t: s.t, q: s.v.map((v) => v * width) };
}

/** Inflow points from CSV (+ series CSV), one YAML file, or a LISFLOOD-FP .bci (+ .bdy). */
export function readInflows(path: string, seriesPath: string | undefined, cellSize: number): InflowPoint[] {
  const ext = extname(path).toLowerCase();
  if (ext === ".bci") {
    if (!seriesPath) throw new Error(`${path}: a .bci file needs its .bdy series (--inflow-series)`);
    const series = readBdy(seriesPath);
    return lines(path)
      .map((row, k) => ({ k, f: row.trim().split(/\s+/) }))
      .filter(({ f }) => ["P", "N", "S", "E", "W"].includes(f[0]))
      .map(({ k, f }) => {
        if (f[0] !== "P") return bciEdge(path, k + 1, f, series, seriesPath);
        if (f[3] !== "QVAR" && f[3] !== "QFIX") throw new Error(`${path}:${k + 1}: only point sources P … QVAR|QFIX are read, found '${f[3]}'`);
        const x = numberAt(path, k + 1, f[1], "x");
        const y = numberAt(path, k + 1, f[2], "y");
        // LISFLOOD-FP point sources are m²/s per unit width: × the cell width gives m³/s
        if (f[3] === "QFIX") {
          const q = numberAt(path, k + 1, f[4], "q") * cellSize;
          return { id: `P${k + 1}`, x, y, radius: 0, t: [0], q: [q] };
        }
        const s = series.get(f[4]);
        if (!s) throw new Error(`${path}:${k + 1}: series '${f[4]}' is not in ${seriesPath}`);
        return { id: `P${k + 1}`, x, y, radius: 0, t: s.t, q: s.v.map((v) => v * cellSize) };
      });
  }
  if (ext === ".yml" || ext === ".yaml") {
    const doc = parse(readFileSync(path, "utf8")) as {
      points?: { id: string; x: number; y: number; radius_m?: number; hydrograph: [number, number][] }[];
      lines?: { id: string; vertices: [number, number][]; hydrograph: [number, number][] }[];
    };
    if (!doc?.points?.length && !doc?.lines?.length)
      throw new Error(`${path}: expected 'points:' (id, x, y, radius_m, hydrograph: [[time_s, q_m3s], …]) or 'lines:' (id, vertices: [[x, y], …], hydrograph)`);
    const hydrograph = (h: unknown, id: string) => {
      if (!Array.isArray(h) || h.length === 0 || h.some((r) => !Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite)))
        throw new Error(`${path}: inflow ${id} needs hydrograph: [[time_s, q_m3s], …]`);
      const t = h.map((r) => r[0] as number);
      checkIncreasing(t, (k) => `${path}: inflow ${id}, hydrograph row ${k + 1}`, "time_s");
      return { t, q: h.map((r) => r[1] as number) };
    };
    const points: InflowPoint[] = (doc.points ?? []).map((p, k) => ({ id: String(p.id ?? k + 1), x: p.x, y: p.y, radius: p.radius_m ?? 0, ...hydrograph(p.hydrograph, String(p.id ?? k + 1)) }));
    const polylines: InflowPoint[] = (doc.lines ?? []).map((l, k) => {
      const id = String(l.id ?? `line${k + 1}`);
      if (!Array.isArray(l.vertices) || l.vertices.length < 2 || l.vertices.some((v) => !Array.isArray(v) || v.length !== 2 || !v.every(Number.isFinite)))
        throw new Error(`${path}: line ${id} needs vertices: [[x, y], [x, y], …] (two or more)`);
      return { id, x: l.vertices[0][0], y: l.vertices[0][1], radius: 0, line: l.vertices, ...hydrograph(l.hydrograph, id) };
    });
    return [...points, ...polylines];
  }
  const points = readCsvTable(path, ["id", "x", "y", "radius_m"]).map(({ line, cells }) => ({
    id: cells[0],
    x: numberAt(path, line, cells[1], "x"),
    y: numberAt(path, line, cells[2], "y"),
    radius: numberAt(path, line, cells[3], "radius_m"),
    t: [] as number[],
    q: [] as number[],
  }));
  if (!seriesPath) throw new Error(`${path}: inflow points need their hydrographs (--inflow-series with id,time_s,q_m3s)`);
  for (const { line, cells } of readCsvTable(seriesPath, ["id", "time_s", "q_m3s"])) {
    const p = points.find((x) => x.id === cells[0]);
    if (!p) throw new Error(`${seriesPath}:${line}: no inflow point '${cells[0]}' in ${path}`);
    const t = numberAt(seriesPath, line, cells[1], "time_s");
    if (p.t.length && !(t > p.t[p.t.length - 1]))
      throw new Error(`${seriesPath}:${line}: time_s ${t} of inflow '${p.id}' does not follow ${p.t[p.t.length - 1]}; the times of a hydrograph must increase`);
    p.t.push(t);
    p.q.push(numberAt(seriesPath, line, cells[2], "q_m3s"));
  }
  for (const p of points) if (p.t.length === 0) throw new Error(`${seriesPath}: no hydrograph for inflow point '${p.id}'`);
  return points;
}

export interface GaugePoint {
  id: string;
  x: number;
  y: number;
}

/** Gauge points: CSV id,x,y, or a LISFLOOD-FP .stage file (a count, then x y per line; ids 1…n). */
export function readGauges(path: string): GaugePoint[] {
  if (extname(path).toLowerCase() === ".stage") {
    const rows = lines(path).map((l) => l.trim()).filter(Boolean);
    const count = numberAt(path, 1, rows[0], "point count");
    if (rows.length - 1 < count) throw new Error(`${path}: says ${count} points but lists ${rows.length - 1}`);
    return rows.slice(1, count + 1).map((row, k) => {
      const [x, y] = row.split(/\s+/);
      return { id: String(k + 1), x: numberAt(path, k + 2, x, "x"), y: numberAt(path, k + 2, y, "y") };
    });
  }
  return readCsvTable(path, ["id", "x", "y"]).map(({ line, cells }) => ({ id: cells[0], x: numberAt(path, line, cells[1], "x"), y: numberAt(path, line, cells[2], "y") }));
}
