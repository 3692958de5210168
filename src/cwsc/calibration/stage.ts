// One calibration stage (a model alone, or the joint calibration) over all basins: SCE-UA in this
// thread, or split over worker threads by basin. Each basin keeps its own random stream, so the
// result is the same for any number of workers.
import { Worker } from "node:worker_threads";
import { MonthlyBasin } from "../data/basin.js";
import { modelByName } from "../models/registry.js";
import { ForcingSet, forcingSet } from "../models/simulate.js";
import { Bounds, Objective, jointObjective, singleObjective } from "./objective.js";
import { SceOptions, SceResult, sceua } from "./sceua.js";

/** What a worker needs to rebuild the objective: plain data only. */
export interface ObjectiveSpec {
  kind: "single" | "joint";
  models: string[];
  warmUp: number;
  /** per model, per parameter */
  bounds: Bounds[][];
  capacity: Bounds;
}

export type SceSettings = Omit<SceOptions, "onLoop" | "shouldStop" | "streams">;

export function objectiveOf(spec: ObjectiveSpec, forcing: ForcingSet): Objective {
  const models = spec.models.map(modelByName);
  return spec.kind === "single" ? singleObjective(models[0], forcing, spec.warmUp, spec.bounds[0]) : jointObjective(models, forcing, spec.warmUp, spec.bounds, spec.capacity);
}

export interface WorkerJob {
  spec: ObjectiveSpec;
  basins: { name: string; p: Float64Array; pet: Float64Array; q: Float64Array }[];
  streams: number[];
  sce: SceSettings;
  /** Int32 cells: [0] stop flag, [1 + w] evaluations done by worker w */
  shared: SharedArrayBuffer;
  index: number;
}

export function runJob(job: WorkerJob): SceResult {
  const forcing = forcingSet(job.basins);
  const objective = objectiveOf(job.spec, forcing);
  const flags = new Int32Array(job.shared);
  return sceua(job.basins.length, objective.space.lower, objective.space.upper, (who, x) => objective.loss(who, x), {
    ...job.sce,
    streams: job.streams,
    onLoop: (evaluations) => Atomics.store(flags, 1 + job.index, evaluations.reduce((a, b) => a + b, 0)),
    shouldStop: () => Atomics.load(flags, 0) === 1,
  });
}

/** Splits basins into `parts` chunks of about equal work (months), keeping their order within each. */
export function chunks(basins: MonthlyBasin[], parts: number): number[][] {
  const order = basins.map((_, i) => i).sort((a, b) => basins[b].p.length - basins[a].p.length || a - b);
  const out = Array.from({ length: parts }, () => [] as number[]);
  const load = new Array(parts).fill(0);
  for (const i of order) {
    const k = load.indexOf(Math.min(...load));
    out[k].push(i);
    load[k] += basins[i].p.length;
  }
  return out.map((c) => c.sort((a, b) => a - b)).filter((c) => c.length > 0);
}

export interface StageProgress {
  update(evaluations: number): void;
  stopRequested(): boolean;
}

/** Runs the stage on `workers` threads (1: here) and returns the result in basin order. */
/** `water`: the models' water input per basin (after the snow store), else the precipitation. */
export async function runSce(spec: ObjectiveSpec, basins: MonthlyBasin[], sce: SceSettings, workers: number, progress: StageProgress, water?: Float64Array[]): Promise<SceResult> {
  const shared = new SharedArrayBuffer(4 * (1 + Math.max(1, workers)));
  const flags = new Int32Array(shared);
  const series = basins.map((b, i) => ({ name: b.id, p: water ? water[i] : b.p, pet: b.pet, q: b.q }));
  const parts = chunks(basins, Math.max(1, Math.min(workers, basins.length)));
  const poll = () => {
    let done = 0;
    for (let w = 0; w < parts.length; w++) done += Atomics.load(flags, 1 + w);
    progress.update(done);
    if (progress.stopRequested()) Atomics.store(flags, 0, 1);
  };
  if (parts.length === 1) {
    const objective = objectiveOf(spec, forcingSet(series));
    return sceua(basins.length, objective.space.lower, objective.space.upper, (who, x) => objective.loss(who, x), {
      ...sce,
      onLoop: (evaluations) => progress.update(evaluations.reduce((a, b) => a + b, 0)),
      shouldStop: () => progress.stopRequested(),
    });
  }
  const timer = setInterval(poll, 500);
  try {
    const results = await Promise.all(
      parts.map(
        (part, w) =>
          new Promise<SceResult>((resolvePart, reject) => {
            const job: WorkerJob = { spec, basins: part.map((i) => series[i]), streams: part, sce, shared, index: w };
            const worker = new Worker(new URL("./stage-worker.js", import.meta.url), { workerData: job });
            worker.once("message", (r: SceResult) => resolvePart(r));
            worker.once("error", reject);
            worker.once("exit", (code) => code !== 0 && reject(new Error(`calibration worker ${w + 1} stopped with exit code ${code}`)));
          }),
      ),
    );
    poll();
    const n = basins.length;
    const k = results[0].best.length;
    const merged: SceResult = {
      best: Array.from({ length: k }, () => new Float64Array(n)),
      bestLoss: new Float64Array(n),
      evaluations: new Int32Array(n),
      loops: new Int32Array(n),
      reason: new Array(n),
    };
    parts.forEach((part, w) =>
      part.forEach((i, j) => {
        for (let p = 0; p < k; p++) merged.best[p][i] = results[w].best[p][j];
        merged.bestLoss[i] = results[w].bestLoss[j];
        merged.evaluations[i] = results[w].evaluations[j];
        merged.loops[i] = results[w].loops[j];
        merged.reason[i] = results[w].reason[j];
      }),
    );
    return merged;
  } finally {
    clearInterval(timer);
  }
}
