// Learning-rate schedules. Each sets optimizer.lr when step() is called once per epoch.
import { Optimizer } from "./optimizer.js";

export abstract class LRScheduler {
  protected epoch = 0;
  readonly baseLr: number;
  constructor(protected readonly optimizer: Optimizer) {
    this.baseLr = optimizer.lr;
  }
  step(metric?: number): number {
    this.epoch++;
    this.optimizer.lr = this.lrAt(this.epoch, metric);
    return this.optimizer.lr;
  }
  protected abstract lrAt(epoch: number, metric?: number): number;
}

export class StepLR extends LRScheduler {
  constructor(opt: Optimizer, readonly stepSize: number, readonly gamma = 0.1) {
    super(opt);
  }
  protected lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

export class ExponentialLR extends LRScheduler {
  constructor(opt: Optimizer, readonly gamma: number) {
    super(opt);
  }
  protected lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** epoch;
  }
}

export class CosineAnnealingLR extends LRScheduler {
  constructor(opt: Optimizer, readonly tMax: number, readonly etaMin = 0) {
    super(opt);
  }
  protected lrAt(epoch: number): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * Math.min(epoch, this.tMax)) / this.tMax))) / 2;
  }
}

/** neuralhydrology's `learning_rate: {0: 1e-3, 10: 5e-4}`: the rate of the last listed epoch ≤ the current one. */
export class EpochTableLR extends LRScheduler {
  private readonly table: [number, number][];
  constructor(opt: Optimizer, table: Record<number, number>) {
    super(opt);
    this.table = Object.entries(table)
      .map(([e, lr]) => [Number(e), lr] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    this.optimizer.lr = this.lrAt(0);
  }
  protected lrAt(epoch: number): number {
    let lr = this.baseLr;
    for (const [e, value] of this.table) if (e <= epoch) lr = value;
    return lr;
  }
}

export class ReduceLROnPlateau extends LRScheduler {
  private best = Infinity;
  private bad = 0;
  constructor(opt: Optimizer, readonly factor = 0.1, readonly patience = 10, readonly minLr = 0) {
    super(opt);
  }
  protected lrAt(_epoch: number, metric?: number): number {
    if (metric === undefined) throw new Error("ReduceLROnPlateau.step needs the monitored metric");
    if (metric < this.best) {
      this.best = metric;
      this.bad = 0;
    } else if (++this.bad > this.patience) {
      this.bad = 0;
      return Math.max(this.optimizer.lr * this.factor, this.minLr);
    }
    return this.optimizer.lr;
  }
}
