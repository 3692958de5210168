// Gradient descent on the inputs of the frozen surrogate (seed 002): the objective is the mean
// predicted HR inside the AOI; each step moves the ground against its gradient smoothed over
// `smoothness` metres (smoothing.ts) and the building channel against its own, and is projected back
// onto the constraints.
//  one-step: one step whose largest change is `step` metres, on a fixed AOI (seed experiment 1);
//  iterative: the AOI recomputed from the prediction at every iteration (HR > threshold), a constant
//    step size set so that the first iteration's largest change is `clip`, each change clipped to
//    ±clip, until `iterations` or an empty AOI (seed experiment 2).
import { grad, noGrad, tidy } from "../torch/index.js";
import { sobolevGradient } from "./smoothing.js";
import { DesignConstraints, project } from "./constraints.js";
import { DesignField, DifferentiableSurrogate } from "./forward.js";
import { SurrogateModel } from "../surrogate/model-file.js";

export interface DesignProblem {
  field: DesignField;
  cell: number;
  /** ground elevations (m); blocked cells hold a finite filler */
  ground: Float64Array;
  /** building channel 0/1 */
  mask: Float32Array;
  /** the AOI the objective is measured in at the start (and throughout, unless dynamic) */
  aoi: Uint8Array;
  /** iterative: recompute the AOI as HR > aoiThreshold from the prediction at every iteration */
  dynamicAoi: boolean;
  aoiThreshold: number;
  modify: "terrain" | "buildings" | "both";
  mode: "one-step" | "iterative";
  step: number;
  iterations: number;
  clip: number;
  /** length (m) over which the terrain gradient is smoothed before each step; 0 = none */
  smoothness: number;
  /** the terrain's constraints (free cells, max change, budget, balance) */
  constraints: DesignConstraints;
  /** cells whose building channel may change */
  freeBuildings: Uint8Array;
}

export interface IterationRecord {
  iteration: number;
  /** mean predicted HR in the initial AOI before this iteration's step */
  objective: number;
  aoi_cells: number;
  cut_m3: number;
  fill_m3: number;
  max_abs_change_m: number;
}

export interface DesignOutcome {
  ground: Float64Array;
  /** the building channel at the end (continuous; re-binarised by the caller) */
  mask: Float32Array;
  deltaZ: Float64Array;
  /** ∂J/∂z of the first iteration (1/m) */
  gradient: Float32Array;
  hrBefore: Float32Array;
  hrAfter: Float32Array;
  history: IterationRecord[];
  stopped: "iterations" | "empty aoi" | "one step" | "interrupted" | "no gradient";
}

export interface DesignHooks {
  onIteration?: (r: IterationRecord, total: number) => void;
  shouldStop?: () => boolean;
  device?: string;
}

export function runDesign(model: SurrogateModel, p: DesignProblem, hooks: DesignHooks = {}): DesignOutcome {
  const f = new DifferentiableSurrogate(model, p.field, hooks.device);
  const n = p.field.width * p.field.height;
  const z0 = p.ground;
  const z = Float64Array.from(z0);
  const b = Float32Array.from(p.mask);
  const cellArea = p.cell * p.cell;
  const predictHr = () => noGrad(() => tidy(() => f.forward(f.input(z), f.input(b)).hr.to("cpu").data() as Float32Array));
  // the first iteration's forward pass is the prediction before the design
  let hrBefore: Float32Array | null = null;
  const aoi0 = p.aoi;
  const dynamic = p.mode === "iterative" && p.dynamicAoi;
  const meanIn = (hr: ArrayLike<number>, a: Uint8Array) => {
    let s = 0, k = 0;
    for (let i = 0; i < n; i++) if (a[i]) (s += hr[i]), k++;
    return k ? s / k : 0;
  };
  const terrain = p.modify !== "buildings";
  const buildings = p.modify !== "terrain";
  let gradient = new Float32Array(n);
  let etaZ = 0, etaB = 0;
  const history: IterationRecord[] = [];
  let stopped: DesignOutcome["stopped"] = p.mode === "one-step" ? "one step" : "iterations";
  const steps = p.mode === "one-step" ? 1 : p.iterations;
  for (let it = 1; it <= steps; it++) {
    if (hooks.shouldStop?.()) {
      stopped = "interrupted";
      break;
    }
    const { hr, gz, gb, count: aoiCells } = tidy(() => {
      const zt = f.input(z, terrain);
      const bt = f.input(b, buildings);
      const out = f.forward(zt, bt);
      const hrNow = out.hr.detach().to("cpu").data() as Float32Array;
      const a = dynamic ? Uint8Array.from(hrNow, (v, i) => (v > p.aoiThreshold && !p.field.blocked[i] ? 1 : 0)) : aoi0;
      const count = a.reduce((s, v) => s + v, 0);
      if (count === 0) return { hr: hrNow, gz: null, gb: null, count };
      const j = out.hr.mul(f.input(a)).sum().div(count);
      const wrt = [...(terrain ? [zt] : []), ...(buildings ? [bt] : [])];
      const grads = grad([j], wrt);
      return {
        hr: hrNow,
        gz: terrain ? (grads[0]?.to("cpu").data() as Float32Array) : null,
        gb: buildings ? (grads[terrain ? 1 : 0]?.to("cpu").data() as Float32Array) : null,
        count,
      };
    });
    if (it === 1) hrBefore = hr;
    if (!gz && !gb) {
      stopped = "empty aoi";
      break;
    }
    if (it === 1 && gz) gradient = Float32Array.from(gz);
    if (gz) {
      const raw = Float64Array.from(gz, (v, i) => (p.constraints.free[i] ? v : 0));
      const step = p.smoothness > 0 ? sobolevGradient(raw, { width: p.field.width, height: p.field.height, cell: p.cell }, p.smoothness) : raw;
      let gmax = 0;
      for (let i = 0; i < n; i++) if (p.constraints.free[i]) gmax = Math.max(gmax, Math.abs(step[i]));
      if (gmax === 0 && !gb) {
        stopped = "no gradient";
        break;
      }
      if (p.mode === "one-step") etaZ = p.step / gmax;
      else if (it === 1) etaZ = p.clip / gmax;
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let d = -etaZ * step[i];
        if (p.mode === "iterative") d = Math.max(-p.clip, Math.min(p.clip, d));
        v[i] = z[i] - z0[i] + d;
      }
      const dz = project(v, p.constraints);
      for (let i = 0; i < n; i++) z[i] = z0[i] + dz[i];
    }
    if (gb) {
      let gmax = 0;
      for (let i = 0; i < n; i++) if (p.freeBuildings[i]) gmax = Math.max(gmax, Math.abs(gb[i]));
      if (gmax > 0) {
        if (p.mode === "one-step") etaB = 1 / gmax;
        else if (it === 1) etaB = p.clip / gmax;
        for (let i = 0; i < n; i++) {
          if (!p.freeBuildings[i]) continue;
          let d = -etaB * gb[i];
          if (p.mode === "iterative") d = Math.max(-p.clip, Math.min(p.clip, d));
          b[i] = Math.max(0, Math.min(1, b[i] + d));
        }
      }
    }
    let cut = 0, fill = 0, maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const d = z[i] - z0[i];
      if (d < 0) cut -= d;
      else fill += d;
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
    const rec = { iteration: it, objective: meanIn(hr, aoi0), aoi_cells: aoiCells, cut_m3: cut * cellArea, fill_m3: fill * cellArea, max_abs_change_m: maxAbs };
    history.push(rec);
    hooks.onIteration?.(rec, steps);
  }
  const hrAfter = predictHr();
  return { ground: z, mask: b, deltaZ: Float64Array.from(z, (v, i) => v - z0[i]), gradient, hrBefore: hrBefore ?? predictHr(), hrAfter, history, stopped };
}
