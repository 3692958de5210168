// The simulator, never the surrogate, judges a design: the original and the designed layout are
// simulated with the scenario the surrogate was trained for, and seed 002's indicators are computed
// in the AOI from the two simulations (and, for comparison, from the two predictions).
import { Grid } from "../geo/index.js";
import { simulate } from "../flood/engine.js";
import { Scenario, scenarioInput } from "../surrogate/scenario.js";
import { hazardRatingMap } from "../surrogate/hazard.js";
import { designIndicators, Indicators } from "./indicators.js";
import { DesignOutcome } from "./optimize.js";

export interface SimulationCheck {
  simulated: Indicators;
  predicted: Indicators;
  /** simulated minus predicted relative change of the mean HR in the AOI */
  prediction_error_rel_change: number;
  hr_before: Float32Array;
  hr_after: Float32Array;
  depth_before: Float32Array;
  depth_after: Float32Array;
  simulation_seconds: number;
  mass_balance_error_percent: [number, number];
}

export function simulateHazard(s: Scenario, grid: Grid, ground: ArrayLike<number>, buildings: ArrayLike<number>, threads = 1): { hr: Float32Array; depth: Float32Array; seconds: number; massError: number } {
  const t0 = performance.now();
  const r = simulate(scenarioInput(s, grid.width, grid.height, ground, buildings, threads));
  return { hr: hazardRatingMap(r.maxDepth, r.maxVelocity), depth: r.maxDepth, seconds: (performance.now() - t0) / 1000, massError: r.massBalance.error_percent };
}

export function checkBySimulation(
  s: Scenario,
  grid: Grid,
  ground0: ArrayLike<number>,
  buildings0: ArrayLike<number>,
  ground1: ArrayLike<number>,
  buildings1: ArrayLike<number>,
  aoi: Uint8Array,
  outcome: Pick<DesignOutcome, "hrBefore" | "hrAfter">,
  o: { threads?: number; progress?: (what: string) => void } = {},
): SimulationCheck {
  o.progress?.("simulating the original layout");
  const a = simulateHazard(s, grid, ground0, buildings0, o.threads);
  o.progress?.("simulating the design");
  const b = simulateHazard(s, grid, ground1, buildings1, o.threads);
  const simulated = designIndicators(a.hr, b.hr, aoi);
  const predicted = designIndicators(outcome.hrBefore, outcome.hrAfter, aoi);
  return {
    simulated,
    predicted,
    prediction_error_rel_change: simulated.mean_hr_rel_diff - predicted.mean_hr_rel_diff,
    hr_before: a.hr,
    hr_after: b.hr,
    depth_before: a.depth,
    depth_after: b.depth,
    simulation_seconds: a.seconds + b.seconds,
    mass_balance_error_percent: [a.massError, b.massError],
  };
}

export function checkLine(c: SimulationCheck): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "nan");
  const s = c.simulated;
  return `design check: mean_hr_before=${f(s.mean_hr_before)} mean_hr_after=${f(s.mean_hr_after)} change_pct=${f(100 * s.mean_hr_rel_diff)} iou_hr05=${f(s.iou_hr05)}`;
}
