// `catchment flood simulate|storm` on the capability shape.
import type { Command } from "commander";
import { z } from "zod";
import { writeFileAtomic } from "../util/atomic-write.js";
import { durationSchema } from "../util/duration.js";
import { readTable, requiredNumbers, toCsv } from "../util/table.js";
import { RunFolder } from "../util/run-folder.js";
import { floodSchema } from "../flood/config.js";
import { runFloodCase } from "../flood/case.js";
import { designStorm, Idf, parseIdf, stormChartSeries, stormCsvRows } from "../flood/storm.js";
import { writeLineChart } from "../viz/chart.js";
import { addCapabilityCommand, numberOption } from "./capability.js";

/** The keys of a flood config that hold paths (relative to the config file). */
export const floodPathKeys = ["dem", "buildings", "rain", "inflow", "inflow_series", "gauges", "out", "manning_zones.*.vector"] as const;

const n = (flag: string) => numberOption(flag);

const stormSchema = z
  .object({
    duration: durationSchema,
    step: durationSchema,
    idf: z.string().optional(),
    idf_table: z.string().optional(),
    out: z.string().regex(/\.csv$/i, "expected a .csv file name"),
  })
  .strict()
  .refine((s) => (s.idf === undefined) !== (s.idf_table === undefined), { message: "give one of --idf a,b,c and --idf-table", path: ["idf"] });

function readIdfTable(path: string): Idf {
  const t = readTable(path, { delimiter: "," });
  return { durations_min: Array.from(requiredNumbers(t, "duration_min")), intensities_mm_h: Array.from(requiredNumbers(t, "intensity_mm_h")) };
}

export function registerFlood(program: Command): void {
  const flood = program.command("flood").description("pluvial and fluvial flood simulation on a raster (local-inertial shallow water)");
  addCapabilityCommand(flood, {
    name: "simulate",
    description: "simulate rain and inflows on a DEM; writes max_depth/max_velocity/max_hazard/time_of_max GeoTIFFs, summary.json, max_depth.png, config.yml and run.json",
    schema: floodSchema,
    config: "optional",
    pathKeys: floodPathKeys,
    common: ["threads"],
    options: [
      { flags: "--dem <raster>", description: "DEM in a projected CRS in metres" },
      { flags: "--buildings <vector|raster>", description: "building footprints (vector) or heights (raster)" },
      { flags: "--buildings-where <sql>", description: "filter for the footprints, e.g. \"used_in_anuga_run = 1\"" },
      { flags: "--building-height <m>", description: "height buildings are raised by (default 5)", parse: n("--building-height") },
      { flags: "--building-height-attribute <field>", description: "take heights from this attribute, the default height where it is missing" },
      { flags: "--buildings-as <mode>", description: "raised|walls (walls: no-flow cells whose roof rain is reported, not added)" },
      { flags: "--rain <mm/h|csv>", description: "constant intensity in mm/h, a hyetograph CSV (start_s,intensity_mm_h), or a CSV of rain-rate rasters (start_s,raster; mm/h)" },
      { flags: "--rain-duration <d>", description: "how long a constant rain lasts (default: the whole run)" },
      { flags: "--duration <d>", description: "simulated time, e.g. 2h" },
      { flags: "--manning <n>", description: "Manning's n (default 0.03)", parse: n("--manning") },
      { flags: "--infiltration <mm/h>", description: "constant infiltration loss", parse: n("--infiltration") },
      { flags: "--drainage <mm/h>", description: "drainage capacity", parse: n("--drainage") },
      {
        flags: "--green-ampt <ks,suction,deficit>",
        description: "Green-Ampt infiltration: Ks (mm/h), suction head (mm), moisture deficit (0–1)",
        parse: (t: string) => {
          const v = t.split(",").map(Number);
          if (v.length !== 3 || !v.every(Number.isFinite)) throw new Error(`--green-ampt: expected Ks_mm_h,suction_mm,moisture_deficit, got '${t}'`);
          return { ks_mm_h: v[0], suction_mm: v[1], moisture_deficit: v[2] };
        },
      },
      { flags: "--solver <name>", description: "inertial (Bates et al. 2010, default) or wca2d (Guidolin et al. 2016)" },
      { flags: "--boundary <kind>", description: "free|closed|fixed (default free)" },
      { flags: "--boundary-level <m>", description: "water level outside, for --boundary fixed", parse: n("--boundary-level") },
      { flags: "--inflow <file>", description: "inflows: CSV id,x,y,radius_m; YAML points and lines; or LISFLOOD-FP .bci (P and N/S/E/W lines)" },
      { flags: "--inflow-series <file>", description: "hydrographs: CSV id,time_s,q_m3s, or LISFLOOD-FP .bdy" },
      { flags: "--gauges <csv>", description: "points id,x,y whose depth and level go to gauges.csv" },
      { flags: "--save-interval <d>", description: "also write depth snapshots this often" },
      { flags: "--resolution <m>", description: "block-average the DEM to this cell size first", parse: n("--resolution") },
      { flags: "--velocity-depth <m>", key: "velocity_depth_threshold", description: "speeds (and the hazard's speed term) count only where the depth exceeds this", parse: n("--velocity-depth") },
      { flags: "--out <dir>", description: "output folder" },
    ],
    run(cfg, ctx) {
      const c = { ...cfg, threads: ctx.threads };
      const started = new Date();
      const { summary } = runFloodCase(c, { progress: true });
      // recorded once the outputs are written, so a run that fails leaves an existing folder as it was
      RunFolder.start(cfg.out, { config: c, command: ctx.command, threads: ctx.threads, device: "cpu", started }).finish("complete");
      const mb = summary.mass_balance as { error_percent: number };
      console.log(
        `${cfg.out}: max depth ${(summary.max_depth_m as number).toFixed(3)} m, ${summary.time_steps} steps, ${((summary.cell_updates_per_second as number) / 1e6).toFixed(1)} M cell-updates/s on ${summary.threads} thread${summary.threads === 1 ? "" : "s"}, mass balance error ${mb.error_percent.toExponential(2)} %`,
      );
    },
  });

  addCapabilityCommand(flood, {
    name: "storm",
    description: "a design-storm hyetograph by the alternate-block method from IDF parameters i = a/(t+b)^c (t in min, i in mm/h) or a table",
    schema: stormSchema,
    config: "none",
    pathKeys: ["idf_table", "out"],
    options: [
      { flags: "--duration <d>", description: "storm duration, e.g. 1h" },
      { flags: "--step <d>", description: "block length, e.g. 5m" },
      { flags: "--idf <a,b,c>", description: "IDF parameters a,b,c" },
      { flags: "--idf-table <csv>", description: "IDF table with columns duration_min,intensity_mm_h" },
      { flags: "--out <csv>", description: "hyetograph CSV (start_s,intensity_mm_h); a PNG is written beside it" },
    ],
    run(o) {
      const idf = o.idf !== undefined ? parseIdf(o.idf, "--idf") : readIdfTable(o.idf_table as string);
      const storm = designStorm(idf, o.duration, o.step);
      writeFileAtomic(o.out, toCsv(["start_s", "intensity_mm_h"], stormCsvRows(storm)));
      writeLineChart(o.out.replace(/\.csv$/i, "") + ".png", [{ label: "intensity", ...stormChartSeries(storm) }], {
        title: "Design storm (alternate block)",
        xLabel: "time (min)",
        yLabel: "intensity (mm/h)",
      });
      console.log(`${o.out}: ${storm.blocks.length} block${storm.blocks.length === 1 ? "" : "s"} of ${storm.step_s / 60} min, peak ${storm.peak_mm_h.toFixed(1)} mm/h, total ${storm.total_mm.toFixed(1)} mm`);
    },
  });
}
