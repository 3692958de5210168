// The Tensor: a number id into the addon's handle table, with PyTorch's method names.
import { native } from "./native.js";
import { rawOp, rawOpInPlace } from "./dispatch.js";
import { DType, dtypeCode, dtypeName, dtypes } from "./dtype.js";

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
    return T(ops.detach([this.id]));
  }

  // ---- conversion ----------------------------------------------------------------------------
  to(target: DType | string | { dtype?: DType; device?: string }): Tensor {
    let dtype: DType | undefined;
    let device: string | undefined;
    if (typeof target === "object") ({ dtype, device } = target);
    else if (target in dtypes) dtype = target as DType;
    else device = target;
    return T(ops.to([this.id, dtype === undefined ? null : dtypeCode(dtype), null, device ?? null]));
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
    return T(ops.clone([this.id]));
  }
  contiguous(): Tensor {
    return T(ops.contiguous([this.id]));
  }

  // ---- arithmetic ----------------------------------------------------------------------------
  add(other: Tensor | Scalar, alpha = 1): Tensor {
    return other instanceof Tensor ? T(ops.add([this.id, other.id, alpha])) : T(ops.addScalar([this.id, other, alpha]));
  }
  sub(other: Tensor | Scalar, alpha = 1): Tensor {
    return other instanceof Tensor ? T(ops.sub([this.id, other.id, alpha])) : T(ops.subScalar([this.id, other, alpha]));
  }
  rsub(other: Scalar): Tensor {
    return T(ops.rsubScalar([this.id, other]));
  }
  mul(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.mul([this.id, other.id])) : T(ops.mulScalar([this.id, other]));
  }
  div(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.div([this.id, other.id])) : T(ops.divScalar([this.id, other]));
  }
  pow(exponent: Tensor | number): Tensor {
    return exponent instanceof Tensor ? T(ops.pow([this.id, exponent.id])) : T(ops.powScalar([this.id, exponent]));
  }
  neg(): Tensor {
    return T(ops.neg([this.id]));
  }
  abs(): Tensor {
    return T(ops.abs([this.id]));
  }
  sqrt(): Tensor {
    return T(ops.sqrt([this.id]));
  }
  rsqrt(): Tensor {
    return T(ops.rsqrt([this.id]));
  }
  square(): Tensor {
    return T(ops.square([this.id]));
  }
  exp(): Tensor {
    return T(ops.exp([this.id]));
  }
  log(): Tensor {
    return T(ops.log([this.id]));
  }
  log1p(): Tensor {
    return T(ops.log1p([this.id]));
  }
  sign(): Tensor {
    return T(ops.sign([this.id]));
  }
  floor(): Tensor {
    return T(ops.floor([this.id]));
  }
  ceil(): Tensor {
    return T(ops.ceil([this.id]));
  }
  round(): Tensor {
    return T(ops.round([this.id]));
  }
  reciprocal(): Tensor {
    return T(ops.reciprocal([this.id]));
  }
  clamp(min: number | null, max: number | null = null): Tensor {
    return T(ops.clamp([this.id, min, max]));
  }
  clampMin(min: number): Tensor {
    return T(ops.clamp([this.id, min, null]));
  }
  maximum(other: Tensor): Tensor {
    return T(ops.maximum([this.id, other.id]));
  }
  minimum(other: Tensor): Tensor {
    return T(ops.minimum([this.id, other.id]));
  }
  matmul(other: Tensor): Tensor {
    return T(ops.matmul([this.id, other.id]));
  }
  mm(other: Tensor): Tensor {
    return T(ops.mm([this.id, other.id]));
  }
  /** beta·this + alpha·(m1 @ m2) */
  addmm(m1: Tensor, m2: Tensor, beta = 1, alpha = 1): Tensor {
    return T(ops.addmm([this.id, m1.id, m2.id, beta, alpha]));
  }

  // ---- activations ---------------------------------------------------------------------------
  sigmoid(): Tensor {
    return T(ops.sigmoid([this.id]));
  }
  tanh(): Tensor {
    return T(ops.tanh([this.id]));
  }
  relu(): Tensor {
    return T(ops.relu([this.id]));
  }
  softmax(dim: number): Tensor {
    return T(ops.softmax([this.id, dim, null]));
  }
  logSoftmax(dim: number): Tensor {
    return T(ops.logSoftmax([this.id, dim, null]));
  }

  // ---- comparison and masking ----------------------------------------------------------------
  eq(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.eq([this.id, other.id])) : T(ops.eqScalar([this.id, other]));
  }
  ne(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.ne([this.id, other.id])) : T(ops.neScalar([this.id, other]));
  }
  lt(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.lt([this.id, other.id])) : T(ops.ltScalar([this.id, other]));
  }
  le(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.le([this.id, other.id])) : T(ops.leScalar([this.id, other]));
  }
  gt(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.gt([this.id, other.id])) : T(ops.gtScalar([this.id, other]));
  }
  ge(other: Tensor | Scalar): Tensor {
    return other instanceof Tensor ? T(ops.ge([this.id, other.id])) : T(ops.geScalar([this.id, other]));
  }
  logicalNot(): Tensor {
    return T(ops.logicalNot([this.id]));
  }
  logicalAnd(other: Tensor): Tensor {
    return T(ops.logicalAnd([this.id, other.id]));
  }
  logicalOr(other: Tensor): Tensor {
    return T(ops.logicalOr([this.id, other.id]));
  }
  isnan(): Tensor {
    return T(ops.isnan([this.id]));
  }
  isfinite(): Tensor {
    return T(ops.isfinite([this.id]));
  }
  nanToNum(nan = 0): Tensor {
    return T(ops.nanToNum([this.id, nan, null, null]));
  }
  maskedFill(mask: Tensor, value: Scalar): Tensor {
    return T(ops.maskedFill([this.id, mask.id, value]));
  }
  where(condition: Tensor, other: Tensor): Tensor {
    return T(ops.where([condition.id, this.id, other.id]));
  }

  // ---- reductions ----------------------------------------------------------------------------
  sum(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? T(ops.sumAll([this.id, null])) : T(ops.sumDim([this.id, dim, keepdim, null]));
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? T(ops.meanAll([this.id, null])) : T(ops.meanDim([this.id, dim, keepdim, null]));
  }
  /** Variance; correction 1 is Bessel's (PyTorch's default), 0 the population variance. */
  var(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return T(ops.varCorrection([this.id, dim ?? null, correction, keepdim]));
  }
  std(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return T(ops.stdCorrection([this.id, dim ?? null, correction, keepdim]));
  }
  amax(dim: number | number[] = [], keepdim = false): Tensor {
    return T(ops.amax([this.id, dim, keepdim]));
  }
  amin(dim: number | number[] = [], keepdim = false): Tensor {
    return T(ops.amin([this.id, dim, keepdim]));
  }
  max(): Tensor {
    return T(ops.maxAll([this.id]));
  }
  min(): Tensor {
    return T(ops.minAll([this.id]));
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return T(ops.argmax([this.id, dim ?? null, keepdim]));
  }
  cumsum(dim: number): Tensor {
    return T(ops.cumsum([this.id, dim, null]));
  }
  norm(p = 2, dim?: number | number[], keepdim = false): Tensor {
    return T(ops.vectorNorm([this.id, p, dim ?? null, keepdim, null]));
  }

  // ---- shape ---------------------------------------------------------------------------------
  reshape(...shape: number[]): Tensor {
    return T(ops.reshape([this.id, shape]));
  }
  view(...shape: number[]): Tensor {
    return T(ops.view([this.id, shape]));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return T(ops.flatten([this.id, startDim, endDim]));
  }
  unsqueeze(dim: number): Tensor {
    return T(ops.unsqueeze([this.id, dim]));
  }
  squeeze(dim?: number): Tensor {
    return dim === undefined ? T(ops.squeeze([this.id])) : T(ops.squeezeDim([this.id, dim]));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return T(ops.transpose([this.id, dim0, dim1]));
  }
  t(): Tensor {
    return T(ops.t([this.id]));
  }
  permute(...dims: number[]): Tensor {
    return T(ops.permute([this.id, dims]));
  }
  expand(...shape: number[]): Tensor {
    return T(ops.expand([this.id, shape, false]));
  }
  expandAs(other: Tensor): Tensor {
    return T(ops.expandAs([this.id, other.id]));
  }
  repeat(...repeats: number[]): Tensor {
    return T(ops.repeat([this.id, repeats]));
  }
  /** Elements start..end-1 (step) along dim, like x[..., start:end:step, ...]. */
  slice(dim: number, start: number | null, end: number | null, step = 1): Tensor {
    return T(ops.slice([this.id, dim, start, end, step]));
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return T(ops.narrow([this.id, dim, start, length]));
  }
  select(dim: number, index: number): Tensor {
    return T(ops.select([this.id, dim, index]));
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return T(ops.indexSelect([this.id, dim, index.id]));
  }
  gather(dim: number, index: Tensor): Tensor {
    return T(ops.gather([this.id, dim, index.id, false]));
  }
  /** Advanced indexing x[i0, i1, ...] with an index tensor (or null for ':') per leading dim. */
  index(indices: (Tensor | null)[]): Tensor {
    return T(ops.index([this.id, indices.map((t) => (t === null ? null : t.id))]));
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return (ops.chunk([this.id, chunks, dim]) as number[]).map(T);
  }
  split(size: number, dim = 0): Tensor[] {
    return (ops.split([this.id, size, dim]) as number[]).map(T);
  }
  unbind(dim = 0): Tensor[] {
    return (ops.unbind([this.id, dim]) as number[]).map(T);
  }

  // ---- in place (results reuse this tensor) ---------------------------------------------------
  add_(other: Tensor | Scalar, alpha = 1): this {
    if (other instanceof Tensor) inplace.add_([this.id, other.id, alpha]);
    else inplace.addScalar_([this.id, other, alpha]);
    return this;
  }
  mul_(other: Tensor | Scalar): this {
    if (other instanceof Tensor) inplace.mul_([this.id, other.id]);
    else inplace.mulScalar_([this.id, other]);
    return this;
  }
  div_(other: Tensor | Scalar): this {
    if (other instanceof Tensor) inplace.div_([this.id, other.id]);
    else inplace.divScalar_([this.id, other]);
    return this;
  }
  /** this += value · t1 · t2 */
  addcmul_(t1: Tensor, t2: Tensor, value = 1): this {
    inplace.addcmul_([this.id, t1.id, t2.id, value]);
    return this;
  }
  /** this += value · t1 / t2 */
  addcdiv_(t1: Tensor, t2: Tensor, value = 1): this {
    inplace.addcdiv_([this.id, t1.id, t2.id, value]);
    return this;
  }
  lerp_(end: Tensor, weight: number): this {
    inplace.lerp_([this.id, end.id, weight]);
    return this;
  }
  copy_(src: Tensor): this {
    inplace.copy_([this.id, src.id, false]);
    return this;
  }
  zero_(): this {
    inplace.zero_([this.id]);
    return this;
  }
  fill_(value: Scalar): this {
    inplace.fill_([this.id, value]);
    return this;
  }
  clamp_(min: number | null, max: number | null = null): this {
    inplace.clamp_([this.id, min, max]);
    return this;
  }
  uniform_(from = 0, to = 1): this {
    inplace.uniform_([this.id, from, to, null]);
    return this;
  }
  normal_(mean = 0, std = 1): this {
    inplace.normal_([this.id, mean, std, null]);
    return this;
  }
  maskedFill_(mask: Tensor, value: Scalar): this {
    inplace.maskedFill_([this.id, mask.id, value]);
    return this;
  }
}

/** Wraps a tensor id returned by the addon. */
export function T(id: unknown): Tensor {
  return new Tensor(id as number);
}

const ops = {
  detach: rawOp("aten::detach"),
  to: rawOp("aten::to", "dtype_layout"),
  clone: rawOp("aten::clone"),
  contiguous: rawOp("aten::contiguous"),
  add: rawOp("aten::add", "Tensor"),
  addScalar: rawOp("aten::add", "Scalar"),
  sub: rawOp("aten::sub", "Tensor"),
  subScalar: rawOp("aten::sub", "Scalar"),
  rsubScalar: rawOp("aten::rsub", "Scalar"),
  mul: rawOp("aten::mul", "Tensor"),
  mulScalar: rawOp("aten::mul", "Scalar"),
  div: rawOp("aten::div", "Tensor"),
  divScalar: rawOp("aten::div", "Scalar"),
  pow: rawOp("aten::pow", "Tensor_Tensor"),
  powScalar: rawOp("aten::pow", "Tensor_Scalar"),
  neg: rawOp("aten::neg"),
  abs: rawOp("aten::abs"),
  sqrt: rawOp("aten::sqrt"),
  rsqrt: rawOp("aten::rsqrt"),
  square: rawOp("aten::square"),
  exp: rawOp("aten::exp"),
  log: rawOp("aten::log"),
  log1p: rawOp("aten::log1p"),
  sign: rawOp("aten::sign"),
  floor: rawOp("aten::floor"),
  ceil: rawOp("aten::ceil"),
  round: rawOp("aten::round"),
  reciprocal: rawOp("aten::reciprocal"),
  clamp: rawOp("aten::clamp"),
  maximum: rawOp("aten::maximum"),
  minimum: rawOp("aten::minimum"),
  matmul: rawOp("aten::matmul"),
  mm: rawOp("aten::mm"),
  addmm: rawOp("aten::addmm"),
  sigmoid: rawOp("aten::sigmoid"),
  tanh: rawOp("aten::tanh"),
  relu: rawOp("aten::relu"),
  softmax: rawOp("aten::softmax", "int"),
  logSoftmax: rawOp("aten::log_softmax", "int"),
  eq: rawOp("aten::eq", "Tensor"),
  eqScalar: rawOp("aten::eq", "Scalar"),
  ne: rawOp("aten::ne", "Tensor"),
  neScalar: rawOp("aten::ne", "Scalar"),
  lt: rawOp("aten::lt", "Tensor"),
  ltScalar: rawOp("aten::lt", "Scalar"),
  le: rawOp("aten::le", "Tensor"),
  leScalar: rawOp("aten::le", "Scalar"),
  gt: rawOp("aten::gt", "Tensor"),
  gtScalar: rawOp("aten::gt", "Scalar"),
  ge: rawOp("aten::ge", "Tensor"),
  geScalar: rawOp("aten::ge", "Scalar"),
  logicalNot: rawOp("aten::logical_not"),
  logicalAnd: rawOp("aten::logical_and"),
  logicalOr: rawOp("aten::logical_or"),
  isnan: rawOp("aten::isnan"),
  isfinite: rawOp("aten::isfinite"),
  nanToNum: rawOp("aten::nan_to_num"),
  maskedFill: rawOp("aten::masked_fill", "Scalar"),
  where: rawOp("aten::where", "self"),
  sumAll: rawOp("aten::sum"),
  sumDim: rawOp("aten::sum", "dim_IntList"),
  meanAll: rawOp("aten::mean"),
  meanDim: rawOp("aten::mean", "dim"),
  varCorrection: rawOp("aten::var", "correction"),
  stdCorrection: rawOp("aten::std", "correction"),
  amax: rawOp("aten::amax"),
  amin: rawOp("aten::amin"),
  maxAll: rawOp("aten::max"),
  minAll: rawOp("aten::min"),
  argmax: rawOp("aten::argmax"),
  cumsum: rawOp("aten::cumsum"),
  vectorNorm: rawOp("aten::linalg_vector_norm"),
  reshape: rawOp("aten::reshape"),
  view: rawOp("aten::view"),
  flatten: rawOp("aten::flatten", "using_ints"),
  unsqueeze: rawOp("aten::unsqueeze"),
  squeeze: rawOp("aten::squeeze"),
  squeezeDim: rawOp("aten::squeeze", "dim"),
  transpose: rawOp("aten::transpose", "int"),
  t: rawOp("aten::t"),
  permute: rawOp("aten::permute"),
  expand: rawOp("aten::expand"),
  expandAs: rawOp("aten::expand_as"),
  repeat: rawOp("aten::repeat"),
  slice: rawOp("aten::slice", "Tensor"),
  narrow: rawOp("aten::narrow"),
  select: rawOp("aten::select", "int"),
  indexSelect: rawOp("aten::index_select"),
  gather: rawOp("aten::gather"),
  index: rawOp("aten::index", "Tensor"),
  chunk: rawOp("aten::chunk"),
  split: rawOp("aten::split", "Tensor"),
  unbind: rawOp("aten::unbind", "int"),
};

const inplace = {
  add_: rawOpInPlace("aten::add_", "Tensor"),
  addScalar_: rawOpInPlace("aten::add_", "Scalar"),
  mul_: rawOpInPlace("aten::mul_", "Tensor"),
  mulScalar_: rawOpInPlace("aten::mul_", "Scalar"),
  div_: rawOpInPlace("aten::div_", "Tensor"),
  divScalar_: rawOpInPlace("aten::div_", "Scalar"),
  addcmul_: rawOpInPlace("aten::addcmul_"),
  addcdiv_: rawOpInPlace("aten::addcdiv_"),
  lerp_: rawOpInPlace("aten::lerp_", "Scalar"),
  copy_: rawOpInPlace("aten::copy_"),
  zero_: rawOpInPlace("aten::zero_"),
  fill_: rawOpInPlace("aten::fill_", "Scalar"),
  clamp_: rawOpInPlace("aten::clamp_"),
  uniform_: rawOpInPlace("aten::uniform_"),
  normal_: rawOpInPlace("aten::normal_"),
  maskedFill_: rawOpInPlace("aten::masked_fill_", "Scalar"),
};
