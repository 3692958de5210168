// The shuffled complex evolution method SCE-UA (Duan, Sorooshian & Gupta 1992; settings of Duan et
// al. 1994) run for many independent problems in lock-step, so that each round of candidates of all
// problems is evaluated by one vectorised call. Every problem has its own seeded random stream: its
// result does not depend on which other problems run beside it.
import { seededRandom } from "../../util/random.js";

export interface SceOptions {
  /** p, the number of complexes. */
  complexes: number;
  /** m, points in a complex (default 2n + 1). */
  pointsPerComplex?: number;
  /** q, points in a sub-complex (default n + 1). */
  subcomplexSize?: number;
  /** α, offspring of a sub-complex per evolution step (default 1). */
  offspring?: number;
  /** β, evolution steps of a complex before shuffling (default 2n + 1). */
  evolutionSteps?: number;
  /** Objective evaluations allowed per problem. */
  maxEvaluations: number;
  /** Stop when the best value improved by less than `improvement` (relative) over `kstop` shuffling loops. */
  kstop?: number;
  improvement?: number;
  /** Stop when the population spans less than this fraction of the bounds (geometric mean over parameters). */
  parameterSpread?: number;
  seed: number;
  /** The random stream of each problem (default: its index), so a problem split off to a worker draws the same numbers. */
  streams?: ArrayLike<number>;
  /** Called after each shuffling loop with the evaluations used so far by every problem. */
  onLoop?: (evaluations: Int32Array, active: number) => void;
  /** Polled after each shuffling loop; true stops every problem where it is. */
  shouldStop?: () => boolean;
}

/** Loss of candidate j, which belongs to problem problemOf[j] and has parameters x[k][j]. Lower is better. */
export type BatchObjective = (problemOf: Int32Array, x: Float64Array[]) => Float64Array;

export type StopReason = "evaluations" | "no improvement" | "converged" | "interrupted";

export interface SceResult {
  /** best[k][i]: parameter k of problem i's best point */
  best: Float64Array[];
  bestLoss: Float64Array;
  evaluations: Int32Array;
  loops: Int32Array;
  reason: StopReason[];
}

export function sceDefaults(n: number, o: SceOptions) {
  return {
    p: o.complexes,
    m: o.pointsPerComplex ?? 2 * n + 1,
    q: o.subcomplexSize ?? n + 1,
    alpha: o.offspring ?? 1,
    beta: o.evolutionSteps ?? 2 * n + 1,
    kstop: o.kstop ?? 10,
    improvement: o.improvement ?? 1e-3,
    spread: o.parameterSpread ?? 1e-3,
  };
}

function checkBounds(lower: number[], upper: number[]): void {
  if (lower.length !== upper.length || lower.length === 0) throw new RangeError(`bounds: ${lower.length} lower and ${upper.length} upper values`);
  lower.forEach((l, k) => {
    if (!(Number.isFinite(l) && Number.isFinite(upper[k]) && l < upper[k])) throw new RangeError(`bounds of parameter ${k + 1}: lower ${l} must be below upper ${upper[k]}`);
  });
}

interface Problem {
  rand: () => number;
  /** population, point-major: x[i * n + k] */
  x: Float64Array;
  f: Float64Array;
  evaluations: number;
  loops: number;
  history: number[];
  done: StopReason | null;
}

const safe = (v: number) => (Number.isNaN(v) ? Infinity : v);

export function sceua(problems: number, lower: number[], upper: number[], objective: BatchObjective, o: SceOptions): SceResult {
  checkBounds(lower, upper);
  const n = lower.length;
  const s = sceDefaults(n, o);
  if (!(s.p >= 1 && s.m >= 2 && s.q >= 2 && s.q <= s.m && s.alpha >= 1 && s.beta >= 1))
    throw new RangeError(`SCE-UA settings: complexes ${s.p}, points per complex ${s.m}, sub-complex ${s.q} (2 ≤ q ≤ m), offspring ${s.alpha}, steps ${s.beta}`);
  const size = s.p * s.m;
  const span = upper.map((u, k) => u - lower[k]);
  const P: Problem[] = Array.from({ length: problems }, (_, i) => ({
    rand: seededRandom((Math.imul(o.seed + 1, 0x9e3779b1) ^ Math.imul((o.streams ? o.streams[i] : i) + 1, 0x85ebca6b)) >>> 0),
    x: new Float64Array(size * n),
    f: new Float64Array(size),
    evaluations: 0,
    loops: 0,
    history: [],
    done: null,
  }));

  // candidates of one round: problem, parameters, and where the result goes
  const evaluate = (who: number[], points: Float64Array[]): Float64Array => {
    if (who.length === 0) return new Float64Array(0);
    const x = Array.from({ length: n }, (_, k) => Float64Array.from(points, (pt) => pt[k]));
    const f = objective(Int32Array.from(who), x);
    for (const i of who) P[i].evaluations++;
    return f.map(safe);
  };

  // initial population: uniform in the bounds
  {
    const who: number[] = [];
    const pts: Float64Array[] = [];
    P.forEach((pr, i) => {
      for (let j = 0; j < size; j++) {
        const pt = new Float64Array(n);
        for (let k = 0; k < n; k++) pt[k] = lower[k] + span[k] * pr.rand();
        pr.x.set(pt, j * n);
        who.push(i);
        pts.push(pt);
      }
    });
    const f = evaluate(who, pts);
    let c = 0;
    for (const pr of P) for (let j = 0; j < size; j++) pr.f[j] = f[c++];
    for (const pr of P) sortPopulation(pr, n);
  }

  const budgetLeft = (pr: Problem) => pr.done === null && pr.evaluations < o.maxEvaluations;
  for (const pr of P) if (!budgetLeft(pr)) pr.done = "evaluations";

  while (P.some((pr) => pr.done === null)) {
    const live = P.map((pr, i) => (pr.done === null ? i : -1)).filter((i) => i >= 0);
    // complexes: complex c of a problem holds the points of rank c, c + p, c + 2p, …
    const complexes = new Map<number, { x: Float64Array; f: Float64Array }[]>();
    for (const i of live) {
      const pr = P[i];
      const cs: { x: Float64Array; f: Float64Array }[] = [];
      for (let c = 0; c < s.p; c++) {
        const x = new Float64Array(s.m * n);
        const f = new Float64Array(s.m);
        for (let r = 0; r < s.m; r++) {
          const src = c + s.p * r;
          x.set(pr.x.subarray(src * n, src * n + n), r * n);
          f[r] = pr.f[src];
        }
        cs.push({ x, f });
      }
      complexes.set(i, cs);
    }
    for (let step = 0; step < s.beta; step++) {
      // one sub-complex per complex of every live problem, evolved α times
      type Job = { i: number; cx: { x: Float64Array; f: Float64Array }; sub: number[]; worst: Float64Array; fWorst: number; centroid: Float64Array; lo: Float64Array; hi: Float64Array };
      const jobs: Job[] = [];
      for (const i of live) {
        const pr = P[i];
        for (const cx of complexes.get(i) as { x: Float64Array; f: Float64Array }[]) {
          const sub = pickSubcomplex(pr.rand, s.m, s.q);
          jobs.push({ i, cx, sub, worst: new Float64Array(n), fWorst: 0, centroid: new Float64Array(n), lo: new Float64Array(n), hi: new Float64Array(n) });
        }
      }
      for (let a = 0; a < s.alpha; a++) {
        for (const jb of jobs) prepareReflection(jb, n, s.q);
        // reflection; outside the bounds, a random point of the complex's hypercube instead
        let pending = jobs.filter((jb) => budgetLeft(P[jb.i]));
        let trial = pending.map((jb) => reflected(jb, n, lower, upper, P[jb.i].rand));
        let f = evaluate(pending.map((jb) => jb.i), trial);
        const failed: Job[] = [];
        pending.forEach((jb, c) => (f[c] < jb.fWorst ? replaceWorst(jb, trial[c], f[c], n) : failed.push(jb)));
        // contraction halfway between the centroid and the worst point
        pending = failed.filter((jb) => budgetLeft(P[jb.i]));
        trial = pending.map((jb) => Float64Array.from(jb.centroid, (g, k) => (g + jb.worst[k]) / 2));
        f = evaluate(pending.map((jb) => jb.i), trial);
        const failedAgain: Job[] = [];
        pending.forEach((jb, c) => (f[c] < jb.fWorst ? replaceWorst(jb, trial[c], f[c], n) : failedAgain.push(jb)));
        // mutation: a random point of the smallest hypercube that holds the complex
        pending = failedAgain.filter((jb) => budgetLeft(P[jb.i]));
        trial = pending.map((jb) => randomIn(jb.lo, jb.hi, P[jb.i].rand));
        f = evaluate(pending.map((jb) => jb.i), trial);
        pending.forEach((jb, c) => replaceWorst(jb, trial[c], f[c], n));
      }
      for (const cs of complexes.values()) for (const cx of cs) sortComplex(cx, n);
    }
    // shuffle: the complexes back into one population, ranked
    for (const i of live) {
      const pr = P[i];
      const cs = complexes.get(i) as { x: Float64Array; f: Float64Array }[];
      let j = 0;
      for (const cx of cs)
        for (let r = 0; r < s.m; r++, j++) {
          pr.x.set(cx.x.subarray(r * n, r * n + n), j * n);
          pr.f[j] = cx.f[r];
        }
      sortPopulation(pr, n);
      pr.loops++;
      pr.history.push(pr.f[0]);
      if (pr.evaluations >= o.maxEvaluations) pr.done = "evaluations";
      else if (spread(pr, n, size, span) < s.spread) pr.done = "converged";
      else if (pr.history.length > s.kstop) {
        const before = pr.history[pr.history.length - 1 - s.kstop];
        const now = pr.f[0];
        const rel = Math.abs(before - now) / Math.max(1e-12, (Math.abs(before) + Math.abs(now)) / 2);
        if (rel < s.improvement) pr.done = "no improvement";
      }
    }
    o.onLoop?.(Int32Array.from(P, (pr) => pr.evaluations), P.filter((pr) => pr.done === null).length);
    if (o.shouldStop?.()) for (const pr of P) if (pr.done === null) pr.done = "interrupted";
  }

  return {
    best: Array.from({ length: n }, (_, k) => Float64Array.from(P, (pr) => pr.x[k])),
    bestLoss: Float64Array.from(P, (pr) => pr.f[0]),
    evaluations: Int32Array.from(P, (pr) => pr.evaluations),
    loops: Int32Array.from(P, (pr) => pr.loops),
    reason: P.map((pr) => pr.done as StopReason),
  };

  function prepareReflection(jb: { cx: { x: Float64Array; f: Float64Array }; sub: number[]; worst: Float64Array; fWorst: number; centroid: Float64Array; lo: Float64Array; hi: Float64Array }, nn: number, q: number) {
    // the sub-complex ordered by value (it changes when α > 1), its last is its worst
    jb.sub.sort((a, b) => jb.cx.f[a] - jb.cx.f[b] || a - b);
    const w = jb.sub[q - 1];
    jb.worst.set(jb.cx.x.subarray(w * nn, w * nn + nn));
    jb.fWorst = jb.cx.f[w];
    jb.centroid.fill(0);
    for (let r = 0; r < q - 1; r++) for (let k = 0; k < nn; k++) jb.centroid[k] += jb.cx.x[jb.sub[r] * nn + k] / (q - 1);
    jb.lo.fill(Infinity);
    jb.hi.fill(-Infinity);
    for (let r = 0; r < s.m; r++)
      for (let k = 0; k < nn; k++) {
        const v = jb.cx.x[r * nn + k];
        if (v < jb.lo[k]) jb.lo[k] = v;
        if (v > jb.hi[k]) jb.hi[k] = v;
      }
  }
}

function reflected(jb: { worst: Float64Array; centroid: Float64Array; lo: Float64Array; hi: Float64Array }, n: number, lower: number[], upper: number[], rand: () => number): Float64Array {
  const r = new Float64Array(n);
  let inside = true;
  for (let k = 0; k < n; k++) {
    r[k] = 2 * jb.centroid[k] - jb.worst[k];
    if (r[k] < lower[k] || r[k] > upper[k]) inside = false;
  }
  return inside ? r : randomIn(jb.lo, jb.hi, rand);
}

function randomIn(lo: Float64Array, hi: Float64Array, rand: () => number): Float64Array {
  return Float64Array.from(lo, (l, k) => l + (hi[k] - l) * rand());
}

function replaceWorst(jb: { cx: { x: Float64Array; f: Float64Array }; sub: number[] }, point: Float64Array, f: number, n: number): void {
  const w = jb.sub[jb.sub.length - 1];
  jb.cx.x.set(point, w * n);
  jb.cx.f[w] = f;
}

/**
 * q distinct ranks of a complex of m points, drawn with the trapezoidal probability
 * 2(m + 1 − r) / (m(m + 1)) for rank r = 1…m (better points more often), returned in rank order.
 */
export function pickSubcomplex(rand: () => number, m: number, q: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < q) {
    // inverse of the trapezoidal distribution, as in Duan's cceua
    const r = Math.floor(m + 0.5 - Math.sqrt((m + 0.5) ** 2 - m * (m + 1) * rand()));
    chosen.add(Math.min(m - 1, Math.max(0, r)));
  }
  return [...chosen].sort((a, b) => a - b);
}

function sortComplex(cx: { x: Float64Array; f: Float64Array }, n: number): void {
  const m = cx.f.length;
  const idx = Array.from({ length: m }, (_, i) => i).sort((a, b) => cx.f[a] - cx.f[b] || a - b);
  const x = cx.x.slice();
  const f = cx.f.slice();
  idx.forEach((src, dst) => {
    cx.x.set(x.subarray(src * n, src * n + n), dst * n);
    cx.f[dst] = f[src];
  });
}

function sortPopulation(pr: { x: Float64Array; f: Float64Array }, n: number): void {
  sortComplex(pr, n);
}

function spread(pr: { x: Float64Array }, n: number, size: number, span: number[]): number {
  let logSum = 0;
  for (let k = 0; k < n; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < size; j++) {
      const v = pr.x[j * n + k];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    logSum += Math.log(Math.max((hi - lo) / span[k], 1e-300));
  }
  return Math.exp(logSum / n);
}
