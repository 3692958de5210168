import { native } from "../native/addon.js";
import { T, Tensor } from "./tensor.js";

export interface GradOptions {
  gradOutputs?: (Tensor | null)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

/** torch.autograd.grad: d(outputs)/d(inputs) without touching .grad; null where an input is unused. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const ids = native.autogradGrad(
    outs.map((t) => t.id),
    ins.map((t) => t.id),
    opts.gradOutputs ? opts.gradOutputs.map((t) => (t ? t.id : null)) : null,
    opts.retainGraph ?? null,
    opts.createGraph ?? false,
    opts.allowUnused ?? false,
  );
  return ids.map((id) => (id === null ? null : T(id)));
}
