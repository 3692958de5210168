// The samplers' random numbers: the Mersenne Twister MT19937 seeded and read the way numpy's legacy
// RandomState does (init_genrand seeding, 53-bit doubles from two 32-bit words), so a sampler with a
// seed draws the same stream as Optuna's with that seed, and a study can be compared draw by draw.
const N = 624;
const M = 397;

export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number = randomSeed()) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed: expected a whole number in [0, 2^32), got ${seed}`);
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (numpy's random_sample). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** numpy's uniform(low, high): low + (high − low)·u. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** Indices drawn with probabilities p (numpy's choice(len(p), size, p=p)): the normalised cumulative sum searched on the right. */
  choice(p: ArrayLike<number>, size: number): Int32Array {
    const cdf = new Float64Array(p.length);
    let s = 0;
    for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
    const total = cdf[cdf.length - 1];
    for (let i = 0; i < cdf.length; i++) cdf[i] /= total;
    const out = new Int32Array(size);
    for (let k = 0; k < size; k++) out[k] = searchRight(cdf, this.random());
    return out;
  }

  /** A whole number in [0, n), unbiased (rejection on a bit mask). */
  below(n: number): number {
    if (!(n >= 1 && n <= 0x100000000)) throw new RangeError(`below: expected 1 ≤ n ≤ 2^32, got ${n}`);
    if (n === 1) return 0;
    const max = n - 1;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0;
      if (v <= max) return v;
    }
  }
}

/** The first index whose value exceeds x (numpy's searchsorted side='right'). */
function searchRight(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A seed from the clock and the process when the user gives none. */
export function randomSeed(): number {
  const t = (Date.now() ^ (process.pid << 16)) >>> 0;
  return (Math.imul(t ^ (t >>> 15), 0x2c1b3c6d) ^ Math.floor(Math.random() * 0x100000000)) >>> 0;
}
