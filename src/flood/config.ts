import { z } from "zod";
import { durationSchema as duration } from "../util/duration.js";

// a number, also written as text (rain: "20", --rain 20), is an intensity in mm/h; other text names a file
const numberText = (v: unknown) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);
const rain = z.preprocess(
  numberText,
  z.union([
    z.number().refine((v) => v >= 0, { error: (i) => `${i.input} mm/h is a negative intensity; expected an intensity ≥ 0 mm/h, a hyetograph CSV or a list of rain rasters` }),
    z.string(),
  ]),
);

export const floodSchema = z
  .object({
    dem: z.string(),
    buildings: z.string().optional(),
    buildings_where: z.string().optional(),
    building_height: z.number().nonnegative().default(5),
    building_height_attribute: z.string().optional(),
    buildings_as: z.enum(["raised", "walls"]).default("raised"),
    rain: rain.optional(),
    rain_duration: duration.optional(),
    duration,
    manning: z.number().positive().default(0.03),
    manning_zones: z.array(z.object({ vector: z.string(), n: z.number().positive(), where: z.string().optional() }).strict()).default([]),
    infiltration: z.number().nonnegative().default(0),
    drainage: z.number().nonnegative().default(0),
    green_ampt: z
      .object({
        ks_mm_h: z.number().positive(),
        suction_mm: z.number().nonnegative(),
        moisture_deficit: z.number().min(0).max(1),
        initial_mm: z.number().nonnegative().default(0),
      })
      .strict()
      .optional(),
    boundary: z.enum(["free", "closed", "fixed"]).default("free"),
    boundary_slope: z.number().positive().default(0.001),
    boundary_level: z.number().optional(),
    inflow: z.string().optional(),
    inflow_series: z.string().optional(),
    gauges: z.string().optional(),
    gauge_interval: duration.default(60),
    save_interval: duration.optional(),
    resolution: z.number().positive().optional(),
    threads: z.number().int().positive().optional(),
    solver: z.enum(["inertial", "wca2d"]).default("inertial"),
    alpha: z.number().positive().max(1).default(0.7),
    theta: z.number().min(0.5).max(1).default(0.9),
    max_dt: z.number().positive().default(10),
    depth_threshold: z.number().positive().default(0.001),
    wet_threshold: z.number().positive().default(0.01),
    /** speeds, and the speed term of the hazard, count only where the depth exceeds this (m); unset: wet_threshold */
    velocity_depth_threshold: z.number().positive().default(0.05),
    out: z.string(),
  })
  .strict();

export type FloodConfig = z.infer<typeof floodSchema>;
