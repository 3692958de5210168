// Runs a water-balance model for many columns at once: one loop over months, an inner loop over
// columns inside the model's step. A column is a basin (or grid cell) with one parameter set, so a
// calibration evaluates a whole population of candidates for every basin in one call. Basins may
// have records of different lengths; each starts at its own first month.
import { WaterBalanceModel } from "./model.js";

/** Monthly series of many basins, stored end to end (time-major within a basin). */
export interface ForcingSet {
  names: string[];
  /** Start of each basin's months in p, pet and q. */
  offsets: Int32Array;
  lengths: Int32Array;
  p: Float64Array;
  pet: Float64Array;
  /** Observed runoff, NaN where missing (absent when there is none, e.g. for prediction). */
  q: Float64Array | null;
}

export interface BasinSeriesInput {
  name: string;
  p: ArrayLike<number>;
  pet: ArrayLike<number>;
  q?: ArrayLike<number>;
}

export function forcingSet(basins: BasinSeriesInput[]): ForcingSet {
  const lengths = Int32Array.from(basins, (b) => b.p.length);
  const offsets = new Int32Array(basins.length);
  let total = 0;
  basins.forEach((b, i) => {
    if (b.pet.length !== b.p.length) throw new RangeError(`${b.name}: ${b.p.length} months of precipitation but ${b.pet.length} of PET`);
    if (b.q && b.q.length !== b.p.length) throw new RangeError(`${b.name}: ${b.p.length} months of precipitation but ${b.q.length} of runoff`);
    offsets[i] = total;
    total += b.p.length;
  });
  const p = new Float64Array(total);
  const pet = new Float64Array(total);
  const hasQ = basins.every((b) => b.q);
  const q = hasQ ? new Float64Array(total) : null;
  basins.forEach((b, i) => {
    p.set(b.p, offsets[i]);
    pet.set(b.pet, offsets[i]);
    if (q && b.q) q.set(b.q, offsets[i]);
  });
  return { names: basins.map((b) => b.name), offsets, lengths, p, pet, q };
}

export interface SimulateOptions {
  /** Months at the start of every basin's record that are run but not scored. */
  warmUp: number;
  /** KGE of each column against the observed runoff over the scored months. */
  kge?: boolean;
  /** Keep the simulated runoff of each column, month by month. */
  series?: boolean;
  /** Keep states and diagnostics of each column, month by month (for traces and balance checks). */
  diagnostics?: boolean;
  /** States to start from, per state and column (default: the model's initialStates). */
  initialStates?: Float64Array[];
}

export interface Simulation {
  kge?: Float64Array;
  /** q[j][t] */
  q?: Float64Array[];
  /** states[k][j][t], at the end of month t */
  states?: Float64Array[][];
  /** diagnostics[k][j][t] */
  diagnostics?: Float64Array[][];
}

/**
 * Simulates columns j = 0..n−1, column j on basin basinOf[j] with parameters params[k][j].
 * Returns what the options ask for, in column order.
 */
export function simulate(model: WaterBalanceModel, forcing: ForcingSet, basinOf: Int32Array, params: Float64Array[], o: SimulateOptions): Simulation {
  const n = basinOf.length;
  if (params.length !== model.parameters.length) throw new RangeError(`${model.name}: ${params.length} parameter arrays for ${model.parameters.length} parameters`);
  for (const a of params) if (a.length !== n) throw new RangeError(`${model.name}: parameter arrays must have one value per column (${n})`);
  if (o.kge && !forcing.q) throw new Error("KGE needs observed runoff");
  // longest records first, so the columns still running at month t are a prefix
  const order = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => forcing.lengths[basinOf[b]] - forcing.lengths[basinOf[a]] || a - b);
  const off = new Int32Array(n);
  const len = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    off[i] = forcing.offsets[basinOf[order[i]]];
    len[i] = forcing.lengths[basinOf[order[i]]];
  }
  const sortedParams = params.map((a) => Float64Array.from(order, (j) => a[j]));
  const states = model.states.map(() => new Float64Array(n));
  if (o.initialStates) {
    if (o.initialStates.length !== states.length) throw new RangeError(`${model.name}: initial values for ${o.initialStates.length} states, the model has ${states.length}`);
    o.initialStates.forEach((a, k) => order.forEach((j, i) => (states[k][i] = a[j])));
  } else model.initialStates(n, sortedParams, states);

  const p = new Float64Array(n);
  const pet = new Float64Array(n);
  const q = new Float64Array(n);
  const diag = o.diagnostics ? model.diagnostics.map(() => new Float64Array(n)) : null;
  const qOut = o.series || o.diagnostics ? Array.from(order, (_, i) => new Float64Array(len[i])) : null;
  const stateOut = o.diagnostics ? model.states.map(() => Array.from(order, (_, i) => new Float64Array(len[i]))) : null;
  const diagOut = o.diagnostics ? model.diagnostics.map(() => Array.from(order, (_, i) => new Float64Array(len[i]))) : null;
  // running sums for KGE: count, Σo, Σo², Σs, Σs², Σso
  const acc = o.kge ? Array.from({ length: 6 }, () => new Float64Array(n)) : null;
  const obs = forcing.q;

  const months = n ? len[0] : 0;
  let active = n;
  for (let t = 0; t < months; t++) {
    while (active > 0 && len[active - 1] <= t) active--;
    for (let i = 0; i < active; i++) {
      p[i] = forcing.p[off[i] + t];
      pet[i] = forcing.pet[off[i] + t];
    }
    model.step(active, p, pet, sortedParams, states, q, diag);
    if (qOut) for (let i = 0; i < active; i++) qOut[i][t] = q[i];
    if (stateOut && diagOut && diag) {
      for (let k = 0; k < states.length; k++) for (let i = 0; i < active; i++) stateOut[k][i][t] = states[k][i];
      for (let k = 0; k < diag.length; k++) for (let i = 0; i < active; i++) diagOut[k][i][t] = diag[k][i];
    }
    if (acc && obs && t >= o.warmUp) {
      const [cn, so, soo, ss, sss, sso] = acc;
      for (let i = 0; i < active; i++) {
        const ov = obs[off[i] + t];
        if (ov !== ov) continue;
        const sv = q[i];
        cn[i] += 1;
        so[i] += ov;
        soo[i] += ov * ov;
        ss[i] += sv;
        sss[i] += sv * sv;
        sso[i] += sv * ov;
      }
    }
  }

  const unsort = <T>(sorted: T[]): T[] => {
    const out = new Array<T>(n);
    order.forEach((j, i) => (out[j] = sorted[i]));
    return out;
  };
  const result: Simulation = {};
  if (acc) {
    const k = new Float64Array(n);
    order.forEach((j, i) => (k[j] = kgeFromSums(acc[0][i], acc[1][i], acc[2][i], acc[3][i], acc[4][i], acc[5][i])));
    result.kge = k;
  }
  if (qOut) result.q = unsort(qOut);
  if (stateOut) result.states = stateOut.map(unsort);
  if (diagOut) result.diagnostics = diagOut.map(unsort);
  return result;
}

/**
 * KGE (Gupta et al. 2009) from running sums, with population standard deviations as
 * metrics.kge: 1 − √((r−1)² + (α−1)² + (β−1)²). −Infinity when it is undefined (fewer than two
 * months, or a constant series), so that a search ranks such a candidate last.
 */
export function kgeFromSums(n: number, so: number, soo: number, ss: number, sss: number, sso: number): number {
  if (n < 2) return -Infinity;
  const mo = so / n;
  const ms = ss / n;
  const vo = soo / n - mo * mo;
  const vs = sss / n - ms * ms;
  if (!(vo > 0) || !(vs > 0)) return -Infinity;
  const r = (sso / n - mo * ms) / Math.sqrt(vo * vs);
  const value = 1 - Math.sqrt((r - 1) ** 2 + (Math.sqrt(vs / vo) - 1) ** 2 + (ms / mo - 1) ** 2);
  return Number.isFinite(value) ? value : -Infinity;
}
