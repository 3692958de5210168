// What a monthly water-balance model is to the rest of cwsc: named parameters with bounds, one of
// them the storage capacity, named states (mm), and a step that advances many columns (basins,
// grid cells or candidate parameter sets) by one month at once.

export type ModelName = "abcd" | "gr2m" | "dwbm";

export interface ParameterSpec {
  name: string;
  lower: number;
  upper: number;
  unit: string;
  description: string;
}

/**
 * Advances columns 0..n−1 by one month. p and pet are the month's precipitation and potential
 * evapotranspiration per column (mm), params[k][j] is parameter k of column j, states[k][j] state k
 * (updated in place), q[j] receives the runoff (mm). When diag is given, diag[k][j] receives the
 * model's k-th diagnostic (its intermediate fluxes and stores, in the order of `diagnostics`).
 */
export type StepFunction = (
  n: number,
  p: Float64Array,
  pet: Float64Array,
  params: Float64Array[],
  states: Float64Array[],
  q: Float64Array,
  diag: Float64Array[] | null,
) => void;

export interface WaterBalanceModel {
  name: ModelName;
  title: string;
  reference: string;
  parameters: ParameterSpec[];
  /** The parameter that is the catchment water storage capacity (mm). */
  capacity: string;
  /** Stores in mm; their sum is the water held at the end of a month. */
  states: string[];
  diagnostics: string[];
  /**
   * The terms of the monthly water balance, as diagnostic names:
   * P + exchange = evaporation + runoff + Δ(sum of states). `exchange` is absent for closed models.
   */
  balance: { evaporation: string; exchange?: string };
  /** Sets the states of columns 0..n−1 before the first month (warm-up starts from them). */
  initialStates(n: number, params: Float64Array[], states: Float64Array[]): void;
  step: StepFunction;
}

export function parameterIndex(model: WaterBalanceModel, name: string): number {
  const i = model.parameters.findIndex((p) => p.name === name);
  if (i < 0) throw new Error(`model ${model.name} has no parameter '${name}'; its parameters are ${model.parameters.map((p) => p.name).join(", ")}`);
  return i;
}

export function capacityIndex(model: WaterBalanceModel): number {
  return parameterIndex(model, model.capacity);
}
