// Making tensors: from JS data, and PyTorch's factory functions.
import { native } from "../native/addon.js";
import * as aten from "./generated/aten.js";
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

function made(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

const kind = (o: TensorOptions, fallback: DType = "float32") => ({ dtype: o.dtype ?? fallback, device: o.device });

export const zeros = (shape: number[], o: TensorOptions = {}) => made(aten.zeros(shape, kind(o)), o);
export const ones = (shape: number[], o: TensorOptions = {}) => made(aten.ones(shape, kind(o)), o);
export const empty = (shape: number[], o: TensorOptions = {}) => made(aten.empty(shape, kind(o)), o);
export const full = (shape: number[], value: number, o: TensorOptions = {}) => made(aten.full(shape, value, kind(o)), o);
export const randn = (shape: number[], o: TensorOptions = {}) => made(aten.randn(shape, kind(o)), o);
export const rand = (shape: number[], o: TensorOptions = {}) => made(aten.rand(shape, kind(o)), o);
/** Integers uniformly in [low, high). */
export const randint = (low: number, high: number, shape: number[], o: TensorOptions = {}) => made(aten.randint(low, high, shape, kind(o, "int64")), o);
export const randperm = (n: number, o: TensorOptions = {}) => made(aten.randperm(n, kind(o, "int64")), o);
/** start, start+step, … < end; int64 unless a dtype is given. */
export const arange = (start: number, end?: number, step = 1, o: TensorOptions = {}) =>
  end === undefined
    ? made(aten.arange(0, start, { step, ...kind(o, "int64") }), o)
    : made(aten.arange(start, end, { step, ...kind(o, "int64") }), o);
export const linspace = (start: number, end: number, steps: number, o: TensorOptions = {}) => made(aten.linspace(start, end, steps, kind(o)), o);
export const eye = (n: number, o: TensorOptions = {}) => made(aten.eye(n, kind(o)), o);
export const zerosLike = (t: Tensor) => aten.zerosLike(t);
export const onesLike = (t: Tensor) => aten.onesLike(t);
export const randnLike = (t: Tensor) => aten.randnLike(t);
export const cat = (tensors: Tensor[], dim = 0) => aten.cat(tensors, { dim });
export const stack = (tensors: Tensor[], dim = 0) => aten.stack(tensors, { dim });
/** condition ? a : b, elementwise. */
export const where = (condition: Tensor, a: Tensor, b: Tensor) => aten.where(condition, a, b);
