// Learning-rate schedules with PyTorch's rules. step() is called once after each epoch (the trainer
// does it) and sets optimizer.lr for the next one; `steps` counts the calls, PyTorch's last_epoch.
import { Optimizer } from "./optimizer.js";

export abstract class LRScheduler {
  protected steps = 0;
  readonly baseLr: number;
  constructor(protected readonly optimizer: Optimizer) {
    this.baseLr = optimizer.lr;
  }
  step(metric?: number): number {
    this.steps++;
    this.optimizer.lr = this.lrAt(this.steps, metric);
    return this.optimizer.lr;
  }
  protected abstract lrAt(steps: number, metric?: number): number;
}

export class StepLR extends LRScheduler {
  constructor(opt: Optimizer, readonly stepSize: number, readonly gamma = 0.1) {
    super(opt);
  }
  protected lrAt(steps: number): number {
    return this.baseLr * this.gamma ** Math.floor(steps / this.stepSize);
  }
}

export class ExponentialLR extends LRScheduler {
  constructor(opt: Optimizer, readonly gamma: number) {
    super(opt);
  }
  protected lrAt(steps: number): number {
    return this.baseLr * this.gamma ** steps;
  }
}

/** PyTorch's CosineAnnealingLR, whose closed form keeps oscillating past tMax (it is not clamped). */
export class CosineAnnealingLR extends LRScheduler {
  constructor(opt: Optimizer, readonly tMax: number, readonly etaMin = 0) {
    super(opt);
  }
  protected lrAt(steps: number): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * steps) / this.tMax))) / 2;
  }
}

/**
 * neuralhydrology's `learning_rate: {0: 1e-3, 10: 5e-4}`: epoch e (1-based) runs at the rate of the
 * last listed epoch ≤ e. Set at construction for epoch 1, then after each epoch for the next.
 */
export class EpochTableLR extends LRScheduler {
  private readonly table: [number, number][];
  constructor(opt: Optimizer, table: Record<number | string, number>) {
    super(opt);
    this.table = Object.entries(table)
      .map(([e, lr]) => [Number(e), lr] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    this.optimizer.lr = this.lrAt(0);
  }
  protected lrAt(steps: number): number {
    const epoch = steps + 1;
    let lr = this.baseLr;
    for (const [e, value] of this.table) if (e <= epoch) lr = value;
    return lr;
  }
}

export interface PlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  /** relative improvement needed (PyTorch's threshold_mode "rel") */
  threshold?: number;
  cooldown?: number;
  minLr?: number;
  eps?: number;
}

/** PyTorch's ReduceLROnPlateau (threshold_mode "rel"), defaults included. */
export class ReduceLROnPlateau extends LRScheduler {
  private best: number;
  private bad = 0;
  private cooldownLeft = 0;
  readonly o: Required<PlateauOptions>;
  constructor(opt: Optimizer, o: PlateauOptions = {}) {
    super(opt);
    this.o = { mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, cooldown: 0, minLr: 0, eps: 1e-8, ...o };
    if (!(this.o.factor < 1)) throw new RangeError(`ReduceLROnPlateau: factor must be below 1, got ${this.o.factor}`);
    this.best = this.o.mode === "min" ? Infinity : -Infinity;
  }
  private better(a: number): boolean {
    return this.o.mode === "min" ? a < this.best * (1 - this.o.threshold) : a > this.best * (1 + this.o.threshold);
  }
  protected lrAt(_steps: number, metric?: number): number {
    if (metric === undefined || Number.isNaN(metric)) throw new Error("ReduceLROnPlateau.step needs the monitored metric");
    if (this.better(metric)) {
      this.best = metric;
      this.bad = 0;
    } else this.bad++;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.bad = 0;
    }
    const lr = this.optimizer.lr;
    if (this.bad > this.o.patience) {
      this.cooldownLeft = this.o.cooldown;
      this.bad = 0;
      const next = Math.max(lr * this.o.factor, this.o.minLr);
      return lr - next > this.o.eps ? next : lr;
    }
    return lr;
  }
}
