// Full-raster prediction: the pixel CNN run as one convolution over the raster, in square tiles with
// a 3-pixel halo so memory stays bounded, never pixel by pixel. A pixel gets a probability when its
// whole 7x7 window is valid in every band; others (the 3-pixel border, pixels near nodata) are NaN.
import { noGrad, tensor, tidy } from "../torch/index.js";
import { Band, Raster, isValid } from "../geo/raster.js";
import { progressBar } from "../train/progress.js";
import { HALO, WINDOW } from "./model.js";
import { WaterModel } from "./model-file.js";
import { LABEL } from "./qa.js";

export interface PredictOptions {
  /** Output tile size in pixels (default 512). */
  tile?: number;
  device?: string;
  progress?: boolean;
}

export interface Prediction {
  /** Water probability, NaN where the 7x7 window is not complete. */
  probability: Float32Array;
  /** 1 water, 0 land, 255 no prediction. */
  classes: Uint8Array;
  width: number;
  height: number;
}

/** Checks that the raster's bands are the model's, by name and in order; the message names what differs. */
export function checkBands(source: string, have: string[], want: string[]): void {
  if (have.length === want.length && have.every((b, i) => b === want[i])) return;
  const missing = want.filter((b) => !have.includes(b));
  const detail = missing.length
    ? `missing ${missing.map((b) => `'${b}'`).join(", ")}`
    : have.length !== want.length
      ? `${have.length} bands for the model's ${want.length}`
      : "in another order";
  throw new Error(`${source}: bands [${have.join(", ")}] do not match the model's [${want.join(", ")}] (${detail}); reorder them, or name the file's bands with --bands`);
}

/** Normalized bands as one [B, H, W] Float32Array (invalid → 0) and the per-pixel validity. */
export function normalizedStack(raster: Raster, model: WaterModel): { data: Float32Array; valid: Uint8Array } {
  const n = raster.width * raster.height;
  const B = raster.bands.length;
  const data = new Float32Array(B * n);
  const valid = new Uint8Array(n).fill(1);
  raster.bands.forEach((band: Band, b) => {
    const { mean, std } = model.meta.normalization[b];
    const base = b * n;
    for (let i = 0; i < n; i++) {
      const v = band.data[i];
      if (isValid(v, band.nodata)) data[base + i] = (v - mean) / std;
      else valid[i] = 0;
    }
  });
  return { data, valid };
}

/** 1 where the whole window × window neighbourhood is valid (and inside the raster). */
export function completeWindows(valid: Uint8Array, width: number, height: number, window = WINDOW): Uint8Array {
  const r = (window - 1) / 2;
  // integral image of invalid pixels
  const W1 = width + 1;
  const sum = new Int32Array(W1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += valid[y * width + x] ? 0 : 1;
      sum[(y + 1) * W1 + x + 1] = sum[y * W1 + x + 1] + row;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = r; y < height - r; y++)
    for (let x = r; x < width - r; x++) {
      const y0 = y - r, y1 = y + r + 1, x0 = x - r, x1 = x + r + 1;
      const bad = sum[y1 * W1 + x1] - sum[y0 * W1 + x1] - sum[y1 * W1 + x0] + sum[y0 * W1 + x0];
      if (bad === 0) out[y * width + x] = 1;
    }
  return out;
}

export function predictRaster(model: WaterModel, raster: Raster, o: PredictOptions = {}): Prediction {
  checkBands("scene", raster.bands.map((b) => b.name), model.meta.bands);
  const { width, height } = raster;
  const tile = o.tile ?? 512;
  const device = o.device ?? "cpu";
  const B = raster.bands.length;
  const { data, valid } = normalizedStack(raster, model);
  const complete = completeWindows(valid, width, height);
  const probability = new Float32Array(width * height).fill(NaN);
  const outW = width - 2 * HALO;
  const outH = height - 2 * HALO;
  if (outW < 1 || outH < 1) throw new Error(`scene: ${width}x${height} pixels is smaller than the ${WINDOW}x${WINDOW} window of the network`);
  const tiles: [number, number][] = [];
  for (let ty = 0; ty < outH; ty += tile) for (let tx = 0; tx < outW; tx += tile) tiles.push([tx, ty]);
  const bar = o.progress ? progressBar("predict tiles", tiles.length) : null;
  const n = width * height;
  tiles.forEach(([tx, ty], k) => {
    // output pixels [tx, tx + w) x [ty, ty + h) of the (outW x outH) map are raster pixels shifted by HALO
    const w = Math.min(tile, outW - tx);
    const h = Math.min(tile, outH - ty);
    const iw = w + 2 * HALO;
    const ih = h + 2 * HALO;
    const input = new Float32Array(B * iw * ih);
    for (let b = 0; b < B; b++)
      for (let r = 0; r < ih; r++) {
        const src = b * n + (ty + r) * width + tx;
        input.set(data.subarray(src, src + iw), (b * ih + r) * iw);
      }
    const p = tidy(() =>
      noGrad(() => {
        const x = tensor(input, [1, B, ih, iw]).to(device);
        return model.net.forward(x).softmax(1).select(1, 1).reshape(h * w).to("cpu").data() as Float32Array;
      }),
    );
    for (let r = 0; r < h; r++) {
      const row = (ty + r + HALO) * width + tx + HALO;
      for (let c = 0; c < w; c++) if (complete[row + c]) probability[row + c] = p[r * w + c];
    }
    bar?.update(k + 1);
  });
  bar?.stop();
  const threshold = model.meta.threshold;
  const classes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = probability[i];
    classes[i] = Number.isNaN(v) ? LABEL.unknown : v >= threshold ? LABEL.water : LABEL.land;
  }
  return { probability, classes, width, height };
}
