// Module: named parameters, buffers and children; keys are PyTorch's dotted names
// ("encoder.conv1.weight"), so a state dict moves to and from PyTorch through safetensors.
import { native } from "../../native/addon.js";
import { keep, noGrad, dispose } from "../scope.js";
import { Tensor } from "../tensor.js";
import { DType } from "../dtype.js";

export abstract class Module {
  training = true;
  private readonly ownParams = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly ownChildren = new Map<string, Module>();

  protected registerParameter(name: string, t: Tensor): Tensor {
    keep(t);
    t.requiresGrad_(true);
    this.ownParams.set(name, t);
    return t;
  }

  protected registerBuffer(name: string, t: Tensor): Tensor {
    keep(t);
    this.ownBuffers.set(name, t);
    return t;
  }

  protected registerModule<M extends Module>(name: string, m: M): M {
    this.ownChildren.set(name, m);
    return m;
  }

  children(): [string, Module][] {
    return [...this.ownChildren.entries()];
  }

  namedParameters(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, p] of this.ownParams) out.push([prefix + n, p]);
    for (const [n, c] of this.ownChildren) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, b] of this.ownBuffers) out.push([prefix + n, b]);
    for (const [n, c] of this.ownChildren) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Parameters and buffers by dotted name (the tensors themselves, not copies). */
  stateDict(): Map<string, Tensor> {
    return new Map([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /** Copies values into this module's tensors. strict: every key must match, both ways, with equal shapes. */
  loadStateDict(state: Map<string, Tensor>, strict = true): void {
    const own = this.stateDict();
    if (strict) {
      const missing = [...own.keys()].filter((k) => !state.has(k));
      const unexpected = [...state.keys()].filter((k) => !own.has(k));
      if (missing.length || unexpected.length)
        throw new Error(`state dict does not match the model: missing [${missing.join(", ")}], unexpected [${unexpected.join(", ")}]`);
    }
    noGrad(() => {
      for (const [k, target] of own) {
        const src = state.get(k);
        if (!src) continue;
        const a = target.shape.join("x");
        const b = src.shape.join("x");
        if (a !== b) throw new Error(`state dict entry '${k}' has shape [${b}], the model expects [${a}]`);
        target.copy_(src);
      }
    });
  }

  train(mode = true): this {
    this.training = mode;
    for (const [, c] of this.ownChildren) c.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** requires_grad_ on every parameter, as module.requires_grad_(False) in PyTorch. */
  requiresGrad_(value = true): this {
    for (const p of this.parameters()) p.requiresGrad_(value);
    return this;
  }

  /**
   * Frozen for gradients with respect to inputs only (a surrogate under design): no parameter
   * requires a gradient, and the module is in eval mode (dropout off, batch-norm statistics fixed).
   */
  freeze(): this {
    return this.requiresGrad_(false).eval();
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Moves or casts every parameter and buffer in place (their identities stay, as module.to in PyTorch). */
  to(target: DType | string): this {
    noGrad(() => {
      for (const [, t] of [...this.namedParameters(), ...this.namedBuffers()]) {
        const moved = t.to(target);
        native.setData(t.id, moved.id);
        moved.dispose();
      }
    });
    return this;
  }

  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.numel(), 0);
  }

  dispose(): void {
    dispose([...this.stateDict().values()]);
  }
}
