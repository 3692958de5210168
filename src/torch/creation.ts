// Making tensors: from JS data, and PyTorch's factory functions.
import { native } from "./native.js";
import { rawOp } from "./dispatch.js";
import { DType, dtypeCode } from "./dtype.js";
import { T, Tensor, TensorData } from "./tensor.js";

export interface TensorOptions {
  dtype?: DType;
  device?: string;
  requiresGrad?: boolean;
}

type Nested = number | boolean | Nested[];

function inferShape(data: Nested): number[] {
  const shape: number[] = [];
  let level: Nested = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

/** A tensor from a typed array (with shape) or from nested JS arrays; numbers default to float32. */
export function tensor(data: TensorData | Nested, shapeOrOpts?: number[] | TensorOptions, maybeOpts: TensorOptions = {}): Tensor {
  const opts = Array.isArray(shapeOrOpts) ? maybeOpts : (shapeOrOpts ?? {});
  if (ArrayBuffer.isView(data)) {
    const shape = Array.isArray(shapeOrOpts) ? shapeOrOpts : [data.length];
    return fromTyped(data, shape, opts);
  }
  const shape = inferShape(data);
  const flat: (number | boolean)[] = Array.isArray(data) ? ((data as unknown[]).flat(Infinity as 1) as (number | boolean)[]) : [data];
  const expected = shape.reduce((a, b) => a * b, 1);
  if (flat.length !== expected) throw new RangeError(`ragged nested array: shape [${shape.join(", ")}] needs ${expected} values, got ${flat.length}`);
  const numbers = Float64Array.from(flat, (v) => Number(v));
  const dtype = opts.dtype ?? (typeof flat[0] === "boolean" ? "bool" : "float32");
  return fromTyped(numbers, shape, { ...opts, dtype });
}

function fromTyped(data: TensorData | ArrayBufferView, shape: number[], opts: TensorOptions): Tensor {
  return T(native.fromTypedArray(data, shape, opts.dtype ? dtypeCode(opts.dtype) : null, opts.device ?? null, opts.requiresGrad ?? false));
}

const factory = {
  zeros: rawOp("aten::zeros"),
  ones: rawOp("aten::ones"),
  empty: rawOp("aten::empty", "memory_format"),
  full: rawOp("aten::full"),
  randn: rawOp("aten::randn"),
  rand: rawOp("aten::rand"),
  randint: rawOp("aten::randint", "low"),
  randperm: rawOp("aten::randperm"),
  arange: rawOp("aten::arange", "start_step"),
  linspace: rawOp("aten::linspace"),
  eye: rawOp("aten::eye"),
  zerosLike: rawOp("aten::zeros_like"),
  onesLike: rawOp("aten::ones_like"),
  randnLike: rawOp("aten::randn_like"),
  cat: rawOp("aten::cat"),
  stack: rawOp("aten::stack"),
  where: rawOp("aten::where", "self"),
};

function made(id: unknown, opts: TensorOptions): Tensor {
  const t = T(id);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

const code = (o: TensorOptions, fallback: DType = "float32") => dtypeCode(o.dtype ?? fallback);

export const zeros = (shape: number[], o: TensorOptions = {}) => made(factory.zeros([shape, code(o), null, o.device ?? null]), o);
export const ones = (shape: number[], o: TensorOptions = {}) => made(factory.ones([shape, code(o), null, o.device ?? null]), o);
export const empty = (shape: number[], o: TensorOptions = {}) => made(factory.empty([shape, code(o), null, o.device ?? null]), o);
export const full = (shape: number[], value: number, o: TensorOptions = {}) => made(factory.full([shape, value, code(o), null, o.device ?? null]), o);
export const randn = (shape: number[], o: TensorOptions = {}) => made(factory.randn([shape, code(o), null, o.device ?? null]), o);
export const rand = (shape: number[], o: TensorOptions = {}) => made(factory.rand([shape, code(o), null, o.device ?? null]), o);
/** Integers uniformly in [low, high). */
export const randint = (low: number, high: number, shape: number[], o: TensorOptions = {}) =>
  made(factory.randint([low, high, shape, code(o, "int64"), null, o.device ?? null]), o);
export const randperm = (n: number, o: TensorOptions = {}) => made(factory.randperm([n, code(o, "int64"), null, o.device ?? null]), o);
/** start, start+step, … < end; int64 unless a dtype is given. */
export const arange = (start: number, end?: number, step = 1, o: TensorOptions = {}) =>
  end === undefined
    ? made(factory.arange([0, start, step, code(o, "int64"), null, o.device ?? null]), o)
    : made(factory.arange([start, end, step, code(o, "int64"), null, o.device ?? null]), o);
export const linspace = (start: number, end: number, steps: number, o: TensorOptions = {}) =>
  made(factory.linspace([start, end, steps, code(o), null, o.device ?? null]), o);
export const eye = (n: number, o: TensorOptions = {}) => made(factory.eye([n, code(o), null, o.device ?? null]), o);
export const zerosLike = (t: Tensor) => T(factory.zerosLike([t.id]));
export const onesLike = (t: Tensor) => T(factory.onesLike([t.id]));
export const randnLike = (t: Tensor) => T(factory.randnLike([t.id]));
export const cat = (tensors: Tensor[], dim = 0) => T(factory.cat([tensors.map((t) => t.id), dim]));
export const stack = (tensors: Tensor[], dim = 0) => T(factory.stack([tensors.map((t) => t.id), dim]));
/** condition ? a : b, elementwise. */
export const where = (condition: Tensor, a: Tensor, b: Tensor) => T(factory.where([condition.id, a.id, b.id]));
