// How the depth below which speeds are not counted (velocity_depth_threshold) changes Merewether's
// maximum-velocity field: 99th percentile and maximum over wet cells, and speckles (cells above
// 5 m/s beside an open cell below 2 m/s), for the current rule and 0.01 … 0.1 m. Peak stages at
// the five observation points must not change. Writes max-velocity PNGs to compare by eye.
//   node dist/bench/flood/velocity-threshold.js [out-dir]
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { floodSchema, FloodConfig } from "../../src/flood/config.js";
import { floodInput } from "../../src/flood/case.js";
import { simulate } from "../../src/flood/engine.js";
import { loadConfig } from "../../src/util/config.js";
import { renderRaster } from "../../src/viz/raster-png.js";
import { writeFileAtomic } from "../../src/util/atomic-write.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const example = join(root, "examples", "flood", "merewether.yml");
const out = resolve(process.argv[2] ?? join(root, "runs", "flood", "velocity-threshold"));
mkdirSync(out, { recursive: true });
const cfg = loadConfig(example, floodSchema);
const at = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : join(dirname(example), p));
const base: FloodConfig = {
  ...cfg,
  dem: at(cfg.dem)!,
  buildings: at(cfg.buildings),
  inflow: at(cfg.inflow),
  gauges: at(cfg.gauges),
  manning_zones: cfg.manning_zones.map((z) => ({ ...z, vector: at(z.vector)! })),
  threads: 2,
};

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// 0.01 m is the wet threshold: every wet cell counts, as before the threshold existed
const thresholds = [0.01, 0.03, 0.05, 0.1];
let reference: Float64Array[] | null = null;
console.log("threshold_m | p99 m/s | p99.9 m/s | max m/s | cells > 5 m/s | speckles (> 5 beside open < 2) | speckles beside wet < 2 | p99 hazard | max hazard | peak stages");
for (const t of thresholds) {
  const c = floodInput({ ...base, velocity_depth_threshold: t });
  const r = simulate(c.input);
  const { width: W, height: H } = c.grid;
  const v = r.maxVelocity, d = r.maxDepth, open = (i: number) => !c.input.blocked[i];
  const wet: number[] = [];
  const hazard: number[] = [];
  let fast = 0, speckles = 0, speckledWet = 0;
  for (let i = 0; i < W * H; i++) {
    if (!open(i) || !(d[i] > cfg.wet_threshold)) continue;
    wet.push(v[i]);
    hazard.push(r.maxHazard[i]);
    if (v[i] <= 5) continue;
    fast++;
    const col = i % W, row = Math.floor(i / W);
    const around = [col > 0 ? i - 1 : -1, col < W - 1 ? i + 1 : -1, row > 0 ? i - W : -1, row < H - 1 ? i + W : -1].filter((j) => j >= 0 && open(j));
    if (around.some((j) => v[j] < 2)) speckles++;
    if (around.some((j) => v[j] < 2 && d[j] > cfg.wet_threshold)) speckledWet++;
  }
  // peak water level at the gauges, to be the same for every threshold
  const stages = c.gauges.map((_, j) => Math.max(...r.gaugeDepths.map((g) => g[j])) + c.input.z[c.input.gauges![j]]);
  if (!reference) reference = r.gaugeDepths;
  const same = r.gaugeDepths.every((g, k) => g.every((x, j) => x === reference![k][j]));
  const label = t === undefined ? "unset (wet 0.01)" : t.toFixed(2);
  console.log(
    [label, percentile(wet, 99).toFixed(2), percentile(wet, 99.9).toFixed(2), Math.max(...wet).toFixed(2), fast, speckles, speckledWet, percentile(hazard, 99).toFixed(2), Math.max(...hazard).toFixed(2), `${stages.map((s) => s.toFixed(3)).join(" ")}${same ? " (gauge depths identical)" : " (GAUGE DEPTHS DIFFER)"}`].join(" | "),
  );
  writeFileAtomic(
    join(out, `max_velocity_${t === undefined ? "unset" : t.toFixed(2)}.png`),
    renderRaster({ name: "max velocity", type: "Float32", nodata: null, data: Float32Array.from(v, (x, i) => (open(i) && d[i] > cfg.wet_threshold ? x : NaN)) }, W, H, {
      colormap: "velocity",
      title: `Merewether max velocity, speeds where depth > ${t === undefined ? "0.01 (wet)" : t} m`,
      units: "m/s",
      range: [0, 6],
    }),
  );
}
console.log(`pictures in ${out}`);
