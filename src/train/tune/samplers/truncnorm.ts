// The truncated normal pieces TPE needs, in log space so that far tails stay finite: erf/erfc (the
// rational approximations of Sun's fdlibm, freely granted), log Φ with an asymptotic series below −20,
// the log mass of an interval, the quantile by bisection on log Φ, and the log density. These are the
// rules Optuna 3.1's TPE uses (optuna/samplers/_tpe/_truncnorm.py), written anew.

const erx = 8.45062911510467529297e-1;
const efx = 1.28379167095512586316e-1;
const pp = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const qq = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const pa = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const qa = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const ra = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592];
const sa = [1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2];
const rb = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const sb = [3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

/** c[0] + s·(c[1] + s·(…)) */
function horner(c: readonly number[], s: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = c[i] + s * r;
  return r;
}
/** 1 + s·(c[0] + s·(c[1] + …)) */
function horner1(c: readonly number[], s: number): number {
  return 1 + s * horner(c, s);
}

const word = new Float64Array(1);
const words = new Uint32Array(word.buffer);
/** x with the low 32 bits of its mantissa cleared (fdlibm's SET_LOW_WORD(z, 0)). */
function truncateLow(x: number): number {
  word[0] = x;
  words[0] = 0;
  return word[0];
}

/** exp(−x² − 0.5625 + R/S) for x ≥ 1.25, split so that −x² keeps its precision. */
function tailFactor(x: number): number {
  const s = 1 / (x * x);
  const [R, S] = x < 1 / 0.35 ? [horner(ra, s), horner1(sa, s)] : [horner(rb, s), horner1(sb, s)];
  const z = truncateLow(x);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + R / S);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + efx * x;
    const z = x * x;
    return x + x * (horner(pp, z) / horner1(qq, z));
  }
  if (a < 1.25) {
    const s = a - 1;
    const v = erx + horner(pa, s) / horner1(qa, s);
    return x >= 0 ? v : -v;
  }
  if (a >= 6) return x >= 0 ? 1 : -1;
  const r = tailFactor(a) / a;
  return x >= 0 ? 1 - r : r - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = horner(pp, z) / horner1(qq, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (a < 1.25) {
    const s = a - 1;
    const pq = horner(pa, s) / horner1(qa, s);
    return x >= 0 ? 1 - erx - pq : 1 + (erx + pq);
  }
  if (a < 28) {
    if (x < -6) return 2;
    const r = tailFactor(a) / a;
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

/** Φ(a), the standard normal distribution function, accurate in both tails. */
export function ndtr(a: number): number {
  const x = a * SQRT1_2;
  if (x < -SQRT1_2) return 0.5 * erfc(-x);
  if (x < SQRT1_2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/** log Φ(a); below −20 by the asymptotic series of the Mills ratio. */
export function logNdtr(a: number): number {
  if (a > 6) return -ndtr(-a);
  if (a > -20) return Math.log(ndtr(a));
  const logLhs = -0.5 * a * a - Math.log(-a) - 0.5 * Math.log(2 * Math.PI);
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denomFactor = 1;
  const denomCons = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON; i++) {
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + Math.log(rhs);
}

/** numpy's logaddexp. */
export function logAddExp(x: number, y: number): number {
  if (x === y) return x + Math.LN2;
  const d = x - y;
  if (d > 0) return x + Math.log1p(Math.exp(-d));
  if (d <= 0) return y + Math.log1p(Math.exp(d));
  return x + y;
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/** log of the standard normal mass in [a, b]; each tail is computed on its own side to keep precision. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** x with log Φ(x) = y, by 100 bisection steps on [−100, 100]. */
function ndtriExp(y: number): number {
  let a = -100;
  let b = 100;
  if (logNdtr(a) > y) [a, b] = [b, a];
  let m = 0;
  for (let i = 0; i < 100; i++) {
    m = (a + b) / 2;
    if (logNdtr(m) < y) a = m;
    else b = m;
  }
  return m;
}

/** The q-quantile of the standard normal truncated to [a, b]. */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (a === b) return NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logGaussMass(a, b)));
  return -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logGaussMass(a, b)));
}

/** log of the standard normal density. */
export function normLogPdf(x: number): number {
  return -(x * x) / 2 - LOG_SQRT_2PI;
}
