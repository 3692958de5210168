import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { writeFileAtomic } from "../util/atomic-write.js";
import { loadConfig, validateConfig } from "../util/config.js";
import { parseDuration } from "../util/duration.js";
import { toCsv } from "../util/csv.js";
import { floodSchema, FloodConfig } from "../flood/config.js";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { runFloodCase } from "../flood/case.js";
import { alternateBlock, Idf } from "../flood/storm.js";
import { writeLineChart } from "../viz/chart.js";

const num = (what: string) => (t: string) => {
  const v = Number(t);
  if (!Number.isFinite(v)) throw new Error(`${what}: expected a number, got '${t}'`);
  return v;
};

/** Paths in a config file are relative to the file; options given on the command line replace them as they are. */
function relativeTo(dir: string, cfg: FloodConfig, overrides: Record<string, unknown>): FloodConfig {
  const at = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : join(dir, p));
  const resolved: FloodConfig = {
    ...cfg,
    dem: at(cfg.dem) as string,
    buildings: at(cfg.buildings),
    rain: typeof cfg.rain === "string" ? at(cfg.rain) : cfg.rain,
    inflow: at(cfg.inflow),
    inflow_series: at(cfg.inflow_series),
    gauges: at(cfg.gauges),
    out: at(cfg.out) as string,
    manning_zones: cfg.manning_zones.map((z) => ({ ...z, vector: at(z.vector) as string })),
  };
  return validateConfig("command line", { ...resolved, ...overrides }, floodSchema);
}

export function registerFlood(program: Command): void {
  const flood = program.command("flood").description("pluvial and fluvial flood simulation on a raster (local-inertial shallow water)");
  flood
    .command("simulate")
    .description("simulate rain and inflows on a DEM; writes max_depth/max_velocity/max_hazard/time_of_max GeoTIFFs, summary.json and max_depth.png")
    .option("--config <yaml>", "the same keys as the options, in YAML (options given here override it)")
    .option("--dem <raster>", "DEM in a projected CRS in metres")
    .option("--buildings <vector|raster>", "building footprints (vector) or heights (raster)")
    .option("--buildings-where <sql>", "filter for the footprints, e.g. \"used_in_anuga_run = 1\"")
    .option("--building-height <m>", "height buildings are raised by (default 5)", num("--building-height"))
    .option("--building-height-attribute <field>", "take heights from this attribute, the default height where it is missing")
    .option("--buildings-as <mode>", "raised|walls (walls: no-flow cells whose roof rain is reported, not added)")
    .option("--rain <mm/h|csv>", "constant intensity in mm/h, a hyetograph CSV (start_s,intensity_mm_h), or a CSV of rain-rate rasters (start_s,raster; mm/h)")
    .option("--rain-duration <d>", "how long a constant rain lasts (default: the whole run)")
    .option("--duration <d>", "simulated time, e.g. 2h")
    .option("--manning <n>", "Manning's n (default 0.03)", num("--manning"))
    .option("--infiltration <mm/h>", "constant infiltration loss", num("--infiltration"))
    .option("--drainage <mm/h>", "drainage capacity", num("--drainage"))
    .option("--green-ampt <ks,suction,deficit>", "Green-Ampt infiltration: Ks (mm/h), suction head (mm), moisture deficit (0–1)", (t: string) => {
      const v = t.split(",").map(Number);
      if (v.length !== 3 || !v.every(Number.isFinite)) throw new Error(`--green-ampt: expected Ks_mm_h,suction_mm,moisture_deficit, got '${t}'`);
      return { ks_mm_h: v[0], suction_mm: v[1], moisture_deficit: v[2] };
    })
    .option("--solver <name>", "inertial (Bates et al. 2010, default) or wca2d (Guidolin et al. 2016)")
    .option("--boundary <kind>", "free|closed|fixed (default free)")
    .option("--boundary-level <m>", "water level outside, for --boundary fixed", num("--boundary-level"))
    .option("--inflow <file>", "inflows: CSV id,x,y,radius_m; YAML points and lines; or LISFLOOD-FP .bci (P and N/S/E/W lines)")
    .option("--inflow-series <file>", "hydrographs: CSV id,time_s,q_m3s, or LISFLOOD-FP .bdy")
    .option("--gauges <csv>", "points id,x,y whose depth and level go to gauges.csv")
    .option("--save-interval <d>", "also write depth snapshots this often")
    .option("--resolution <m>", "block-average the DEM to this cell size first", num("--resolution"))
    .option("--velocity-depth <m>", "speeds (and the hazard's speed term) count only where the depth exceeds this (default: the wet threshold, 0.01 m)", num("--velocity-depth"))
    .option("--threads <n>", "threads (default: all cores)", num("--threads"))
    .option("--out <dir>", "output folder")
    .action((o: Record<string, unknown>) => {
      const { config, ...rest } = o as { config?: string } & Record<string, unknown>;
      // commander's camelCase option names are the config's snake_case keys, but for a few shorter options
      const renamed: Record<string, string> = { velocity_depth: "velocity_depth_threshold" };
      const overrides = Object.fromEntries(
        Object.entries(rest)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => {
            const key = k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
            return [renamed[key] ?? key, v];
          }),
      );
      const cfg = config ? relativeTo(dirname(resolve(config)), loadConfig(config, floodSchema), overrides) : validateConfig("command line", overrides, floodSchema);
      const threads = cfg.threads ?? (Number(process.env.CATCHMENT_THREADS || 0) || undefined);
      const { summary } = runFloodCase({ ...cfg, threads: threads ?? availableParallelism() }, { progress: true });
      const mb = summary.mass_balance as { error_percent: number };
      console.log(`${cfg.out}: max depth ${(summary.max_depth_m as number).toFixed(3)} m, ${summary.time_steps} steps, ${((summary.cell_updates_per_second as number) / 1e6).toFixed(1)} M cell-updates/s, mass balance error ${mb.error_percent.toExponential(2)} %`);
    });

  flood
    .command("storm")
    .description("a design-storm hyetograph by the alternate-block method from IDF parameters i = a/(t+b)^c (t in min, i in mm/h) or a table")
    .requiredOption("--duration <d>", "storm duration, e.g. 1h")
    .requiredOption("--step <d>", "block length, e.g. 5m")
    .option("--idf <a,b,c>", "IDF parameters a,b,c")
    .option("--idf-table <csv>", "IDF table with columns duration_min,intensity_mm_h")
    .requiredOption("--out <csv>", "hyetograph CSV (start_s,intensity_mm_h); a PNG is written beside it")
    .action((o: { duration: string; step: string; idf?: string; idfTable?: string; out: string }) => {
      let idf: Idf;
      if (o.idf) {
        const p = o.idf.split(",").map(Number);
        if (p.length !== 3 || !p.every(Number.isFinite)) throw new Error(`--idf: expected a,b,c, got '${o.idf}'`);
        idf = { a: p[0], b: p[1], c: p[2] };
      } else if (o.idfTable) {
        const rows = readFileSync(o.idfTable, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
        if (rows.some((r) => r.length < 2 || !r.every(Number.isFinite))) throw new Error(`${o.idfTable}: expected rows duration_min,intensity_mm_h`);
        idf = { durations_min: rows.map((r) => r[0]), intensities_mm_h: rows.map((r) => r[1]) };
      } else throw new Error("give --idf a,b,c or --idf-table");
      const blocks = alternateBlock(idf, parseDuration(o.duration, "--duration") / 60, parseDuration(o.step, "--step") / 60);
      writeFileAtomic(o.out, toCsv(["start_s", "intensity_mm_h"], blocks.map((b) => [b.start_s, b.intensity_mm_h.toFixed(3)])));
      const png = o.out.replace(/\.csv$/i, "") + ".png";
      writeLineChart(png, [{ label: "intensity", x: blocks.flatMap((b) => [b.start_s / 60, (b.start_s + (blocks[1]?.start_s ?? 60)) / 60 - 1e-9]), y: blocks.flatMap((b) => [b.intensity_mm_h, b.intensity_mm_h]) }], {
        title: "Design storm (alternate block)",
        xLabel: "time (min)",
        yLabel: "intensity (mm/h)",
      });
      const total = blocks.reduce((s, b) => s + (b.intensity_mm_h * (blocks[1]?.start_s ?? 60)) / 3600, 0);
      console.log(`${o.out}: ${blocks.length} blocks, peak ${Math.max(...blocks.map((b) => b.intensity_mm_h)).toFixed(1)} mm/h, total ${total.toFixed(1)} mm`);
    });
}
