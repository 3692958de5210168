// The generated module's text for the libtorch the addon is built against.
import { schemaOf } from "../../src/torch/dispatch.js";
import { buildConfig } from "../../src/torch/runtime.js";
import { generate } from "./emit.js";
import { opList } from "./list.js";

export function libtorchVersion(): string {
  const m = /TORCH_VERSION=([\w.+-]+)/.exec(buildConfig());
  if (!m) throw new Error("the addon's libtorch does not report TORCH_VERSION in its build configuration");
  return m[1];
}

export function generatedAten(): string {
  return generate(opList, schemaOf, libtorchVersion());
}
