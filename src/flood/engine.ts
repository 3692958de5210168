// The array-level simulator: the native local-inertial solver driven in chunks, with progress,
// gauges and Ctrl-C. File handling lives in case.ts.
import { native } from "../native/addon.js";
import { progressBar } from "../train/progress.js";
import { Interrupted, watchInterrupt } from "../util/interrupt.js";

export type Boundary = "closed" | "free" | "fixed";

export interface Hyetograph {
  /** start times of the blocks (s) and their rates (m/s); the last block ends the rain */
  t: Float64Array;
  rate: Float64Array;
}

export interface PointSource {
  cells: Int32Array;
  /** times (s) and discharge (m³/s), linear in between */
  t: Float64Array;
  q: Float64Array;
}

export interface FixedLevelCells {
  cells: Int32Array;
  t: Float64Array;
  level: Float64Array;
}

export interface SimulationInput {
  width: number;
  height: number;
  dx: number;
  /** bed elevation including raised buildings (m) */
  z: Float64Array;
  /** 1 where no water may flow (nodata holes, buildings as walls) */
  blocked: Uint8Array;
  manning: Float64Array;
  h0?: Float64Array;
  rain?: Hyetograph;
  /** infiltration plus drainage capacity (m/s) */
  lossRate?: number;
  /** Green-Ampt infiltration: saturated conductivity (m/s), suction head × moisture deficit (m), initial cumulative infiltration (m) */
  greenAmpt?: { ks: number; psiDeltaTheta: number; initial?: number };
  /** rain as rasters: from t[k] on, load(k) gives the rate per cell (m/s), null for none */
  rainFields?: { t: number[]; load: (k: number) => Float64Array | null };
  boundary?: Boundary;
  boundarySlope?: number;
  boundaryLevel?: number;
  sources?: PointSource[];
  fixed?: FixedLevelCells[];
  duration: number;
  /** "inertial": Bates et al. (2010) local inertial (default); "wca2d": the weighted cellular automaton of Guidolin et al. (2016) */
  solver?: "inertial" | "wca2d";
  alpha?: number;
  /** weight of a face's own previous flux against its neighbours' (de Almeida et al. 2012); 1 is Bates et al. 2010 */
  theta?: number;
  maxDt?: number;
  /** largest relative growth of the time step per step (the step falls at once) */
  dtGrowth?: number;
  depthThreshold?: number;
  wetThreshold?: number;
  /** speeds, and the speed term of the hazard rating, count only where the depth exceeds this (m); the wet threshold when unset */
  velocityDepthThreshold?: number;
  hazard?: { dfDepth: number; dfShallow: number; dfDeep: number };
  threads?: number;
  /** gauge cells, recorded every gaugeInterval seconds */
  gauges?: Int32Array;
  gaugeInterval?: number;
  /** called at these times (s) with the current depths, e.g. to save snapshots */
  snapshotTimes?: number[];
  onSnapshot?: (t: number, depth: Float64Array) => void;
  progress?: boolean;
}

export interface MassBalance {
  rain_m3: number;
  inflow_m3: number;
  fixed_level_net_m3: number;
  outflow_m3: number;
  losses_m3: number;
  initial_storage_m3: number;
  storage_m3: number;
  clipped_m3: number;
  error_percent: number;
}

export interface SimulationResult {
  maxDepth: Float32Array;
  maxVelocity: Float32Array;
  maxHazard: Float32Array;
  timeOfMax: Float32Array;
  depth: Float64Array;
  gaugeTimes: number[];
  gaugeDepths: Float64Array[];
  timeSteps: number;
  /** the Courant number the local-inertial time step used: α, capped by the θ-scheme's stability bound */
  courant: number;
  cellUpdates: number;
  wallSeconds: number;
  threads: number;
  massBalance: MassBalance;
}

export interface NativeSim {
  advance(tEnd: number, maxSteps?: number): { t: number; steps: number; hmax: number };
  field(name: "depth"): Float64Array;
  field(name: "maxDepth" | "maxVelocity" | "maxHazard" | "timeOfMax"): Float32Array;
  sample(cells: Int32Array): Float64Array;
  setRainField(rate: Float64Array | null): void;
  balance(): Omit<MassBalance, "error_percent"> & { t: number; steps: number; courant: number };
}

const FloodSim = (native as unknown as { FloodSim: new (o: object) => NativeSim }).FloodSim;

/** The native solver for these inputs, for callers that drive the time loop themselves (benchmarks). */
export function nativeSimulation(input: SimulationInput): NativeSim {
  const n = input.width * input.height;
  return new FloodSim({
    width: input.width,
    height: input.height,
    dx: input.dx,
    z: input.z,
    blocked: input.blocked,
    manning: input.manning,
    h0: input.h0 ?? new Float64Array(n),
    rain: input.rain ?? { t: new Float64Array(), rate: new Float64Array() },
    rainStepwise: true,
    lossRate: input.lossRate ?? 0,
    greenAmpt: input.greenAmpt ? { initial: 0, ...input.greenAmpt } : null,
    boundary: { closed: 0, free: 1, fixed: 2 }[input.boundary ?? "closed"],
    boundarySlope: input.boundarySlope ?? 0.001,
    boundaryLevel: input.boundaryLevel ?? 0,
    sources: input.sources ?? [],
    fixed: input.fixed ?? [],
    solver: input.solver ?? "inertial",
    alpha: input.alpha ?? 0.7,
    theta: input.theta ?? 0.9,
    dtGrowth: input.dtGrowth ?? 0.01,
    maxDt: input.maxDt ?? 10,
    depthThreshold: input.depthThreshold ?? 1e-3,
    wetThreshold: input.wetThreshold ?? 0.01,
    velocityDepth: input.velocityDepthThreshold ?? 0,
    dfDepth: input.hazard?.dfDepth ?? 0.25,
    dfShallow: input.hazard?.dfShallow ?? 0.5,
    dfDeep: input.hazard?.dfDeep ?? 1,
    threads: input.threads ?? 1,
  });
}

/** The volumes of a native run and the error of their balance, in % of the water that came in. */
export function massBalanceOf(b: ReturnType<NativeSim["balance"]>): MassBalance {
  const added = b.rain_m3 + b.inflow_m3 + Math.max(b.fixed_level_net_m3, 0) + b.initial_storage_m3;
  const residual = b.initial_storage_m3 + b.rain_m3 + b.inflow_m3 + b.fixed_level_net_m3 - b.outflow_m3 - b.losses_m3 - b.storage_m3;
  return {
    rain_m3: b.rain_m3,
    inflow_m3: b.inflow_m3,
    fixed_level_net_m3: b.fixed_level_net_m3,
    outflow_m3: b.outflow_m3,
    losses_m3: b.losses_m3,
    initial_storage_m3: b.initial_storage_m3,
    storage_m3: b.storage_m3,
    clipped_m3: b.clipped_m3,
    error_percent: added > 0 ? (100 * residual) / added : 0,
  };
}

export function simulate(input: SimulationInput): SimulationResult {
  const n = input.width * input.height;
  const threads = input.threads ?? 1;
  const sim = nativeSimulation(input);
  const gaugeTimes: number[] = [];
  const gaugeDepths: Float64Array[] = [];
  const gi = input.gaugeInterval ?? 60;
  const gaugeSet = new Set<number>();
  if (input.gauges) for (let t = 0; t <= input.duration + 1e-9; t += gi) gaugeSet.add(Math.min(t, input.duration));
  const snapshotSet = new Set((input.snapshotTimes ?? []).filter((t) => t <= input.duration));
  // chunks for the progress bar and Ctrl-C, plus every gauge and snapshot time
  const fields = input.rainFields;
  const switches = new Map((fields?.t ?? []).map((t, k) => [t, k] as const));
  const stops = new Set<number>([input.duration, ...gaugeSet, ...snapshotSet, ...[...switches.keys()].filter((t) => t > 0 && t < input.duration)]);
  const chunks = 200;
  for (let k = 1; k < chunks; k++) stops.add((input.duration * k) / chunks);
  const schedule = [...stops].sort((a, b) => a - b);

  const interrupt = watchInterrupt("stopping after this chunk");
  const bar = input.progress ? progressBar("simulate", Math.round(input.duration)) : null;
  const start = performance.now();
  try {
    if (fields) sim.setRainField(fields.t[0] <= 0 ? fields.load(0) : null);
    for (const t of schedule) {
      const r = t > 0 ? sim.advance(t) : { t: 0, steps: 0, hmax: 0 };
      const k = switches.get(t);
      if (fields && k !== undefined && t > 0) sim.setRainField(fields.load(k));
      if (input.gauges && gaugeSet.has(t)) {
        gaugeTimes.push(t);
        gaugeDepths.push(sim.sample(input.gauges));
      }
      if (snapshotSet.has(t)) input.onSnapshot?.(t, sim.field("depth"));
      bar?.update(Math.round(t), { steps: r.steps, "h max": r.hmax.toFixed(2) + " m" });
      if (interrupt.requested) throw new Interrupted(`interrupted at t = ${t.toFixed(0)} s; the maxima and summary were not written`);
    }
  } finally {
    bar?.stop();
    interrupt.release();
  }
  const wallSeconds = (performance.now() - start) / 1000;
  const b = sim.balance();
  const massBalance = massBalanceOf(b);
  return {
    maxDepth: sim.field("maxDepth"),
    maxVelocity: sim.field("maxVelocity"),
    maxHazard: sim.field("maxHazard"),
    timeOfMax: sim.field("timeOfMax"),
    depth: sim.field("depth"),
    gaugeTimes,
    gaugeDepths,
    timeSteps: b.steps,
    courant: b.courant,
    cellUpdates: b.steps * n,
    wallSeconds,
    threads,
    massBalance,
  };
}
