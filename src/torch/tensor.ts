// The Tensor: a number id into the addon's handle table, with PyTorch's method names.
import { native } from "../native/addon.js";
import * as aten from "./generated/aten.js";
import { DType, dtypeName, dtypes } from "./dtype.js";

export type Scalar = number | boolean;
export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

const leakRegistry =
  process.env.CATCHMENT_DEBUG_LEAKS === "1"
    ? new FinalizationRegistry<number>((id) => {
        if (native.isLive(id)) process.emitWarning(`tensor ${id} was garbage-collected while still live: free it with tidy(), dispose() or keep()`, "CatchmentLeak");
      })
    : null;

export class Tensor {
  readonly id: number;

  constructor(id: number) {
    this.id = id;
    leakRegistry?.register(this, id);
  }

  // ---- metadata and data -------------------------------------------------------------------
  get shape(): number[] {
    return native.shape(this.id);
  }
  get ndim(): number {
    return native.shape(this.id).length;
  }
  get dtype(): DType {
    return dtypeName(native.dtype(this.id));
  }
  get device(): string {
    return native.device(this.id);
  }
  numel(): number {
    return native.shape(this.id).reduce((a, b) => a * b, 1);
  }
  size(dim?: number): number {
    const s = native.shape(this.id);
    if (dim === undefined) return s.reduce((a, b) => a * b, 1);
    return s[dim < 0 ? s.length + dim : dim];
  }
  get isLive(): boolean {
    return native.isLive(this.id);
  }
  /** A copy of the data in a typed array matching the dtype (int64 → BigInt64Array, bool → Uint8Array). */
  data(): TensorData {
    return native.toTypedArray(this.id);
  }
  /** The data as Float64 numbers, whatever the dtype. */
  toFloat64Array(): Float64Array {
    const d = native.toTypedArray(this.id);
    if (d instanceof Float64Array) return d;
    if (d instanceof BigInt64Array) return Float64Array.from(d, (v) => Number(v));
    return Float64Array.from(d as ArrayLike<number>);
  }
  toArray(): number[] {
    return Array.from(this.toFloat64Array());
  }
  item(): number {
    return Number(native.item(this.id));
  }
  dispose(): void {
    native.release(this.id);
  }
  toString(): string {
    return `Tensor(shape=[${this.shape.join(", ")}], dtype=${this.dtype}, device=${this.device})`;
  }

  // ---- autograd ------------------------------------------------------------------------------
  get requiresGrad(): boolean {
    return native.requiresGrad(this.id);
  }
  requiresGrad_(value = true): this {
    native.setRequiresGrad(this.id, value);
    return this;
  }
  get grad(): Tensor | null {
    const g = native.grad(this.id);
    return g === null ? null : new Tensor(g);
  }
  set grad(g: Tensor | null) {
    native.setGrad(this.id, g === null ? null : g.id);
  }
  backward(gradient?: Tensor, opts: { retainGraph?: boolean; createGraph?: boolean } = {}): void {
    native.backward(this.id, gradient ? gradient.id : null, opts.retainGraph ?? null, opts.createGraph ?? false);
  }
  detach(): Tensor {
    return aten.detach(this);
  }

  // ---- conversion ----------------------------------------------------------------------------
  to(target: DType | string | { dtype?: DType; device?: string }): Tensor {
    let dtype: DType | undefined;
    let device: string | undefined;
    if (typeof target === "object") ({ dtype, device } = target);
    else if (target in dtypes) dtype = target as DType;
    else device = target;
    return aten.to(this, { dtype, device });
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  long(): Tensor {
    return this.to("int64");
  }
  bool(): Tensor {
    return this.to("bool");
  }
  clone(): Tensor {
    return aten.clone(this);
  }
  contiguous(): Tensor {
    return aten.contiguous(this);
  }

  // ---- arithmetic ----------------------------------------------------------------------------
  add(other: Tensor | Scalar, alpha = 1): Tensor {
    return other instanceof Tensor ? aten.add(this, other, { alpha }) : aten.addScalar(this, other, { alpha });
  }
  sub(other: Tensor | Scalar, alpha = 1): Tensor {
    return other instanceof Tensor ? aten.sub(this, other, { alpha }) : aten.subScalar(this, other, { alpha });
  }
  rsub(other: Scalar): Tensor {
    return aten.rsubScalar(this, other);
  }
  mul(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.mul(this, other) : aten.mulScalar(this, other);
  }
  div(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.div(this, other) : aten.divScalar(this, other);
  }
  pow(exponent: Tensor | number): Tensor {
    return exponent instanceof Tensor ? aten.pow(this, exponent) : aten.powScalar(this, exponent);
  }
  neg(): Tensor {
    return aten.neg(this);
  }
  abs(): Tensor {
    return aten.abs(this);
  }
  sqrt(): Tensor {
    return aten.sqrt(this);
  }
  rsqrt(): Tensor {
    return aten.rsqrt(this);
  }
  square(): Tensor {
    return aten.square(this);
  }
  exp(): Tensor {
    return aten.exp(this);
  }
  log(): Tensor {
    return aten.log(this);
  }
  log1p(): Tensor {
    return aten.log1p(this);
  }
  sign(): Tensor {
    return aten.sign(this);
  }
  floor(): Tensor {
    return aten.floor(this);
  }
  ceil(): Tensor {
    return aten.ceil(this);
  }
  round(): Tensor {
    return aten.round(this);
  }
  reciprocal(): Tensor {
    return aten.reciprocal(this);
  }
  clamp(min: number | null, max: number | null = null): Tensor {
    return aten.clamp(this, { min, max });
  }
  clampMin(min: number): Tensor {
    return aten.clamp(this, { min });
  }
  maximum(other: Tensor): Tensor {
    return aten.maximum(this, other);
  }
  minimum(other: Tensor): Tensor {
    return aten.minimum(this, other);
  }
  matmul(other: Tensor): Tensor {
    return aten.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return aten.mm(this, other);
  }
  /** beta·this + alpha·(m1 @ m2) */
  addmm(m1: Tensor, m2: Tensor, beta = 1, alpha = 1): Tensor {
    return aten.addmm(this, m1, m2, { beta, alpha });
  }

  // ---- activations ---------------------------------------------------------------------------
  sigmoid(): Tensor {
    return aten.sigmoid(this);
  }
  tanh(): Tensor {
    return aten.tanh(this);
  }
  relu(): Tensor {
    return aten.relu(this);
  }
  softmax(dim: number): Tensor {
    return aten.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return aten.logSoftmax(this, dim);
  }

  // ---- comparison and masking ----------------------------------------------------------------
  eq(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.eq(this, other) : aten.eqScalar(this, other);
  }
  ne(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.ne(this, other) : aten.neScalar(this, other);
  }
  lt(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.lt(this, other) : aten.ltScalar(this, other);
  }
  le(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.le(this, other) : aten.leScalar(this, other);
  }
  gt(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.gt(this, other) : aten.gtScalar(this, other);
  }
  ge(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? aten.ge(this, other) : aten.geScalar(this, other);
  }
  logicalNot(): Tensor {
    return aten.logicalNot(this);
  }
  logicalAnd(other: Tensor): Tensor {
    return aten.logicalAnd(this, other);
  }
  logicalOr(other: Tensor): Tensor {
    return aten.logicalOr(this, other);
  }
  isnan(): Tensor {
    return aten.isnan(this);
  }
  isfinite(): Tensor {
    return aten.isfinite(this);
  }
  nanToNum(nan = 0): Tensor {
    return aten.nanToNum(this, { nan });
  }
  maskedFill(mask: Tensor, value: Scalar): Tensor {
    return aten.maskedFill(this, mask, value);
  }
  where(condition: Tensor, other: Tensor): Tensor {
    return aten.where(condition, this, other);
  }

  // ---- reductions ----------------------------------------------------------------------------
  sum(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? aten.sumAll(this) : aten.sum(this, dim, { keepdim });
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? aten.meanAll(this) : aten.mean(this, dim, { keepdim });
  }
  /** Variance; correction 1 is Bessel's (PyTorch's default), 0 the population variance. */
  var(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return aten.variance(this, dim ?? null, correction, { keepdim });
  }
  std(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return aten.std(this, dim ?? null, correction, { keepdim });
  }
  amax(dim: number | number[] = [], keepdim = false): Tensor {
    return aten.amax(this, { dim, keepdim });
  }
  amin(dim: number | number[] = [], keepdim = false): Tensor {
    return aten.amin(this, { dim, keepdim });
  }
  max(): Tensor {
    return aten.maxAll(this);
  }
  min(): Tensor {
    return aten.minAll(this);
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return aten.argmax(this, { dim, keepdim });
  }
  cumsum(dim: number): Tensor {
    return aten.cumsum(this, dim);
  }
  norm(p = 2, dim?: number | number[], keepdim = false): Tensor {
    return aten.linalgVectorNorm(this, { ord: p, dim, keepdim });
  }

  // ---- shape ---------------------------------------------------------------------------------
  reshape(...shape: number[]): Tensor {
    return aten.reshape(this, shape);
  }
  view(...shape: number[]): Tensor {
    return aten.view(this, shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return aten.flatten(this, { startDim, endDim });
  }
  unsqueeze(dim: number): Tensor {
    return aten.unsqueeze(this, dim);
  }
  squeeze(dim?: number): Tensor {
    return dim === undefined ? aten.squeezeAll(this) : aten.squeeze(this, dim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return aten.transpose(this, dim0, dim1);
  }
  t(): Tensor {
    return aten.t(this);
  }
  permute(...dims: number[]): Tensor {
    return aten.permute(this, dims);
  }
  expand(...shape: number[]): Tensor {
    return aten.expand(this, shape);
  }
  expandAs(other: Tensor): Tensor {
    return aten.expandAs(this, other);
  }
  repeat(...repeats: number[]): Tensor {
    return aten.repeat(this, repeats);
  }
  /** Elements start..end-1 (step) along dim, like x[..., start:end:step, ...]. */
  slice(dim: number, start: number | null, end: number | null, step = 1): Tensor {
    return aten.slice(this, { dim, start, end, step });
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return aten.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return aten.select(this, dim, index);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return aten.indexSelect(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    return aten.gather(this, dim, index);
  }
  /** Advanced indexing x[i0, i1, ...] with an index tensor (or null for ':') per leading dim. */
  index(indices: (Tensor | null)[]): Tensor {
    return aten.index(this, indices);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return aten.chunk(this, chunks, { dim });
  }
  split(size: number, dim = 0): Tensor[] {
    return aten.split(this, size, { dim });
  }
  unbind(dim = 0): Tensor[] {
    return aten.unbind(this, { dim });
  }

  // ---- in place (results reuse this tensor) ---------------------------------------------------
  add_(other: Tensor | Scalar, alpha = 1): this {
    if (other instanceof Tensor) aten.add_(this, other, { alpha });
    else aten.addScalar_(this, other, { alpha });
    return this;
  }
  mul_(other: Tensor | Scalar): this {
    if (other instanceof Tensor) aten.mul_(this, other);
    else aten.mulScalar_(this, other);
    return this;
  }
  div_(other: Tensor | Scalar): this {
    if (other instanceof Tensor) aten.div_(this, other);
    else aten.divScalar_(this, other);
    return this;
  }
  /** this += value · t1 · t2 */
  addcmul_(t1: Tensor, t2: Tensor, value = 1): this {
    aten.addcmul_(this, t1, t2, { value });
    return this;
  }
  /** this += value · t1 / t2 */
  addcdiv_(t1: Tensor, t2: Tensor, value = 1): this {
    aten.addcdiv_(this, t1, t2, { value });
    return this;
  }
  lerp_(end: Tensor, weight: number): this {
    aten.lerp_(this, end, weight);
    return this;
  }
  copy_(src: Tensor): this {
    aten.copy_(this, src);
    return this;
  }
  zero_(): this {
    aten.zero_(this);
    return this;
  }
  fill_(value: Scalar): this {
    aten.fill_(this, value);
    return this;
  }
  clamp_(min: number | null, max: number | null = null): this {
    aten.clamp_(this, { min, max });
    return this;
  }
  uniform_(from = 0, to = 1): this {
    aten.uniform_(this, { from, to });
    return this;
  }
  normal_(mean = 0, std = 1): this {
    aten.normal_(this, { mean, std });
    return this;
  }
  maskedFill_(mask: Tensor, value: Scalar): this {
    aten.maskedFill_(this, mask, value);
    return this;
  }
}

/** Wraps a tensor id returned by the addon. */
export function T(id: unknown): Tensor {
  return new Tensor(id as number);
}
