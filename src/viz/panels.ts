// Several maps side by side in one PNG (simulation | prediction | difference, before | after), each
// drawn with its own title and legend.
import { createCanvas } from "@napi-rs/canvas";
import { Band } from "../geo/raster.js";
import { drawRaster, rasterPanelSize, RenderOptions } from "./raster-png.js";

export interface Panel {
  band: Band;
  width: number;
  height: number;
  options: RenderOptions;
}

export function renderPanels(panels: Panel[], o: { columns?: number; title?: string } = {}): Buffer {
  if (panels.length === 0) throw new RangeError("renderPanels: no panels");
  const sizes = panels.map((p) => rasterPanelSize(p.width, p.height, p.options));
  const columns = Math.max(1, Math.min(o.columns ?? panels.length, panels.length));
  const rows = Math.ceil(panels.length / columns);
  const cw = Math.max(...sizes.map((s) => s.w));
  const ch = Math.max(...sizes.map((s) => s.h));
  const top = o.title ? 36 : 0;
  const canvas = createCanvas(cw * columns, ch * rows + top);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (o.title) {
    ctx.fillStyle = "#111111";
    ctx.font = "bold 18px sans-serif";
    ctx.fillText(o.title, 12, 24);
  }
  panels.forEach((p, k) => drawRaster(ctx, (k % columns) * cw, top + Math.floor(k / columns) * ch, p.band, p.width, p.height, p.options));
  return canvas.toBuffer("image/png");
}
