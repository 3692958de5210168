// A raster as a map a person can read: colormap, optional hillshade underneath, transparent nodata,
// title and legend.
import { createCanvas } from "@napi-rs/canvas";
import { Band, isValid } from "../geo/raster.js";
import { colorAt, ColormapName, hazardClasses, isDiscrete } from "./colormap.js";

export interface RenderOptions {
  colormap: ColormapName;
  title?: string;
  /** Legend caption, e.g. "depth (m)". */
  units?: string;
  /** Value range of the colour scale; 2nd and 98th percentiles of the valid values when omitted. */
  range?: [number, number];
  /** Illumination in [0, 1] per cell (see hillshade()), drawn under the colours. */
  shade?: Float32Array;
  /** Cells whose value is at most this are left transparent over the hillshade (e.g. dry cells: 0.01 m). */
  transparentBelow?: number;
  maxSize?: number;
}

/** The p-quantile (0–1) of ascending values, the nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
}

export function autoRange(band: Band, below = -Infinity): [number, number] {
  const vals: number[] = [];
  for (const v of band.data) if (isValid(v, band.nodata) && v > below) vals.push(v);
  if (vals.length === 0) return [0, 1];
  const s = Float64Array.from(vals).sort();
  const lo = percentile(s, 0.02);
  const hi = percentile(s, 0.98);
  return hi > lo ? [lo, hi] : [s[0], s[s.length - 1] > s[0] ? s[s.length - 1] : s[0] + 1];
}

type Ctx = ReturnType<ReturnType<typeof createCanvas>["getContext"]>;

/** The size a rendered map takes (map, title and legend). */
export function rasterPanelSize(width: number, height: number, o: RenderOptions): { w: number; h: number; scale: number; top: number } {
  const maxSize = o.maxSize ?? 900;
  const scale = Math.min(maxSize / width, maxSize / height, 8);
  const mw = Math.max(1, Math.round(width * scale));
  const mh = Math.max(1, Math.round(height * scale));
  const top = o.title ? 40 : 12;
  return { w: mw + 230 + 24, h: Math.max(mh + top + 12, 260), scale, top };
}

/** Draws a map with its title and legend into ctx with its top-left corner at (ox, oy). */
export function drawRaster(ctx: Ctx, ox: number, oy: number, band: Band, width: number, height: number, o: RenderOptions): void {
  const { scale, top } = rasterPanelSize(width, height, o);
  const mw = Math.max(1, Math.round(width * scale));
  const mh = Math.max(1, Math.round(height * scale));
  const [lo, hi] = o.range ?? autoRange(band, o.transparentBelow);
  const img = ctx.createImageData(mw, mh);
  for (let y = 0; y < mh; y++) {
    const r = Math.min(height - 1, Math.floor(y / scale));
    for (let x = 0; x < mw; x++) {
      const c = Math.min(width - 1, Math.floor(x / scale));
      const v = band.data[r * width + c];
      const p = (y * mw + x) * 4;
      const shade = o.shade ? o.shade[r * width + c] : NaN;
      const valid = isValid(v, band.nodata);
      const transparent = !valid || (o.transparentBelow !== undefined && v <= o.transparentBelow);
      if (transparent) {
        if (Number.isFinite(shade)) {
          const g = Math.round(60 + 195 * shade);
          img.data.set([g, g, g, 255], p);
        } else img.data.set([0, 0, 0, 0], p);
        continue;
      }
      const rgb = isDiscrete(o.colormap) ? colorAt(o.colormap, v) : colorAt(o.colormap, (v - lo) / (hi - lo));
      const k = Number.isFinite(shade) ? 0.55 + 0.45 * shade : 1;
      img.data.set([rgb[0] * k, rgb[1] * k, rgb[2] * k, 255], p);
    }
  }
  ctx.putImageData(img, ox + 12, oy + top);
  ctx.strokeStyle = "#555555";
  ctx.strokeRect(ox + 11.5, oy + top - 0.5, mw + 1, mh + 1);
  ctx.fillStyle = "#222222";
  if (o.title) {
    ctx.font = "bold 16px sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(o.title, ox + 12, oy + 26);
  }
  drawLegend(ctx, ox + mw + 36, oy + top, o, lo, hi);
}

export function renderRaster(band: Band, width: number, height: number, o: RenderOptions): Buffer {
  const { w, h } = rasterPanelSize(width, height, o);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, w, h);
  drawRaster(ctx, 0, 0, band, width, height, o);
  return canvas.toBuffer("image/png");
}

function drawLegend(ctx: Ctx, x: number, y: number, o: RenderOptions, lo: number, hi: number): void {
  ctx.font = "13px sans-serif";
  ctx.fillStyle = "#222222";
  ctx.textAlign = "left";
  ctx.fillText(o.units ?? "", x, y + 12);
  if (isDiscrete(o.colormap)) {
    hazardClasses.forEach((c, i) => {
      ctx.fillStyle = `rgb(${c.color.join(",")})`;
      ctx.fillRect(x, y + 24 + i * 24, 20, 18);
      ctx.fillStyle = "#222222";
      ctx.fillText(c.label, x + 28, y + 38 + i * 24);
    });
    return;
  }
  const barH = 180;
  for (let i = 0; i < barH; i++) {
    const rgb = colorAt(o.colormap, 1 - i / (barH - 1));
    ctx.fillStyle = `rgb(${rgb.join(",")})`;
    ctx.fillRect(x, y + 24 + i, 22, 1);
  }
  ctx.strokeStyle = "#555555";
  ctx.strokeRect(x - 0.5, y + 23.5, 23, barH + 1);
  ctx.fillStyle = "#222222";
  for (let k = 0; k <= 4; k++) {
    const v = hi - ((hi - lo) * k) / 4;
    ctx.fillText(Number(v.toPrecision(4)).toString(), x + 30, y + 28 + (barH * k) / 4);
  }
}
