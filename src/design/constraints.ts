// The constraints a design must meet, held exactly by projection: cells that must not change, a
// largest change per cell, an earthwork budget (cut plus fill, m³) and a balance of cut and fill (net
// volume zero). The Euclidean projection of a change Δ onto all of them at once is, cell by cell,
// Δ_i = clip(soft(v_i − τ, λ), −M, M) on free cells and 0 on protected ones, with λ ≥ 0 the price
// of the budget and τ that of the balance (KKT conditions of a separable convex problem); both are
// found by bisection, since the volume and the net are monotone in them.

export interface DesignConstraints {
  /** 1 where the ground may change */
  free: Uint8Array;
  /** largest |Δz| per cell (m), Infinity for none */
  maxChange: number;
  /** cut + fill (m³), Infinity for none */
  budget: number;
  /** net volume zero */
  balance: boolean;
  /** cell area (m²) */
  cellArea: number;
}

const soft = (x: number, l: number) => (x > l ? x - l : x < -l ? x + l : 0);

function apply(v: Float64Array, c: DesignConstraints, tau: number, lambda: number, out: Float64Array): void {
  const M = c.maxChange;
  for (let i = 0; i < v.length; i++) {
    if (!c.free[i]) {
      out[i] = 0;
      continue;
    }
    const s = soft(v[i] - tau, lambda);
    out[i] = s > M ? M : s < -M ? -M : s;
  }
}

function net(d: Float64Array): number {
  let s = 0;
  for (const x of d) s += x;
  return s;
}

function volume(d: Float64Array): number {
  let s = 0;
  for (const x of d) s += Math.abs(x);
  return s;
}

/** τ with Σ Δ(τ, λ) = 0 (the net is non-increasing in τ). */
function balanceShift(v: Float64Array, c: DesignConstraints, lambda: number, scratch: Float64Array): number {
  let lo = -1, hi = 1;
  const at = (t: number) => (apply(v, c, t, lambda, scratch), net(scratch));
  while (at(lo) < 0) lo *= 2;
  while (at(hi) > 0) hi *= 2;
  for (let k = 0; k < 80 && hi - lo > 1e-12; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The point of the constraint set nearest to v (in place into `out`). */
export function project(v: Float64Array, c: DesignConstraints, out = new Float64Array(v.length)): Float64Array {
  const scratch = new Float64Array(v.length);
  const limit = c.budget / c.cellArea;
  const solve = (lambda: number) => {
    const tau = c.balance ? balanceShift(v, c, lambda, scratch) : 0;
    apply(v, c, tau, lambda, out);
    return out;
  };
  if (volume(solve(0)) > limit) {
    let lo = 0, hi = 1;
    while (volume(solve(hi)) > limit) hi *= 2;
    for (let k = 0; k < 80 && hi - lo > 1e-12; k++) {
      const mid = (lo + hi) / 2;
      if (volume(solve(mid)) > limit) lo = mid;
      else hi = mid;
    }
    solve(hi);
  }
  if (c.balance) {
    // the bisection leaves the net at ~1e-12 m·cells; put that residue on the free cell with most room
    const r = net(out);
    let best = -1;
    for (let i = 0; i < out.length; i++) if (c.free[i] && Math.abs(out[i] - r) <= c.maxChange && (best < 0 || Math.abs(out[i]) > Math.abs(out[best]))) best = i;
    if (best >= 0) out[best] -= r;
  }
  return out;
}

export interface ConstraintReport {
  protected_cells_changed: number;
  max_abs_change_m: number;
  max_change_limit_m: number | null;
  cut_m3: number;
  fill_m3: number;
  earthwork_m3: number;
  budget_m3: number | null;
  net_m3: number;
  balanced: boolean | null;
  all_hold: boolean;
}

/** What the report proves: each constraint checked on the final change. */
export function checkConstraints(d: Float64Array, c: DesignConstraints, tol = 1e-6): ConstraintReport {
  let changed = 0, maxAbs = 0, cut = 0, fill = 0;
  for (let i = 0; i < d.length; i++) {
    if (!c.free[i] && d[i] !== 0) changed++;
    maxAbs = Math.max(maxAbs, Math.abs(d[i]));
    if (d[i] < 0) cut -= d[i];
    else fill += d[i];
  }
  cut *= c.cellArea;
  fill *= c.cellArea;
  const netV = fill - cut;
  const okMax = maxAbs <= c.maxChange + tol;
  const okBudget = cut + fill <= c.budget * (1 + 1e-9) + tol;
  const okBalance = !c.balance || Math.abs(netV) <= Math.max(tol, 1e-9 * (cut + fill));
  return {
    protected_cells_changed: changed,
    max_abs_change_m: maxAbs,
    max_change_limit_m: Number.isFinite(c.maxChange) ? c.maxChange : null,
    cut_m3: cut,
    fill_m3: fill,
    earthwork_m3: cut + fill,
    budget_m3: Number.isFinite(c.budget) ? c.budget : null,
    net_m3: netV,
    balanced: c.balance ? okBalance : null,
    all_hold: changed === 0 && okMax && okBudget && okBalance,
  };
}
