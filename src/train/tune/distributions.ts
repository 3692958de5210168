// What a parameter may take: a float range (optionally log-scaled or on a step grid), an integer range
// (log or step), or a list of choices. Parameters are stored in an internal number form (the float,
// the integer, or the index of the choice), as Optuna stores them.

export type Choice = string | number | boolean | null;
export type ParamValue = Choice;

export interface FloatDistribution {
  readonly kind: "float";
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

export interface IntDistribution {
  readonly kind: "int";
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export interface CategoricalDistribution {
  readonly kind: "categorical";
  readonly choices: readonly Choice[];
}

export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

export class DistributionError extends Error {}

/** Decimal steps such as 0.1 counted without binary round-off: the number of whole steps in [low, high]. */
function wholeSteps(low: number, high: number, step: number): number {
  const digits = Math.max(decimals(low), decimals(high), decimals(step));
  const scale = 10 ** Math.min(digits, 15);
  const r = Math.round(high * scale) - Math.round(low * scale);
  const s = Math.round(step * scale);
  return s > 0 && Number.isSafeInteger(r) ? Math.floor(r / s + 1e-9) : Math.floor((high - low) / step + 1e-9);
}

function decimals(x: number): number {
  const text = String(x);
  const e = /e-(\d+)$/.exec(text);
  if (e) return Number(e[1]) + (text.split("e")[0].split(".")[1]?.length ?? 0);
  return text.split(".")[1]?.length ?? 0;
}

export function floatDistribution(name: string, low: number, high: number, o: { log?: boolean; step?: number | null } = {}): FloatDistribution {
  const log = o.log ?? false;
  const step = o.step ?? null;
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new DistributionError(`${name}: low and high must be finite numbers, got [${low}, ${high}]`);
  if (log && step !== null) throw new DistributionError(`${name}: step cannot be combined with log`);
  if (low > high) throw new DistributionError(`${name}: the range [${low}, ${high}] is inverted (low > high)`);
  if (log && low <= 0) throw new DistributionError(`${name}: a log range needs low > 0, got ${low}`);
  if (step !== null && !(step > 0)) throw new DistributionError(`${name}: step must be > 0, got ${step}`);
  // like Optuna, a range that is not a whole number of steps ends at the last step inside it
  const top = step === null ? high : Number((low + wholeSteps(low, high, step) * step).toPrecision(15));
  return { kind: "float", low, high: Math.min(top, high), log, step };
}

export function intDistribution(name: string, low: number, high: number, o: { log?: boolean; step?: number } = {}): IntDistribution {
  const log = o.log ?? false;
  const step = o.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new DistributionError(`${name}: an integer range needs whole numbers, got [${low}, ${high}]`);
  if (log && step !== 1) throw new DistributionError(`${name}: a log integer range takes step 1 only, got ${step}`);
  if (low > high) throw new DistributionError(`${name}: the range [${low}, ${high}] is inverted (low > high)`);
  if (log && low < 1) throw new DistributionError(`${name}: a log integer range needs low ≥ 1, got ${low}`);
  if (!Number.isInteger(step) || step < 1) throw new DistributionError(`${name}: step must be a whole number ≥ 1, got ${step}`);
  return { kind: "int", low, high: low + Math.floor((high - low) / step) * step, log, step };
}

export function categoricalDistribution(name: string, choices: readonly Choice[]): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) throw new DistributionError(`${name}: a categorical parameter needs at least one choice`);
  for (const c of choices)
    if (c !== null && !["string", "number", "boolean"].includes(typeof c))
      throw new DistributionError(`${name}: choices must be strings, numbers, booleans or null, got ${JSON.stringify(c)}`);
  return { kind: "categorical", choices: [...choices] };
}

/** True when the distribution has one value only (it is then not sampled). */
export function isSingle(d: Distribution): boolean {
  if (d.kind === "categorical") return d.choices.length === 1;
  if (d.low === d.high) return true;
  if (d.kind === "int") return !d.log && d.high - d.low < d.step;
  return d.step !== null && wholeSteps(d.low, d.high, d.step) < 1;
}

export function singleValue(d: Distribution): ParamValue {
  return d.kind === "categorical" ? d.choices[0] : d.low;
}

function sameChoice(a: Choice, b: Choice): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

export function toInternal(d: Distribution, value: ParamValue): number {
  if (d.kind === "categorical") {
    const i = d.choices.findIndex((c) => sameChoice(c, value));
    if (i < 0) throw new DistributionError(`${JSON.stringify(value)} is not one of ${JSON.stringify(d.choices)}`);
    return i;
  }
  if (typeof value !== "number" || Number.isNaN(value)) throw new DistributionError(`${JSON.stringify(value)} is not a number`);
  if (d.log && value <= 0) throw new DistributionError(`${value} is not valid on a log scale`);
  return value;
}

export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.kind === "categorical") return d.choices[Math.trunc(internal)];
  if (d.kind === "int") return Math.trunc(internal);
  return internal;
}

export function contains(d: Distribution, internal: number): boolean {
  if (d.kind === "categorical") return Number.isInteger(internal) && internal >= 0 && internal < d.choices.length;
  if (!(internal >= d.low && internal <= d.high)) return false;
  if (d.kind === "int") return (internal - d.low) % d.step === 0;
  if (d.step === null) return true;
  const k = (internal - d.low) / d.step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "categorical") {
    const c = (b as CategoricalDistribution).choices;
    return a.choices.length === c.length && a.choices.every((x, i) => sameChoice(x, c[i]));
  }
  const o = b as FloatDistribution | IntDistribution;
  return a.low === o.low && a.high === o.high && a.log === o.log && a.step === o.step;
}

/** A parameter name keeps its kind and scale across trials, as in Optuna; ranges may change. */
export function checkCompatible(name: string, old: Distribution, next: Distribution): void {
  if (old.kind !== next.kind) throw new DistributionError(`${name}: was suggested as ${old.kind} before, now as ${next.kind}`);
  if (old.kind !== "categorical" && old.log !== (next as FloatDistribution).log) throw new DistributionError(`${name}: was suggested with log=${old.log} before`);
  if (old.kind === "categorical" && !sameDistribution(old, next)) throw new DistributionError(`${name}: categorical choices cannot change between calls`);
}

export function describe(d: Distribution): string {
  if (d.kind === "categorical") return `one of ${JSON.stringify(d.choices)}`;
  const extra = [d.log ? "log" : "", d.kind === "float" && d.step !== null ? `step ${d.step}` : d.kind === "int" && d.step !== 1 ? `step ${d.step}` : ""].filter(Boolean);
  return `${d.kind} in [${d.low}, ${d.high}]${extra.length ? ` (${extra.join(", ")})` : ""}`;
}
