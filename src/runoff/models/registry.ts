// The rainfall-runoff model zoo: adding a model is one file and one line here; the config's `model`
// enum comes from these names.
import { Registry } from "../../util/registry.js";
import { ModelSpec, RunoffModel } from "./base.js";
import { PlainLSTM } from "./lstm.js";
import { ConcatLSTM } from "./ctlstm.js";
import { FeatureModulatedLSTM } from "./fmlstm.js";
import { EntityAwareLSTM } from "./ea-model.js";

export const runoffModels = new Registry<(spec: ModelSpec) => RunoffModel>("runoff model")
  .add("ealstm", (s) => new EntityAwareLSTM(s))
  .add("ctlstm", (s) => new ConcatLSTM(s))
  .add("srlstm_ea", (s) => new EntityAwareLSTM(s))
  .add("fmlstm", (s) => new FeatureModulatedLSTM(s))
  .add("lstm", (s) => new PlainLSTM(s));

export function createModel(spec: ModelSpec): RunoffModel {
  return runoffModels.get(spec.model)(spec);
}

export { RunoffModel, PlainLSTM, ConcatLSTM, FeatureModulatedLSTM, EntityAwareLSTM };
export type { ModelSpec };
