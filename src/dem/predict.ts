// `catchment dem predict`: the model over a whole stack in overlapping windows, each window's
// prediction taken back to metres with its own offset, then stitched with ramp weights so that
// window edges leave no seams.
import { Raster, cellSize, isValid, slidingWindows, stitch, Window } from "../geo/index.js";
import { noGrad, tensor, tidy } from "../torch/index.js";
import { progressBar } from "../train/progress.js";
import { Interrupted, watchInterrupt } from "../util/interrupt.js";
import { Scene, encodeWindows } from "./data.js";
import { LoadedDemModel } from "./model.js";

export interface PredictOptions {
  /** window step; default half the window */
  stride?: number;
  batchSize?: number;
  device?: string;
  progress?: boolean;
}

export interface DemPrediction {
  elevation: Float32Array;
  notes: string[];
}

/** The stack's bands in the model's input order; a clear error when one is missing or the cell differs. */
export function sceneFromStack(model: LoadedDemModel, stack: Raster, label: string): { scene: Scene; notes: string[] } {
  const notes: string[] = [];
  const names = stack.bands.map((b) => b.name);
  const { inputs: wanted, elevation_inputs: E, layer_flags: optional } = model.info.net;
  const missing = wanted.filter((n, k) => !names.includes(n) && !(optional && k >= E));
  if (missing.length)
    throw new Error(`${label}: the model ${model.dir} needs bands [${wanted.slice(0, optional ? E : wanted.length).join(", ")}]${optional ? ` (optional: ${wanted.slice(E).join(", ")})` : ""}; the stack has [${names.join(", ")}] (missing ${missing.join(", ")})`);
  const absent = wanted.filter((n) => !names.includes(n));
  if (absent.length) notes.push(`optional layers not in the stack, predicted without them: ${absent.join(", ")}`);
  const extra = names.filter((n) => !wanted.includes(n));
  if (extra.length) notes.push(`bands not used by the model: ${extra.join(", ")}`);
  const [dx, dy] = cellSize(stack);
  const cell = model.info.cell;
  if (Math.abs(dx - cell) > 0.01 * cell || Math.abs(dy - cell) > 0.01 * cell)
    throw new Error(`${label}: cells are ${dx}×${dy} m; the model was trained for ${cell} m cells (resample the stack with catchment dem stack --cell ${cell})`);
  const inputs = wanted.map((n) => {
    const b = stack.bands.find((x) => x.name === n);
    return b ? Float32Array.from(b.data, (v) => (isValid(v, b.nodata) ? v : NaN)) : null;
  });
  return { scene: { width: stack.width, height: stack.height, inputs, names: wanted, elevationChannels: E, target: null }, notes };
}

/** Index into [0, n) reflected at the edges (…, 2, 1, 0, 1, 2, …, n−2, n−1, n−2, …). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const k = ((i % period) + period) % period;
  return k < n ? k : period - k;
}

/** Pads every input by mirroring the terrain at the edges to at least `w`×`h` (a mirrored slope keeps its relief, unlike repeated edge cells). */
function padScene(s: Scene, w: number, h: number): Scene {
  if (w === s.width && h === s.height) return s;
  const pad = (a: Float32Array | null) => {
    if (!a) return null;
    const out = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = a[reflect(y, s.height) * s.width + reflect(x, s.width)];
    return out;
  };
  return { ...s, width: w, height: h, inputs: s.inputs.map(pad) };
}

/**
 * Cells where no global DEM has a value (outside a survey, around nodata) take the values of the
 * nearest cell that has one, so the network sees terrain there instead of a flat fill; they stay
 * nodata in the output.
 */
function fillFromNearest(s: Scene): Scene {
  const n = s.width * s.height;
  const E = s.elevationChannels;
  const source = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let head = 0, tail = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < E; c++) if (!Number.isNaN((s.inputs[c] as Float32Array)[i])) {
      source[i] = i;
      queue[tail++] = i;
      break;
    }
  }
  if (tail === 0 || tail === n) return s;
  while (head < tail) {
    const i = queue[head++];
    const x = i % s.width, y = (i - x) / s.width;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= s.width || yy >= s.height) continue;
      const j = yy * s.width + xx;
      if (source[j] >= 0) continue;
      source[j] = source[i];
      queue[tail++] = j;
    }
  }
  const inputs = s.inputs.map((a, c) => (c < E && a ? Float32Array.from(a, (v, i) => (Number.isNaN(v) ? a[source[i]] : v)) : a));
  return { ...s, inputs };
}

export function predictScene(model: LoadedDemModel, scene0: Scene, o: PredictOptions = {}): Float32Array {
  const size = model.info.patch_size;
  const stride = o.stride ?? size / 2;
  const device = o.device ?? "cpu";
  const scene = padScene(fillFromNearest(scene0), Math.max(size, scene0.width), Math.max(size, scene0.height));
  const windows: Window[] = slidingWindows(scene.width, scene.height, size, stride);
  const preds = new Float32Array(windows.length * size * size);
  const batch = o.batchSize ?? 8;
  const scale = model.info.normalization.elevation_scale;
  const bar = o.progress ? progressBar("dem predict windows", windows.length) : null;
  const interrupt = watchInterrupt("stopping prediction");
  try {
    for (let i = 0; i < windows.length; i += batch) {
      const ws = windows.slice(i, i + batch);
      const e = encodeWindows(scene, ws, model.info.normalization, { layerFlags: model.info.net.layer_flags === true });
      const out = tidy(() => noGrad(() => {
        const x = tensor(e.x, e.shape);
        return model.net.forward(device === "cpu" ? x : x.to(device)).to("cpu").data() as Float32Array;
      }));
      const S = size * size;
      for (let n = 0; n < ws.length; n++) for (let j = 0; j < S; j++) preds[(i + n) * S + j] = e.offsets[n] + scale * out[n * S + j];
      bar?.update(Math.min(i + batch, windows.length));
      if (interrupt.requested) throw new Interrupted("prediction interrupted; nothing was written");
    }
  } finally {
    bar?.stop();
    interrupt.release();
  }
  const [full] = stitch(preds, windows, 1, scene.width, scene.height, Math.max(1, (size - stride) / 2));
  const out = new Float32Array(scene0.width * scene0.height);
  for (let y = 0; y < scene0.height; y++)
    for (let x = 0; x < scene0.width; x++) {
      const i = y * scene0.width + x;
      let any = false;
      for (let c = 0; c < scene0.elevationChannels && !any; c++) any = !Number.isNaN((scene0.inputs[c] as Float32Array)[i]);
      out[i] = any ? full[y * scene.width + x] : NaN;
    }
  return out;
}

export function predictDem(model: LoadedDemModel, stack: Raster, label: string, o: PredictOptions = {}): DemPrediction {
  const { scene, notes } = sceneFromStack(model, stack, label);
  return { elevation: predictScene(model, scene, o), notes };
}
