// A local evaluator of serialised Earth Engine image graphs, for the algorithms the water export uses,
// with Earth Engine's semantics as its API reference documents them:
// - band matching of binary operators: a one-band operand is used against every band of the other;
//   equal band counts pair by name when both have the same names, else in order; output names are
//   those of the longer input, or image1's when equally long; integer ∘ integer stays integer, and
//   integer division truncates; division by 0 gives 0;
// - Image.constant: one band 'constant', or 'constant_0', 'constant_1', … for a list;
// - Image.select: selectors are band names as regular expressions matching the whole name, or indices,
//   in the order of the selectors; Image.addBands renames a clashing name foo → foo_1, foo_2, …;
// - Image.convolve: every band with the same kernel, weights[row][col] with row 0 at the top (north)
//   and the focus at (x, y) from the left and top, so out(r, c) = Σ w[i][j] · in(r + i − y, c + j − x)
//   (a correlation: the kernel is laid over the image as written, not mirrored);
// - masks: pixels outside the image are masked; an output pixel is masked when any input pixel it is
//   computed from is masked (the convolution's whole kernel, every band of a reduce).
// It evaluates in float64 on libtorch tensors, in tiles with a halo as deep as the graph's reach.
import { F, Tensor, tensor, tidy, zeros, ones } from "../../torch/index.js";
import { Raster, isValid, GdalType } from "../../geo/raster.js";
import { progressBar } from "../../train/progress.js";
import { SerializedGraph, ValueNode, nodeKind } from "./graph-json.js";
import { SIGNATURES } from "./signatures.js";

export interface EvalBand {
  name: string;
  int: boolean;
  /** A number for constant bands (valid everywhere). */
  value: Tensor | number;
  /** null: valid everywhere in the tile. */
  valid: Tensor | null;
}
export interface EvalImage {
  kind: "image";
  bands: EvalBand[];
}
interface EvalKernel {
  kind: "kernel";
  width: number;
  height: number;
  weights: number[][];
  x: number;
  y: number;
}
interface EvalReducer {
  kind: "reducer";
  name: "sum";
}
type Value = EvalImage | EvalKernel | EvalReducer | number | string | boolean | null | Value[] | { [k: string]: Value };

const isImage = (v: Value): v is EvalImage => typeof v === "object" && v !== null && !Array.isArray(v) && (v as EvalImage).kind === "image";

/** The local rasters Image.load ids resolve to. */
export type ImageResolver = (id: string) => Raster;

interface Window {
  x0: number;
  y0: number;
  w: number;
  h: number;
}

const INT_TYPES = new Set<GdalType>(["Byte", "Int8", "UInt16", "Int16", "UInt32", "Int32"]);

function fail(fn: string, message: string): never {
  throw new Error(`${fn}: ${message}`);
}

function asImage(fn: string, arg: string, v: Value): EvalImage {
  if (typeof v === "number") return constantImage([v]);
  if (!isImage(v)) fail(fn, `argument '${arg}' must be an Image`);
  return v;
}

function asList(fn: string, arg: string, v: Value): Value[] {
  if (!Array.isArray(v)) fail(fn, `argument '${arg}' must be a list`);
  return v;
}

function constantImage(values: number[]): EvalImage {
  const names = values.length === 1 ? ["constant"] : values.map((_, i) => `constant_${i}`);
  return { kind: "image", bands: values.map((v, i) => ({ name: names[i], int: Number.isInteger(v), value: v, valid: null })) };
}

/** Which bands of image2 go with which bands of image1, and the output names. */
function pairBands(fn: string, a: EvalImage, b: EvalImage): [EvalBand, EvalBand, string][] {
  const na = a.bands.length;
  const nb = b.bands.length;
  if (na === 0 || nb === 0) fail(fn, "an operand has no bands");
  if (na === 1 && nb > 1) return b.bands.map((bb) => [a.bands[0], bb, bb.name]);
  if (nb === 1) return a.bands.map((ab) => [ab, b.bands[0], ab.name]);
  if (na !== nb) fail(fn, `cannot pair an image of ${na} bands with one of ${nb} bands`);
  const namesA = a.bands.map((x) => x.name);
  const namesB = new Map(b.bands.map((x) => [x.name, x]));
  const sameNames = namesB.size === nb && namesA.every((n) => namesB.has(n));
  return a.bands.map((ab, i) => [ab, sameNames ? (namesB.get(ab.name) as EvalBand) : b.bands[i], ab.name]);
}

type Num = Tensor | number;
const andValid = (a: Tensor | null, b: Tensor | null): Tensor | null => (a === null ? b : b === null || b === a ? a : a.logicalAnd(b));

function binary(fn: string, image1: Value, image2: Value, op: (x: Num, y: Num, int: boolean) => Num, intOut?: (a: boolean, b: boolean) => boolean): EvalImage {
  const a = asImage(fn, "image1", image1);
  const b = asImage(fn, "image2", image2);
  return tidy(() => ({
    kind: "image" as const,
    bands: pairBands(fn, a, b).map(([x, y, name]) => {
      const int = intOut ? intOut(x.int, y.int) : x.int && y.int;
      return { name, int, value: op(x.value, y.value, int), valid: andValid(x.valid, y.valid) };
    }),
  }));
}

function lift(x: Num, y: Num, t: (a: Tensor, b: Tensor | number) => Tensor, s: (a: number, b: number) => number, commutative = true): Num {
  if (typeof x === "number" && typeof y === "number") return s(x, y);
  if (typeof x !== "number") return t(x, y);
  if (commutative) return t(y as Tensor, x);
  return t(zeros((y as Tensor).shape, { dtype: "float64" }).add(x), y);
}

const truncTensor = (t: Tensor) => t.sign().mul(t.abs().floor());

const OPS = {
  add: (x: Num, y: Num) => lift(x, y, (a, b) => a.add(b), (a, b) => a + b),
  subtract: (x: Num, y: Num) => lift(x, y, (a, b) => a.sub(b), (a, b) => a - b, false),
  multiply: (x: Num, y: Num) => lift(x, y, (a, b) => a.mul(b), (a, b) => a * b),
  max: (x: Num, y: Num) =>
    lift(x, y, (a, b) => (typeof b === "number" ? a.clampMin(b) : a.maximum(b)), (a, b) => Math.max(a, b)),
  divide: (x: Num, y: Num, int: boolean) => {
    if (typeof x === "number" && typeof y === "number") return y === 0 ? 0 : int ? Math.trunc(x / y) : x / y;
    const xt = typeof x === "number" ? zeros((y as Tensor).shape, { dtype: "float64" }).add(x) : x;
    const yt = typeof y === "number" ? zeros(xt.shape, { dtype: "float64" }).add(y) : y;
    const zero = yt.eq(0);
    const q = xt.div(yt.maskedFill(zero, 1));
    return (int ? truncTensor(q) : q).maskedFill(zero, 0);
  },
};

interface ConvInput {
  /** the band's values, masked pixels 0, padded so that the focus lies over each output pixel */
  padded: Tensor;
  /** where the whole kernel covers valid pixels */
  valid: Tensor;
}

/** Padded values and output validity of a band for a kernel shape (pure functions of them). */
function convInput(band: EvalBand, k: EvalKernel, h: number, w: number): ConvInput {
  const value = band.value as Tensor;
  // padding (left, right, top, bottom) that puts the focus over each output pixel
  const pads = [k.x, k.width - 1 - k.x, k.y, k.height - 1 - k.y];
  return tidy(() => {
    const valid = band.valid ?? ones([h, w], { dtype: "bool" });
    const padded = F.pad(value.maskedFill(valid.logicalNot(), 0).reshape(1, 1, h, w), pads, "constant", 0);
    const invalid = F.pad(valid.logicalNot().double().reshape(1, 1, h, w), pads, "constant", 1);
    const hits = F.conv2d(invalid, ones([1, 1, k.height, k.width], { dtype: "float64" })).reshape(h, w);
    return { padded, valid: hits.lt(0.5) };
  });
}

function convolveBand(band: EvalBand, k: EvalKernel, h: number, w: number, ctx: TileContext): EvalBand {
  const sumW = k.weights.flat().reduce((a, b) => a + b, 0);
  if (typeof band.value === "number") return { name: band.name, int: false, value: band.value * sumW, valid: band.valid };
  const input = ctx.convInput(band, k, h, w);
  const value = tidy(() => F.conv2d(input.padded, tensor(Float64Array.from(k.weights.flat()), [1, 1, k.height, k.width])).reshape(h, w));
  if (!ctx.isPinned(input.padded)) input.padded.dispose();
  return { name: band.name, int: false, value, valid: input.valid };
}

function selectorMatches(selector: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${selector})$`).test(name);
  } catch {
    return selector === name;
  }
}

function selectBands(fn: string, image: EvalImage, selectors: Value[]): EvalBand[] {
  const out: EvalBand[] = [];
  for (const s of selectors) {
    if (typeof s === "number") {
      if (!Number.isInteger(s) || s < 0 || s >= image.bands.length) fail(fn, `band index ${s} is out of range; the image has ${image.bands.length} bands`);
      out.push(image.bands[s]);
    } else if (typeof s === "string") {
      const hits = image.bands.filter((b) => selectorMatches(s, b.name));
      if (hits.length === 0) fail(fn, `pattern '${s}' did not match any band; bands are [${image.bands.map((b) => b.name).join(", ")}]`);
      out.push(...hits);
    } else fail(fn, "band selectors must be names, regular expressions or indices");
  }
  return out;
}

function stringList(fn: string, arg: string, v: Value): string[] {
  const list = asList(fn, arg, v);
  if (!list.every((x) => typeof x === "string")) fail(fn, `argument '${arg}' must be a list of strings`);
  return list as string[];
}

export interface EvaluatorOptions {
  /** Tile size of the output (default 256). */
  tile?: number;
  progress?: boolean;
}

export interface EvaluatedBand {
  name: string;
  /** NaN where masked. */
  data: Float64Array;
}

class TileContext {
  private readonly memo = new Map<string, Value>();
  private readonly pinned = new Set<number>();
  private readonly convInputs = new Map<string, ConvInput>();
  constructor(
    private readonly graph: SerializedGraph,
    private readonly resolve: ImageResolver | null,
    private readonly win: Window,
  ) {}

  evalRef(id: string): Value {
    const hit = this.memo.get(id);
    if (hit !== undefined) return hit;
    const node = this.graph.values[id];
    if (!node) throw new Error(`graph: value reference '${id}' is not among the values`);
    const v = this.evalNode(node, `values.${id}`);
    this.memo.set(id, v);
    for (const t of tensorsOf(v)) this.pinned.add(t.id);
    return v;
  }

  evalNode(node: ValueNode, where: string): Value {
    const kind = nodeKind(node, where);
    switch (kind) {
      case "constantValue":
        return (node as { constantValue: Value }).constantValue;
      case "integerValue":
        return Number((node as { integerValue: string }).integerValue);
      case "nullValue":
        return null;
      case "valueReference":
        return this.evalRef((node as { valueReference: string }).valueReference);
      case "arrayValue":
        return ((node as { arrayValue: { values?: ValueNode[] } }).arrayValue.values ?? []).map((v, i) => this.evalNode(v, `${where}[${i}]`));
      case "dictionaryValue":
        return Object.fromEntries(Object.entries((node as { dictionaryValue: { values?: Record<string, ValueNode> } }).dictionaryValue.values ?? {}).map(([k, v]) => [k, this.evalNode(v, `${where}.${k}`)]));
      default: {
        const f = (node as { functionInvocationValue: { functionName: string; arguments?: Record<string, ValueNode> } }).functionInvocationValue;
        const args: Record<string, Value> = {};
        const inline: Value[] = [];
        for (const [k, v] of Object.entries(f.arguments ?? {})) {
          args[k] = this.evalNode(v, `${where}.${f.functionName}.${k}`);
          if (nodeKind(v, where) !== "valueReference") inline.push(args[k]);
        }
        const result = this.invoke(f.functionName, args);
        // tensors of inline arguments that the result does not pass on are not needed any more
        const kept = new Set(tensorsOf(result).map((t) => t.id));
        for (const t of inline.flatMap(tensorsOf)) if (!kept.has(t.id) && !this.pinned.has(t.id) && t.isLive) t.dispose();
        return result;
      }
    }
  }

  private invoke(fn: string, given: Record<string, Value>): Value {
    const sig = SIGNATURES[fn];
    const impl = ALGORITHMS[fn];
    if (!sig || !impl) throw new Error(`graph uses the algorithm '${fn}', which this evaluator does not implement (it implements ${Object.keys(ALGORITHMS).join(", ")})`);
    const unknown = Object.keys(given).filter((k) => !sig.args.some((a) => a.name === k));
    if (unknown.length) fail(fn, `unknown argument${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")}; it takes ${sig.args.map((a) => a.name).join(", ") || "none"}`);
    const args: Record<string, Value> = {};
    for (const a of sig.args) {
      if (a.name in given) args[a.name] = given[a.name];
      else if (a.optional) args[a.name] = (a.default ?? null) as Value;
      else fail(fn, `missing argument '${a.name}'`);
    }
    return impl(args, this);
  }

  load(id: string): EvalImage {
    if (!this.resolve) throw new Error(`Image.load('${id}') needs an image, but none is bound here`);
    const r = this.resolve(id);
    const { x0, y0, w, h } = this.win;
    return tidy(() => ({
      kind: "image" as const,
      bands: r.bands.map((b) => {
        const data = new Float64Array(w * h);
        const valid = new Uint8Array(w * h);
        for (let y = 0; y < h; y++) {
          const ry = y0 + y;
          if (ry < 0 || ry >= r.height) continue;
          for (let x = 0; x < w; x++) {
            const rx = x0 + x;
            if (rx < 0 || rx >= r.width) continue;
            const v = b.data[ry * r.width + rx];
            if (isValid(v, b.nodata)) {
              data[y * w + x] = v;
              valid[y * w + x] = 1;
            }
          }
        }
        return { name: b.name, int: INT_TYPES.has(b.type), value: tensor(data, [h, w]), valid: tensor(valid, [h, w]).bool() };
      }),
    }));
  }

  /**
   * The padded input and output validity of a convolution; shared by every kernel of the same shape
   * applied to a band that lives for the whole tile (a band of a referenced value), as a layer applies
   * one kernel per output channel to each of its input bands.
   */
  convInput(band: EvalBand, k: EvalKernel, h: number, w: number): ConvInput {
    const value = band.value as Tensor;
    const shared = this.pinned.has(value.id) && (band.valid === null || this.pinned.has(band.valid.id));
    if (!shared) return convInput(band, k, h, w);
    const key = `${value.id}/${band.valid?.id ?? "-"}/${k.width}x${k.height}@${k.x},${k.y}`;
    let hit = this.convInputs.get(key);
    if (!hit) {
      hit = convInput(band, k, h, w);
      this.convInputs.set(key, hit);
      this.pinned.add(hit.padded.id);
      this.pinned.add(hit.valid.id);
    }
    return hit;
  }

  isPinned(t: Tensor): boolean {
    return this.pinned.has(t.id);
  }

  get size(): [number, number] {
    return [this.win.h, this.win.w];
  }
}

function tensorsOf(v: Value): Tensor[] {
  if (isImage(v)) return v.bands.flatMap((b) => [b.value, b.valid].filter((t): t is Tensor => t instanceof Tensor));
  if (Array.isArray(v)) return v.flatMap(tensorsOf);
  return [];
}

type Impl = (args: Record<string, Value>, ctx: TileContext) => Value;

const ALGORITHMS: Record<string, Impl> = {
  "Image.load": (a, ctx) => {
    if (typeof a.id !== "string") fail("Image.load", "argument 'id' must be a string");
    return ctx.load(a.id);
  },
  "Image.constant": (a) => {
    const v = a.value;
    const values = typeof v === "number" ? [v] : Array.isArray(v) && v.every((x) => typeof x === "number") ? (v as number[]) : fail("Image.constant", "this evaluator takes a number or a list of numbers");
    if (values.length === 0) fail("Image.constant", "an empty list gives an image without bands");
    return constantImage(values);
  },
  "Image.select": (a) => {
    const image = asImage("Image.select", "input", a.input);
    const bands = selectBands("Image.select", image, asList("Image.select", "bandSelectors", a.bandSelectors));
    if (a.newNames === null) return { kind: "image", bands };
    const names = stringList("Image.select", "newNames", a.newNames);
    if (names.length !== bands.length) fail("Image.select", `${names.length} new names for ${bands.length} selected bands`);
    return { kind: "image", bands: bands.map((b, i) => ({ ...b, name: names[i] })) };
  },
  "Image.rename": (a) => {
    const image = asImage("Image.rename", "input", a.input);
    const names = stringList("Image.rename", "names", a.names);
    if (names.length !== image.bands.length) fail("Image.rename", `${names.length} names for an image of ${image.bands.length} bands`);
    return { kind: "image", bands: image.bands.map((b, i) => ({ ...b, name: names[i] })) };
  },
  "Image.addBands": (a) => {
    const dst = asImage("Image.addBands", "dstImg", a.dstImg);
    const src = asImage("Image.addBands", "srcImg", a.srcImg);
    const add = a.names === null ? src.bands : selectBands("Image.addBands", src, stringList("Image.addBands", "names", a.names));
    const bands = [...dst.bands];
    for (const b of add) {
      const at = bands.findIndex((x) => x.name === b.name);
      if (at < 0) bands.push(b);
      else if (a.overwrite === true) bands[at] = b;
      else {
        let k = 1;
        while (bands.some((x) => x.name === `${b.name}_${k}`)) k++;
        bands.push({ ...b, name: `${b.name}_${k}` });
      }
    }
    return { kind: "image", bands };
  },
  "Image.add": (a) => binary("Image.add", a.image1, a.image2, OPS.add),
  "Image.subtract": (a) => binary("Image.subtract", a.image1, a.image2, OPS.subtract),
  "Image.multiply": (a) => binary("Image.multiply", a.image1, a.image2, OPS.multiply),
  "Image.divide": (a) => binary("Image.divide", a.image1, a.image2, OPS.divide),
  "Image.max": (a) => binary("Image.max", a.image1, a.image2, OPS.max),
  "Image.exp": (a) => {
    const image = asImage("Image.exp", "value", a.value);
    return tidy(() => ({
      kind: "image" as const,
      bands: image.bands.map((b) => ({ ...b, int: false, value: typeof b.value === "number" ? Math.exp(b.value) : b.value.exp() })),
    }));
  },
  "Kernel.fixed": (a): EvalKernel => {
    const rows = asList("Kernel.fixed", "weights", a.weights);
    if (rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length === (rows[0] as Value[]).length && r.every((x) => typeof x === "number")))
      fail("Kernel.fixed", "weights must be a non-empty 2-D list of numbers with rows of equal length");
    const weights = rows as number[][];
    const height = weights.length;
    const width = weights[0].length;
    const wArg = a.width as number;
    const hArg = a.height as number;
    if (wArg >= 0 && wArg !== width) fail("Kernel.fixed", `width ${wArg} but the weights have ${width} columns`);
    if (hArg >= 0 && hArg !== height) fail("Kernel.fixed", `height ${hArg} but the weights have ${height} rows`);
    // an unset focus (-1) is the centre pixel, floor(size / 2) (assumed for even sizes; see README)
    const x = (a.x as number) < 0 ? Math.floor(width / 2) : (a.x as number);
    const y = (a.y as number) < 0 ? Math.floor(height / 2) : (a.y as number);
    if (x >= width || y >= height) fail("Kernel.fixed", `focus (${x}, ${y}) lies outside the ${width}x${height} kernel`);
    const sum = weights.flat().reduce((s, v) => s + v, 0);
    const normalized = a.normalize === true && sum !== 0 ? weights.map((r) => r.map((v) => v / sum)) : weights;
    return { kind: "kernel", width, height, weights: normalized, x, y };
  },
  "Image.convolve": (a, ctx) => {
    const image = asImage("Image.convolve", "image", a.image);
    const k = a.kernel as EvalKernel;
    if (!k || (k as { kind?: string }).kind !== "kernel") fail("Image.convolve", "argument 'kernel' must be a Kernel");
    const [h, w] = ctx.size;
    return { kind: "image", bands: image.bands.map((b) => convolveBand(b, k, h, w, ctx)) };
  },
  "Reducer.sum": (): EvalReducer => ({ kind: "reducer", name: "sum" }),
  "Image.reduce": (a) => {
    const image = asImage("Image.reduce", "image", a.image);
    const r = a.reducer as EvalReducer;
    if (!r || r.kind !== "reducer") fail("Image.reduce", "argument 'reducer' must be a Reducer");
    return tidy(() => {
      let value: Num = 0;
      let valid: Tensor | null = null;
      for (const b of image.bands) {
        value = OPS.add(value, b.value);
        valid = andValid(valid, b.valid);
      }
      return { kind: "image" as const, bands: [{ name: r.name, int: image.bands.every((b) => b.int), value, valid }] };
    });
  },
};

export const EVALUATOR_ALGORITHMS = Object.keys(ALGORITHMS);

/** How many pixels around an output pixel the graph reads (the sum of kernel reaches along its deepest path). */
export function graphReach(graph: SerializedGraph): number {
  const kernels = new TileContext(graph, null, { x0: 0, y0: 0, w: 1, h: 1 });
  const memo = new Map<string, number>();
  const reach = (node: ValueNode, where: string): number => {
    const kind = nodeKind(node, where);
    if (kind === "valueReference") {
      const id = (node as { valueReference: string }).valueReference;
      if (!memo.has(id)) {
        const target = graph.values[id];
        if (!target) throw new Error(`graph: value reference '${id}' is not among the values`);
        memo.set(id, reach(target, `values.${id}`));
      }
      return memo.get(id) as number;
    }
    if (kind === "arrayValue") return Math.max(0, ...((node as { arrayValue: { values?: ValueNode[] } }).arrayValue.values ?? []).map((v, i) => reach(v, `${where}[${i}]`)));
    if (kind === "dictionaryValue") return Math.max(0, ...Object.entries((node as { dictionaryValue: { values?: Record<string, ValueNode> } }).dictionaryValue.values ?? {}).map(([k, v]) => reach(v, `${where}.${k}`)));
    if (kind !== "functionInvocationValue") return 0;
    const f = (node as { functionInvocationValue: { functionName: string; arguments?: Record<string, ValueNode> } }).functionInvocationValue;
    const args = f.arguments ?? {};
    let r = Math.max(0, ...Object.entries(args).map(([k, v]) => reach(v, `${where}.${f.functionName}.${k}`)));
    if (f.functionName === "Image.convolve" && args.kernel) {
      const k = kernels.evalNode(args.kernel, `${where}.kernel`) as EvalKernel;
      r += Math.max(k.x, k.width - 1 - k.x, k.y, k.height - 1 - k.y);
    }
    return r;
  };
  return reach(graph.values[graph.result], `values.${graph.result}`);
}

/** Evaluates the graph over the grid of `grid` (the raster Image.load resolves to), tile by tile. */
export function evaluateGraph(graph: SerializedGraph, resolve: ImageResolver, grid: { width: number; height: number }, o: EvaluatorOptions = {}): EvaluatedBand[] {
  const tile = o.tile ?? 256;
  const halo = graphReach(graph);
  const { width, height } = grid;
  const tiles: [number, number][] = [];
  for (let ty = 0; ty < height; ty += tile) for (let tx = 0; tx < width; tx += tile) tiles.push([tx, ty]);
  const bar = o.progress ? progressBar("evaluate graph tiles", tiles.length) : null;
  let out: EvaluatedBand[] | null = null;
  tiles.forEach(([tx, ty], k) => {
    const w = Math.min(tile, width - tx);
    const h = Math.min(tile, height - ty);
    const win = { x0: tx - halo, y0: ty - halo, w: w + 2 * halo, h: h + 2 * halo };
    tidy(() => {
      const ctx = new TileContext(graph, resolve, win);
      const result = ctx.evalRef(graph.result);
      if (!isImage(result)) throw new Error(`graph: the result is not an image`);
      out ??= result.bands.map((b) => ({ name: b.name, data: new Float64Array(width * height).fill(NaN) }));
      result.bands.forEach((b, i) => {
        const target = (out as EvaluatedBand[])[i];
        if (!target) throw new Error("graph: the number of result bands changed between tiles");
        const values = typeof b.value === "number" ? null : b.value.toFloat64Array();
        const valid = b.valid ? (b.valid.data() as Uint8Array) : null;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const i2 = (y + halo) * win.w + x + halo;
            if (valid && !valid[i2]) continue;
            target.data[(ty + y) * width + tx + x] = values ? values[i2] : (b.value as number);
          }
      });
    });
    bar?.update(k + 1);
  });
  bar?.stop();
  return out ?? [];
}

