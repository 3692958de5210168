// Observed/simulated pairs, in neuralhydrology's argument order (obs, sim). Pairs where either value
// is not finite are left out.

export type Series = ArrayLike<number>;

export function validPairs(obs: Series, sim: Series, what: string, minimum = 2): [number[], number[]] {
  if (sim.length !== obs.length) throw new RangeError(`${what}: observed has ${obs.length} values, simulated ${sim.length}`);
  const o: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < obs.length; i++) {
    if (Number.isFinite(sim[i]) && Number.isFinite(obs[i])) {
      o.push(obs[i]);
      s.push(sim[i]);
    }
  }
  if (o.length < minimum) throw new RangeError(`${what}: fewer than ${minimum === 1 ? "one" : minimum === 2 ? "two" : minimum} valid (finite) pairs`);
  return [o, s];
}

export const mean = (xs: ArrayLike<number>): number => {
  let a = 0;
  for (let i = 0; i < xs.length; i++) a += xs[i];
  return a / xs.length;
};

/** Population standard deviation. */
export const std = (xs: ArrayLike<number>): number => {
  const m = mean(xs);
  let a = 0;
  for (let i = 0; i < xs.length; i++) a += (xs[i] - m) ** 2;
  return Math.sqrt(a / xs.length);
};

export function median(xs: ArrayLike<number>): number {
  const v = Array.from(xs).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}
