// Optimizer base: parameters, per-parameter state tensors, state dicts for checkpoints.
import { noGrad, tidy, keep, dispose } from "../scope.js";
import { Tensor } from "../tensor.js";

export interface OptimizerState {
  tensors: Map<string, Tensor>;
  meta: Record<string, number>;
}

export abstract class Optimizer {
  lr: number;
  protected readonly state: Map<string, Tensor>[];
  protected stepCount = 0;

  constructor(readonly params: Tensor[], lr: number) {
    if (!(lr > 0)) throw new RangeError(`learning rate must be positive, got ${lr}`);
    if (params.length === 0) throw new Error("optimizer got an empty parameter list");
    this.lr = lr;
    this.state = params.map(() => new Map());
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  step(): void {
    this.stepCount++;
    noGrad(() =>
      tidy(() => {
        this.params.forEach((p, i) => {
          const g = p.grad;
          if (g !== null) this.update(p, g, this.state[i]);
        });
      }),
    );
  }

  /** One parameter's update; new state tensors go through initState so they outlive the step. */
  protected abstract update(param: Tensor, grad: Tensor, state: Map<string, Tensor>): void;

  protected initState(state: Map<string, Tensor>, name: string, make: () => Tensor): Tensor {
    let t = state.get(name);
    if (!t) {
      t = keep(make());
      state.set(name, t);
    }
    return t;
  }

  stateDict(): OptimizerState {
    const tensors = new Map<string, Tensor>();
    this.state.forEach((s, i) => s.forEach((t, name) => tensors.set(`state.${i}.${name}`, t)));
    return { tensors, meta: { step: this.stepCount, lr: this.lr } };
  }

  loadStateDict(saved: OptimizerState): void {
    dispose(this.state.flatMap((s) => [...s.values()]));
    this.state.forEach((s) => s.clear());
    for (const [key, t] of saved.tensors) {
      const m = /^state\.(\d+)\.(.+)$/.exec(key);
      if (!m || Number(m[1]) >= this.state.length) throw new Error(`optimizer state entry '${key}' does not belong to this model's ${this.state.length} parameters`);
      this.state[Number(m[1])].set(m[2], keep(t.clone()));
    }
    this.stepCount = saved.meta.step ?? 0;
    if (saved.meta.lr !== undefined) this.lr = saved.meta.lr;
  }

  dispose(): void {
    dispose(this.state.flatMap((s) => [...s.values()]));
  }
}
