// Goodness-of-fit for simulated against observed series. Pairs where either value is NaN are
// left out; every function needs at least two valid pairs.

function validPairs(sim: ArrayLike<number>, obs: ArrayLike<number>, what: string): [number[], number[]] {
  if (sim.length !== obs.length) throw new RangeError(`${what}: simulated has ${sim.length} values, observed ${obs.length}`);
  const s: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < obs.length; i++) {
    if (Number.isFinite(sim[i]) && Number.isFinite(obs[i])) {
      s.push(sim[i]);
      o.push(obs[i]);
    }
  }
  if (o.length < 2) throw new RangeError(`${what}: fewer than two valid (non-NaN) pairs`);
  return [s, o];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

/** Nash–Sutcliffe efficiency: 1 − Σ(s−o)² / Σ(o−ō)². */
export function nse(sim: ArrayLike<number>, obs: ArrayLike<number>): number {
  const [s, o] = validPairs(sim, obs, "NSE");
  const m = mean(o);
  let num = 0;
  let den = 0;
  for (let i = 0; i < o.length; i++) {
    num += (s[i] - o[i]) ** 2;
    den += (o[i] - m) ** 2;
  }
  if (den === 0) throw new RangeError("NSE: observed series is constant");
  return 1 - num / den;
}

/** Kling–Gupta efficiency (Gupta et al. 2009): 1 − √((r−1)² + (α−1)² + (β−1)²), α = σs/σo, β = μs/μo. */
export function kge(sim: ArrayLike<number>, obs: ArrayLike<number>): number {
  const [s, o] = validPairs(sim, obs, "KGE");
  const ms = mean(s);
  const mo = mean(o);
  const ss = std(s);
  const so = std(o);
  let cov = 0;
  for (let i = 0; i < o.length; i++) cov += (s[i] - ms) * (o[i] - mo);
  const r = cov / o.length / (ss * so);
  return 1 - Math.sqrt((r - 1) ** 2 + (ss / so - 1) ** 2 + (ms / mo - 1) ** 2);
}

export function rmse(sim: ArrayLike<number>, obs: ArrayLike<number>): number {
  const [s, o] = validPairs(sim, obs, "RMSE");
  return Math.sqrt(s.reduce((a, v, i) => a + (v - o[i]) ** 2, 0) / o.length);
}

export function mae(sim: ArrayLike<number>, obs: ArrayLike<number>): number {
  const [s, o] = validPairs(sim, obs, "MAE");
  return s.reduce((a, v, i) => a + Math.abs(v - o[i]), 0) / o.length;
}
