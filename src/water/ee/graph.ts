// The pixel CNN rewritten as Earth Engine image operations (seed 001's conversion), built with the
// official client:
//   input        ee.Image(asset).select(EE band names, model band names), normalised per band
//   conv k x k   per output channel: Σ_c band_c.convolve(ee.Kernel.fixed(k, k, w[o][c], centre)) + bias
//   conv 1 x 1   per output channel: image.multiply(constant w[o]).reduce(ee.Reducer.sum()) + bias
//   ReLU         .max(0), after the bias
//   centre crops band selections of the normalised input (a centred kernel keeps every pixel in place)
//   concat       addBands, in the network's channel order
//   softmax      water probability 1 / (1 + exp(z_land − z_water))
import { Tensor } from "../../torch/index.js";
import { WaterModel } from "../model-file.js";
import { earthEngine, EeImage, EeModule } from "./client.js";

export interface GraphOptions {
  /** Earth Engine names of the model's bands, in the model's order (default: the model's names). */
  eeBands?: string[];
  /** The asset the graph loads as its input image. */
  asset: string;
  /** A deliberately wrong conversion, only for testing that verification catches it. */
  fault?: "relu-before-bias" | "flipped-kernels";
}

export const PROBABILITY_BAND = "water_probability";

/** The shortest decimal that is the same float32, so the graph holds exactly the trained weights. */
export function f32(v: number): number {
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return s;
  }
  return f;
}

interface ConvWeights {
  out: number;
  in: number;
  k: number;
  w: Float64Array;
  b: Float64Array;
}

function weightsOf(weight: Tensor, bias: Tensor | null): ConvWeights {
  const [out, inC, k, k2] = weight.shape;
  if (k !== k2) throw new Error(`non-square ${k}x${k2} kernels cannot be exported`);
  return { out, in: inC, k, w: weight.toFloat64Array(), b: bias ? bias.toFloat64Array() : new Float64Array(out) };
}

/** weights[o][c] as rows top to bottom (the raster's north up), columns left to right. */
function kernelRows(c: ConvWeights, o: number, ch: number, flip: boolean): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < c.k; i++) {
    const row: number[] = [];
    for (let j = 0; j < c.k; j++) {
      const [r, s] = flip ? [c.k - 1 - i, c.k - 1 - j] : [i, j];
      row.push(f32(c.w[((o * c.in + ch) * c.k + r) * c.k + s]));
    }
    rows.push(row);
  }
  return rows;
}

/** One algorithm call by its published name, through the client's ee.Function.apply (the instance
 * methods would first walk each argument's whole graph: quadratic in the network's size). */
export function call(ee: EeModule, name: string, args: Record<string, unknown>): EeImage {
  return ee.ApiFunction.lookup(name).apply(args);
}

function concat(ee: EeModule, images: EeImage[]): EeImage {
  return images.slice(1).reduce((acc: EeImage, im: EeImage) => call(ee, "Image.addBands", { dstImg: acc, srcImg: im }), images[0]);
}

const constant = (ee: EeModule, value: number | number[]) => call(ee, "Image.constant", { value });
const rename = (ee: EeModule, input: EeImage, name: string) => call(ee, "Image.rename", { input, names: [name] });
const select = (ee: EeModule, input: EeImage, names: string[], newNames?: string[]) =>
  call(ee, "Image.select", newNames ? { input, bandSelectors: names, newNames } : { input, bandSelectors: names });

function activate(ee: EeModule, sum: EeImage, bias: number, relu: boolean, fault: GraphOptions["fault"]): EeImage {
  const b = constant(ee, f32(bias));
  if (!relu) return call(ee, "Image.add", { image1: sum, image2: b });
  const zero = constant(ee, 0);
  if (fault === "relu-before-bias") return call(ee, "Image.add", { image1: call(ee, "Image.max", { image1: sum, image2: zero }), image2: b });
  return call(ee, "Image.max", { image1: call(ee, "Image.add", { image1: sum, image2: b }), image2: zero });
}

/** A k x k convolution layer (odd k): one sum of per-band Kernel.fixed convolutions per output channel. */
function kernelLayer(ee: EeModule, input: EeImage, names: string[], c: ConvWeights, prefix: string, relu: boolean, o: GraphOptions): { image: EeImage; names: string[] } {
  if (c.k % 2 !== 1) throw new Error(`${prefix}: even ${c.k}x${c.k} kernels have no centre pixel; the pixel CNN uses odd kernels only`);
  if (names.length !== c.in) throw new Error(`${prefix}: ${names.length} input bands for a layer with ${c.in} input channels`);
  const centre = (c.k - 1) / 2;
  const bands = names.map((n) => select(ee, input, [n]));
  const outs: EeImage[] = [];
  const outNames: string[] = [];
  for (let oc = 0; oc < c.out; oc++) {
    let sum: EeImage = null;
    for (let ch = 0; ch < c.in; ch++) {
      const weights = kernelRows(c, oc, ch, o.fault === "flipped-kernels");
      const kernel = call(ee, "Kernel.fixed", { width: c.k, height: c.k, weights, x: centre, y: centre, normalize: false });
      const term = call(ee, "Image.convolve", { image: bands[ch], kernel });
      sum = sum === null ? term : call(ee, "Image.add", { image1: sum, image2: term });
    }
    const name = `${prefix}_${oc}`;
    outs.push(rename(ee, activate(ee, sum, c.b[oc], relu, o.fault), name));
    outNames.push(name);
  }
  return { image: concat(ee, outs), names: outNames };
}

/** A 1 x 1 convolution layer: per output channel a weighted band sum plus bias. */
function pointLayer(ee: EeModule, input: EeImage, names: string[], c: ConvWeights, prefix: string, relu: boolean, o: GraphOptions): { image: EeImage; names: string[] } {
  if (c.k !== 1) throw new Error(`${prefix}: expected a 1x1 layer`);
  if (names.length !== c.in) throw new Error(`${prefix}: ${names.length} input bands for a layer with ${c.in} input channels`);
  const sumReducer = call(ee, "Reducer.sum", {});
  const outs: EeImage[] = [];
  const outNames: string[] = [];
  for (let oc = 0; oc < c.out; oc++) {
    const w = Array.from(c.w.subarray(oc * c.in, (oc + 1) * c.in), f32);
    const weighted = call(ee, "Image.multiply", { image1: input, image2: constant(ee, w) });
    const sum = call(ee, "Image.reduce", { image: weighted, reducer: sumReducer });
    const name = `${prefix}_${oc}`;
    outs.push(rename(ee, activate(ee, sum, c.b[oc], relu, o.fault), name));
    outNames.push(name);
  }
  return { image: concat(ee, outs), names: outNames };
}

/** The water-probability image (one band, 'water_probability') of the model applied to the asset. */
export function buildGraph(model: WaterModel, o: GraphOptions): EeImage {
  const ee = earthEngine();
  const { net, meta } = model;
  if (net.activation !== "relu")
    throw new Error(`${model.dir}: activation '${net.activation}' cannot be expressed as Earth Engine image operations by this exporter (it writes ReLU as max(0)); retrain with activation relu`);
  const eeBands = o.eeBands ?? meta.bands;
  if (eeBands.length !== meta.bands.length)
    throw new Error(`--bands: ${eeBands.length} names for the model's ${meta.bands.length} bands [${meta.bands.join(", ")}]`);
  const names = meta.bands;
  const input = select(ee, call(ee, "Image.load", { id: o.asset }), eeBands, names);
  const centred = call(ee, "Image.subtract", { image1: input, image2: constant(ee, meta.normalization.map((n) => f32(n.mean))) });
  const x = call(ee, "Image.multiply", { image1: centred, image2: constant(ee, meta.normalization.map((n) => f32(1 / n.std))) });
  const l1 = kernelLayer(ee, x, names, weightsOf(net.conv1.weight, net.conv1.bias), "c1", true, o);
  const l2 = kernelLayer(ee, l1.image, l1.names, weightsOf(net.conv2.weight, net.conv2.bias), "c2", true, o);
  const cat3 = call(ee, "Image.addBands", { dstImg: l2.image, srcImg: select(ee, x, names) });
  const l3 = kernelLayer(ee, cat3, [...l2.names, ...names], weightsOf(net.conv3.weight, net.conv3.bias), "c3", true, o);
  const cat4 = call(ee, "Image.addBands", { dstImg: l3.image, srcImg: select(ee, x, names) });
  const l4 = pointLayer(ee, cat4, [...l3.names, ...names], weightsOf(net.conv4.weight, net.conv4.bias), "c4", true, o);
  const l5 = pointLayer(ee, l4.image, l4.names, weightsOf(net.conv5.weight, net.conv5.bias), "c5", false, o);
  const [land, water] = l5.names.map((n) => select(ee, l5.image, [n]));
  const expDiff = call(ee, "Image.exp", { value: call(ee, "Image.subtract", { image1: land, image2: water }) });
  const p = call(ee, "Image.divide", { image1: constant(ee, 1), image2: call(ee, "Image.add", { image1: expDiff, image2: constant(ee, 1) }) });
  return rename(ee, p, PROBABILITY_BAND);
}

/** Earth Engine's own serialised form (ee.Serializer, as image.serialize() writes it). */
export function serializeGraph(image: EeImage): string {
  return image.serialize() as string;
}
