// What a calibration maximises: the KGE of one model, or, jointly, the mean KGE of several models
// that share one storage capacity. The joint parameter vector is [capacity, then each model's
// other parameters in the model's order]; each model runs with the shared capacity in place of its
// own capacity parameter (abcd b, GR2M X1, DWBM Smax).
import { WaterBalanceModel, capacityIndex } from "../models/model.js";
import { ForcingSet, simulate } from "../models/simulate.js";

export type Bounds = [number, number];

export interface SearchSpace {
  names: string[];
  lower: number[];
  upper: number[];
}

/** Per-model parameter bounds: the model's defaults, with overrides by parameter name. */
export function modelBounds(model: WaterBalanceModel, overrides: Record<string, Bounds> = {}, capacity?: Bounds): Bounds[] {
  for (const name of Object.keys(overrides))
    if (!model.parameters.some((p) => p.name === name)) throw new Error(`bounds for ${model.name}: no parameter '${name}'; its parameters are ${model.parameters.map((p) => p.name).join(", ")}`);
  return model.parameters.map((p) => {
    const b = p.name === model.capacity && capacity ? capacity : (overrides[p.name] ?? [p.lower, p.upper]);
    if (!(b[0] < b[1])) throw new Error(`bounds for ${model.name} parameter ${p.name}: lower ${b[0]} must be below upper ${b[1]}`);
    return b;
  });
}

export interface Objective {
  space: SearchSpace;
  /** Loss 1 − KGE (mean KGE when joint) of each candidate; candidate j runs on basin basinOf[j]. */
  loss(basinOf: Int32Array, x: Float64Array[]): Float64Array;
  /** KGE of each model for one candidate per basin (rows: models). */
  kgePerModel(basinOf: Int32Array, x: Float64Array[]): Float64Array[];
  /** The parameters of model m (in its own order) from a candidate vector. */
  modelParameters(m: number, x: Float64Array[]): Float64Array[];
  models: WaterBalanceModel[];
}

export function singleObjective(model: WaterBalanceModel, forcing: ForcingSet, warmUp: number, bounds: Bounds[], counter?: { runs: number }): Objective {
  const kgePerModel = (basinOf: Int32Array, x: Float64Array[]) => {
    if (counter) counter.runs += basinOf.length;
    return [simulate(model, forcing, basinOf, x, { warmUp, kge: true }).kge as Float64Array];
  };
  return {
    models: [model],
    space: { names: model.parameters.map((p) => `${model.name}.${p.name}`), lower: bounds.map((b) => b[0]), upper: bounds.map((b) => b[1]) },
    loss: (basinOf, x) => kgePerModel(basinOf, x)[0].map((k) => 1 - k),
    kgePerModel,
    modelParameters: (_m, x) => x,
  };
}

export function jointObjective(models: WaterBalanceModel[], forcing: ForcingSet, warmUp: number, bounds: Bounds[][], capacity: Bounds, counter?: { runs: number }): Objective {
  const names = ["capacity"];
  const lower = [capacity[0]];
  const upper = [capacity[1]];
  // where each model's parameters come from in the joint vector (0 = the shared capacity)
  const slots = models.map((model, m) => {
    const cap = capacityIndex(model);
    return model.parameters.map((p, k) => {
      if (k === cap) return 0;
      names.push(`${model.name}.${p.name}`);
      lower.push(bounds[m][k][0]);
      upper.push(bounds[m][k][1]);
      return names.length - 1;
    });
  });
  const modelParameters = (m: number, x: Float64Array[]) => slots[m].map((s) => x[s]);
  const kgePerModel = (basinOf: Int32Array, x: Float64Array[]) =>
    models.map((model, m) => {
      if (counter) counter.runs += basinOf.length;
      return simulate(model, forcing, basinOf, modelParameters(m, x), { warmUp, kge: true }).kge as Float64Array;
    });
  return {
    models,
    space: { names, lower, upper },
    loss: (basinOf, x) => {
      const k = kgePerModel(basinOf, x);
      return Float64Array.from(basinOf, (_, j) => 1 - k.reduce((s, km) => s + km[j], 0) / k.length);
    },
    kgePerModel,
    modelParameters,
  };
}
