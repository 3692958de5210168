// The scenario a surrogate stands for: one storm on one kind of grid, simulated one way. The default
// is the seed's (2 m cells, 128 × 128 patches, the 1 h alternate-block storm, 5 h simulated, Manning
// 0.03, no infiltration, free boundaries, the local-inertial solver). A model records its scenario and
// answers only for it.
import { z } from "zod";
import { Hyetograph, SimulationInput } from "../flood/engine.js";
import { designStorm } from "../flood/storm.js";

export const scenarioSchema = z
  .object({
    cell_size_m: z.number().positive().default(2),
    patch_size: z.number().int().min(16).default(128),
    /** IDF i = a/(t + b)^c (t in min, i in mm/h) and the alternate-block storm made from it */
    storm: z
      .object({ idf: z.tuple([z.number().positive(), z.number().nonnegative(), z.number().positive()]), duration_s: z.number().positive(), step_s: z.number().positive() })
      .strict()
      .default({ idf: [1800, 12, 0.85], duration_s: 3600, step_s: 300 }),
    duration_s: z.number().positive().default(5 * 3600),
    manning: z.number().positive().default(0.03),
    infiltration_mm_h: z.number().nonnegative().default(0),
    boundary: z.enum(["free", "closed"]).default("free"),
    solver: z.enum(["inertial", "wca2d"]).default("inertial"),
    /** height of buildings given as a 0/1 mask */
    building_height_m: z.number().positive().default(5),
    /** speeds count only where the depth exceeds this (wetting-front speckles of q/h) */
    velocity_depth_threshold_m: z.number().nonnegative().default(0.05),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;

export const defaultScenario: Scenario = scenarioSchema.parse({});

export function scenarioStorm(s: Scenario): Hyetograph & { total_mm: number; peak_mm_h: number } {
  const [a, b, c] = s.storm.idf;
  const storm = designStorm({ a, b, c }, s.storm.duration_s, s.storm.step_s);
  const t = [...storm.blocks.map((k) => k.start_s), s.storm.duration_s];
  const rate = [...storm.blocks.map((k) => k.intensity_mm_h / 3.6e6), 0];
  return { t: Float64Array.from(t), rate: Float64Array.from(rate), total_mm: storm.total_mm, peak_mm_h: storm.peak_mm_h };
}

/** One line that says which scenario an answer is for. */
export function describeScenario(s: Scenario): string {
  const st = scenarioStorm(s);
  return `${s.cell_size_m} m cells, ${(s.storm.duration_s / 60).toFixed(0)} min alternate-block storm (IDF ${s.storm.idf.join(",")}: ${st.total_mm.toFixed(1)} mm, peak ${st.peak_mm_h.toFixed(0)} mm/h), ${(s.duration_s / 3600).toFixed(1)} h simulated, Manning ${s.manning}, ${s.infiltration_mm_h ? `infiltration ${s.infiltration_mm_h} mm/h` : "no infiltration"}, ${s.boundary} boundaries, ${s.solver === "inertial" ? "local-inertial" : "WCA2D"} solver`;
}

/**
 * The simulator's input for ground elevations and building heights (m above ground, 0 = none) on a
 * grid of the scenario's cells: buildings raised by their height (their roofs take rain, which runs
 * off), non-finite ground closed.
 */
export function scenarioInput(s: Scenario, width: number, height: number, ground: ArrayLike<number>, buildings: ArrayLike<number>, threads = 1): SimulationInput {
  const n = width * height;
  if (ground.length !== n || buildings.length !== n) throw new RangeError(`scenario input: ${ground.length} ground and ${buildings.length} building values for a ${width}×${height} grid`);
  const z = new Float64Array(n);
  const blocked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(ground[i])) z[i] = ground[i] + (buildings[i] > 0 ? buildings[i] : 0);
    else blocked[i] = 1;
  }
  return {
    width,
    height,
    dx: s.cell_size_m,
    z,
    blocked,
    manning: new Float64Array(n).fill(s.manning),
    rain: scenarioStorm(s),
    lossRate: s.infiltration_mm_h / 3.6e6,
    boundary: s.boundary,
    duration: s.duration_s,
    solver: s.solver,
    velocityDepthThreshold: s.velocity_depth_threshold_m,
    threads,
  };
}
