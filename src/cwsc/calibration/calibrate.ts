// `catchment cwsc calibrate`: every model alone, then jointly with one shared storage capacity,
// by SCE-UA on KGE for all basins at once. Each stage is kept in the run folder as it completes,
// so an interrupted calibration resumes where it stopped.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { toQuotedCsv as toCsv } from "../csv.js";
import { watchInterrupt, Interrupted } from "../../util/interrupt.js";
import { progressBar } from "../../train/progress.js";
import { median } from "../../metrics/index.js";
import { MonthlyBasin } from "../data/basin.js";
import { loadBasins } from "../data/load.js";
import { waterInput } from "../data/snow.js";
import { cellLat, cellLon } from "../data/lattice.js";
import { modelByName } from "../models/registry.js";
import { WaterBalanceModel, capacityIndex } from "../models/model.js";
import { ForcingSet, forcingSet } from "../models/simulate.js";
import { CalibrateConfig } from "./config.js";
import { Bounds, Objective, modelBounds } from "./objective.js";
import { ObjectiveSpec, SceSettings, objectiveOf, runSce } from "./stage.js";
import { checkSameConfig } from "../run-dir.js";
import { RunFolder } from "../../util/run-folder.js";
import { writeHydrographs, writeKgeCdf } from "./pictures.js";

export interface StageResult {
  stage: string;
  names: string[];
  basins: string[];
  /** params[i][k]: parameter k of basin i */
  params: number[][];
  kge: number[];
  evaluations: number[];
  reason: string[];
  seconds: number;
}

export interface BasinCalibration {
  id: string;
  dataset: string;
  single: Record<string, { params: Record<string, number>; kge: number }>;
  joint: { capacity: number; params: Record<string, number>; kge: Record<string, number>; mean: number } | null;
  /** the label: the joint capacity (or the capacity of the best single model without joint) */
  capacity: number;
  labelKge: number;
  masked: boolean;
}

export interface CalibrationSummary {
  basins: number;
  masked: number;
  median_kge: Record<string, number>;
  median_joint_kge: number | null;
  best_single_model: string;
  median_best_single_kge: number;
  evaluations: Record<string, number>;
  seconds: Record<string, number>;
}

export interface CalibrationResult {
  runDir: string;
  basins: BasinCalibration[];
  summary: CalibrationSummary;
}

function sceOptions(cfg: CalibrateConfig, maxEvaluations: number): SceSettings {
  const s = cfg.sceua;
  return {
    complexes: s.complexes,
    pointsPerComplex: s.points_per_complex,
    subcomplexSize: s.subcomplex_size,
    evolutionSteps: s.evolution_steps,
    maxEvaluations,
    kstop: s.kstop,
    improvement: s.improvement,
    parameterSpread: s.parameter_spread,
    seed: cfg.seed,
  };
}

async function runStage(stage: string, spec: ObjectiveSpec, names: string[], basins: MonthlyBasin[], water: Float64Array[], o: SceSettings, workers: number): Promise<StageResult> {
  const started = Date.now();
  const bar = progressBar(`calibrate ${stage} (evaluations, at most)`, basins.length * o.maxEvaluations);
  const interrupt = watchInterrupt(`stopping the ${stage} calibration; finished stages are kept`);
  try {
    const r = await runSce(spec, basins, o, workers, { update: (done) => bar.update(done), stopRequested: () => interrupt.requested }, water);
    bar.update(basins.length * o.maxEvaluations);
    bar.stop();
    if (r.reason.includes("interrupted")) throw new Interrupted(`interrupted during the ${stage} calibration; run again with --resume to continue from the stages kept`);
    return {
      stage,
      names,
      basins: basins.map((b) => b.id),
      params: basins.map((_, i) => r.best.map((a) => a[i])),
      kge: Array.from(r.bestLoss, (l) => 1 - l),
      evaluations: Array.from(r.evaluations),
      reason: r.reason,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    interrupt.release();
  }
}

function stagePath(runDir: string, stage: string): string {
  return join(runDir, "stages", `${stage}.json`);
}

async function stage(runDir: string, name: string, basins: MonthlyBasin[], make: () => Promise<StageResult>): Promise<StageResult> {
  const path = stagePath(runDir, name);
  if (existsSync(path)) {
    const kept = JSON.parse(readFileSync(path, "utf8")) as StageResult;
    if (kept.basins.join("\n") === basins.map((b) => b.id).join("\n")) return kept;
  }
  const r = await make();
  writeFileAtomic(path, JSON.stringify(r) + "\n");
  return r;
}

const columns = (params: number[][]) => (params[0] ?? []).map((_, k) => Float64Array.from(params, (p) => p[k]));

export async function calibrate(cfg: CalibrateConfig, runDir: string, o: { resume: boolean; threads: number; command?: string }): Promise<CalibrationResult> {
  // everything is checked before the first write
  const basins = loadBasins(cfg);
  const models = cfg.models.map(modelByName);
  const capacity = cfg.capacity_bounds as Bounds;
  const bounds = models.map((m) => modelBounds(m, (cfg.bounds[m.name] ?? {}) as Record<string, Bounds>, capacity));
  for (const id of cfg.hydrograph_basins)
    if (!basins.some((b) => b.id === id)) throw new Error(`key 'hydrograph_basins': basin '${id}' is not among the ${basins.length} basins calibrated`);
  const started = existsSync(join(runDir, "config.yml"));
  if (started && !o.resume) throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another run folder`);
  if (started) checkSameConfig(runDir, cfg);
  mkdirSync(runDir, { recursive: true });
  const folder = RunFolder.start(runDir, { config: cfg, command: o.command ?? "cwsc calibrate", threads: o.threads, device: "cpu", seeds: { sceua: cfg.seed }, resume: started });
  return folder.run(async () => {
    const water = basins.map((b) => (cfg.snow ? waterInput(b) : b.p));
    const forcing = forcingSet(basins.map((b, i) => ({ name: b.id, p: water[i], pet: b.pet, q: b.q })));
    const workers = Math.max(1, Math.min(o.threads, basins.length));
    const stages: Record<string, StageResult> = {};
    for (const [i, m] of models.entries()) {
      const spec: ObjectiveSpec = { kind: "single", models: [m.name], warmUp: cfg.warm_up_months, bounds: [bounds[i]], capacity };
      stages[m.name] = await stage(runDir, m.name, basins, () => runStage(m.name, spec, objectiveOf(spec, forcing).space.names, basins, water, sceOptions(cfg, cfg.sceua.max_evaluations), workers));
    }
    let joint: Objective | null = null;
    if (cfg.joint) {
      const spec: ObjectiveSpec = { kind: "joint", models: models.map((m) => m.name), warmUp: cfg.warm_up_months, bounds, capacity };
      joint = objectiveOf(spec, forcing);
      const names = joint.space.names;
      stages.joint = await stage(runDir, "joint", basins, () => runStage("joint", spec, names, basins, water, sceOptions(cfg, cfg.sceua.joint_max_evaluations), workers));
    }
    const result = assemble(cfg, basins, models, forcing, stages, joint);
    writeOutputs(runDir, cfg, basins, models, forcing, result, stages, joint);
    folder.note({ median_joint_kge: result.summary.median_joint_kge, median_kge: result.summary.median_kge, masked: result.summary.masked });
    return { runDir, ...result };
  });
}

function assemble(cfg: CalibrateConfig, basins: MonthlyBasin[], models: WaterBalanceModel[], forcing: ForcingSet, stages: Record<string, StageResult>, joint: Objective | null) {
  const all = Int32Array.from(basins, (_, i) => i);
  const jointKge = joint && stages.joint ? joint.kgePerModel(all, columns(stages.joint.params)) : null;
  const out: BasinCalibration[] = basins.map((b, i) => {
    const single: BasinCalibration["single"] = {};
    for (const m of models)
      single[m.name] = { params: Object.fromEntries(m.parameters.map((p, k) => [p.name, stages[m.name].params[i][k]])), kge: stages[m.name].kge[i] };
    let j: BasinCalibration["joint"] = null;
    if (joint && jointKge) {
      const x = stages.joint.params[i];
      const kges = Object.fromEntries(models.map((m, mi) => [m.name, jointKge[mi][i]]));
      j = { capacity: x[0], params: Object.fromEntries(joint.space.names.map((n, k) => [n, x[k]])), kge: kges, mean: Object.values(kges).reduce((a, v) => a + v, 0) / models.length };
    }
    // without joint: the capacity of the model that fits this basin best
    const best = models.reduce((a, m) => (single[m.name].kge > single[a.name].kge ? m : a), models[0]);
    const capacity = j ? j.capacity : stages[best.name].params[i][capacityIndex(best)];
    const labelKge = j ? j.mean : single[best.name].kge;
    return { id: b.id, dataset: b.dataset, single, joint: j, capacity, labelKge, masked: !(labelKge > cfg.kge_threshold) };
  });
  const median_kge = Object.fromEntries(models.map((m) => [m.name, median(out.map((r) => r.single[m.name].kge))]));
  const bestModel = models.reduce((a, m) => (median_kge[m.name] > median_kge[a.name] ? m : a), models[0]).name;
  const summary: CalibrationSummary = {
    basins: out.length,
    masked: out.filter((r) => r.masked).length,
    median_kge,
    median_joint_kge: joint ? median(out.map((r) => (r.joint as NonNullable<BasinCalibration["joint"]>).mean)) : null,
    best_single_model: bestModel,
    median_best_single_kge: median_kge[bestModel],
    evaluations: Object.fromEntries(Object.values(stages).map((s) => [s.stage, s.evaluations.reduce((a, b) => a + b, 0)])),
    seconds: Object.fromEntries(Object.values(stages).map((s) => [s.stage, s.seconds])),
  };
  return { basins: out, summary };
}

function writeOutputs(
  runDir: string,
  cfg: CalibrateConfig,
  basins: MonthlyBasin[],
  models: WaterBalanceModel[],
  forcing: ForcingSet,
  r: { basins: BasinCalibration[]; summary: CalibrationSummary },
  stages: Record<string, StageResult>,
  joint: Objective | null,
): void {
  const f = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(8)) : "");
  const singleCols = models.flatMap((m) => [`${m.name}_kge`, ...m.parameters.map((p) => `${m.name}_${p.name}`)]);
  const jointCols = joint ? ["joint_kge", ...models.map((m) => `joint_${m.name}_kge`), ...joint.space.names.map((n) => `joint_${n.replace(".", "_")}`)] : [];
  writeFileAtomic(
    join(runDir, "calibration.csv"),
    toCsv(
      ["id", "dataset", ...singleCols, ...jointCols, "capacity_mm", "label_kge", "masked"],
      r.basins.map((b) => [
        b.id,
        b.dataset,
        ...models.flatMap((m) => [f(b.single[m.name].kge), ...m.parameters.map((p) => f(b.single[m.name].params[p.name]))]),
        ...(b.joint ? [f(b.joint.mean), ...models.map((m) => f((b.joint as NonNullable<typeof b.joint>).kge[m.name])), ...Object.values(b.joint.params).map(f)] : []),
        f(b.capacity),
        f(b.labelKge),
        b.masked ? 1 : 0,
      ]),
    ),
  );
  // the labels for the network: one per basin, and the lattice cells each belongs to
  writeFileAtomic(join(runDir, "labels.csv"), toCsv(["id", "capacity_mm", "kge", "masked"], r.basins.map((b) => [b.id, f(b.capacity), f(b.labelKge), b.masked ? 1 : 0])));
  writeFileAtomic(
    join(runDir, "cells.csv"),
    toCsv(["id", "cell", "lon", "lat"], basins.flatMap((b) => Array.from(b.cells, (c) => [b.id, c, cellLon(c), cellLat(c)]))),
  );
  writeFileAtomic(
    join(runDir, "basins.csv"),
    toCsv(
      ["id", "dataset", "start", "months", "cells", "lon", "lat", "pet_source", "snow_temperature"],
      basins.map((b) => [b.id, b.dataset, b.start, b.p.length, b.cells.length, f(b.lon), f(b.lat), b.petSource, cfg.snow && b.temperature ? b.temperature.source : "none (no snow store)"]),
    ),
  );
  writeFileAtomic(join(runDir, "summary.json"), JSON.stringify(r.summary, null, 2) + "\n");
  writeKgeCdf(join(runDir, "kge_cdf.png"), r.basins, models.map((m) => m.name), !!joint);
  const chosen = cfg.hydrograph_basins.length ? cfg.hydrograph_basins : [];
  if (chosen.length) writeHydrographs(join(runDir, "hydrographs"), basins, chosen, models, forcing, r.basins, stages, joint, cfg.warm_up_months);
}
