// The flood-based check of a DEM: one design storm simulated on the reference, the enhanced and
// each global DEM with the flood simulator, then POD, FAR and CSI of the flooded area and the RMSE
// of the maximum depth against the reference simulation.
import { simulate } from "../flood/engine.js";
import { alternateBlock } from "../flood/storm.js";
import { confusion, csi, far, pod, rmse } from "../metrics/index.js";

export interface StormSpec {
  /** IDF parameters i = a/(t+b)^c (mm/h, t in min); default the project's design storm 1800,12,0.85 */
  idf: { a: number; b: number; c: number };
  duration_min: number;
  step_min: number;
  /** simulated time (s) */
  simulate_s: number;
  manning: number;
  /** flooded where max depth exceeds this (m) */
  threshold: number;
  threads?: number;
}

export const defaultStorm: StormSpec = { idf: { a: 1800, b: 12, c: 0.85 }, duration_min: 60, step_min: 5, simulate_s: 7200, manning: 0.03, threshold: 0.1 };

/** `walls`: cells that no water enters (buildings as obstacles, the same for every DEM compared). */
export function simulateMaxDepth(dem: Float32Array, width: number, height: number, dx: number, s: StormSpec, progress = false, walls?: Uint8Array): { maxDepth: Float32Array; massErrorPct: number } {
  const n = width * height;
  const z = new Float64Array(n);
  const blocked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(dem[i]) && !(walls && walls[i])) z[i] = dem[i];
    else blocked[i] = 1;
  }
  const blocks = alternateBlock(s.idf, s.duration_min, s.step_min);
  const t = Float64Array.from([...blocks.map((b) => b.start_s), s.duration_min * 60]);
  const rate = Float64Array.from([...blocks.map((b) => b.intensity_mm_h / 3.6e6), 0]);
  const r = simulate({ width, height, dx, z, blocked, manning: new Float64Array(n).fill(s.manning), rain: { t, rate }, duration: s.simulate_s, boundary: "free", threads: s.threads, progress });
  const maxDepth = Float32Array.from(r.maxDepth, (v, i) => (blocked[i] ? NaN : v));
  return { maxDepth, massErrorPct: r.massBalance.error_percent };
}

export interface FloodScores {
  pod: number;
  far: number;
  csi: number;
  max_depth_rmse_m: number;
  flooded_cells: number;
}

/** Scores of a simulation against the reference one, on the cells where `mask` is 1 (all when omitted). */
export function floodScores(reference: Float32Array, sim: Float32Array, threshold: number, mask?: Uint8Array): FloodScores {
  const pick = (a: Float32Array) => Float64Array.from(a, (v, i) => (mask && !mask[i] ? NaN : v));
  const o = pick(reference);
  const s = pick(sim);
  const c = confusion(o, s, threshold);
  // depth RMSE on cells wet in either simulation
  const wo: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < o.length; i++) if (Number.isFinite(o[i]) && Number.isFinite(s[i]) && (o[i] > threshold || s[i] > threshold)) {
    wo.push(o[i]);
    ws.push(s[i]);
  }
  return { pod: pod(c), far: far(c), csi: csi(c), max_depth_rmse_m: wo.length ? rmse(wo, ws) : NaN, flooded_cells: c.tp + c.fp };
}
