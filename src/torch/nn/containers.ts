// Sequential, and parameter-free layers as modules so they can sit inside one.
import * as F from "../functional.js";
import { Tensor } from "../tensor.js";
import { Module } from "./module.js";

export interface Layer {
  forward(x: Tensor): Tensor;
}

export class Sequential extends Module {
  private readonly layers: (Module & Layer)[];
  constructor(...layers: (Module & Layer)[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.registerModule(String(i), l));
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.forward(y);
    return y;
  }
  get length(): number {
    return this.layers.length;
  }
  at(i: number): Module & Layer {
    return this.layers[i];
  }
}

class Fn extends Module implements Layer {
  constructor(private readonly fn: (x: Tensor) => Tensor) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.fn(x);
  }
}

export class ReLU extends Fn {
  constructor() {
    super(F.relu);
  }
}
export class Sigmoid extends Fn {
  constructor() {
    super(F.sigmoid);
  }
}
export class Tanh extends Fn {
  constructor() {
    super(F.tanh);
  }
}
export class GELU extends Fn {
  constructor() {
    super((x) => F.gelu(x));
  }
}
export class SiLU extends Fn {
  constructor() {
    super(F.silu);
  }
}
export class LeakyReLU extends Fn {
  constructor(slope = 0.01) {
    super((x) => F.leakyRelu(x, slope));
  }
}
export class MaxPool2d extends Fn {
  constructor(kernel: number, stride = kernel) {
    super((x) => F.maxPool2d(x, kernel, stride));
  }
}
export class AvgPool2d extends Fn {
  constructor(kernel: number, stride = kernel) {
    super((x) => F.avgPool2d(x, kernel, stride));
  }
}
export class AdaptiveAvgPool2d extends Fn {
  constructor(size: number | [number, number]) {
    super((x) => F.adaptiveAvgPool2d(x, size));
  }
}
export class Upsample extends Fn {
  constructor(scaleFactor: number, mode: "nearest" | "bilinear" = "nearest") {
    super((x) => F.interpolate(x, { scaleFactor, mode }));
  }
}
export class Flatten extends Fn {
  constructor(startDim = 1, endDim = -1) {
    super((x) => x.flatten(startDim, endDim));
  }
}
