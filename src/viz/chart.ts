// Line charts to PNG (loss curves, hydrographs) drawn with a Canvas 2D context.
import { createCanvas, SKRSContext2D } from "@napi-rs/canvas";
import { writeFileAtomic } from "../util/atomic-write.js";

export interface Series {
  label: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  color?: string;
  width?: number;
  /** false: markers only (a scatter), whatever the number of points. */
  line?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  logY?: boolean;
  /** Only whole-number x ticks (epochs). */
  integerX?: boolean;
  /** Labels for x ticks, e.g. dates; called with an x value. */
  xTickFormat?: (x: number) => string;
  /** The x axis covers at least this range (the data may widen it). */
  xRange?: [number, number];
  /** Where in the plot the legend goes; "auto": the place that covers the fewest points. Default top-left. */
  legendAt?: Corner | "auto";
}

export const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  // ticks as k·step (not a running sum), and a tick that is zero up to round-off is zero
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(Math.abs(k) < 1e-9 ? 0 : Number((k * step).toPrecision(12)));
  return ticks;
}

export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

export function renderLineChart(series: Series[], o: LineChartOptions): Buffer {
  const W = o.width ?? 900;
  const H = o.height ?? 480;
  const m = { left: 78, right: 36, top: 44, bottom: 58 };
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, W, H);

  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x ? s.x[i] : i;
      const y = tf(s.y[i]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) continue;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  if (!Number.isFinite(xMin)) throw new RangeError(`chart '${o.title}': no finite values to plot`);
  if (o.xRange) {
    xMin = Math.min(xMin, o.xRange[0]);
    xMax = Math.max(xMax, o.xRange[1]);
  }
  if (xMax === xMin) xMax = xMin + 1;
  if (yMax === yMin) yMax = yMin + 1;
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin)) * (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - yMin) / (yMax - yMin)) * (H - m.top - m.bottom);

  drawAxes(ctx, o, { W, H, m, xMin, xMax, yMin, yMax, px, py });

  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, W - m.left - m.right, H - m.top - m.bottom);
  ctx.clip();
  series.forEach((s, k) => {
    ctx.strokeStyle = s.color ?? palette[k % palette.length];
    ctx.lineWidth = s.width ?? 1.6;
    ctx.beginPath();
    let pen = s.line === false ? null : false;
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x ? s.x[i] : i;
      const y = tf(s.y[i]);
      if (pen === null) continue;
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(px(x), py(y));
      else ctx.moveTo(px(x), py(y));
      pen = true;
    }
    ctx.stroke();
    if (s.y.length <= 60 || s.line === false) {
      ctx.fillStyle = ctx.strokeStyle;
      for (let i = 0; i < s.y.length; i++) {
        const y = tf(s.y[i]);
        if (!Number.isFinite(y)) continue;
        ctx.beginPath();
        ctx.arc(px(s.x ? s.x[i] : i), py(y), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  });
  ctx.restore();

  const box = { left: m.left + 10, right: W - m.right - 10, top: m.top + 10, bottom: H - m.bottom - 10 };
  let at = o.legendAt ?? "top-left";
  if (at === "auto") {
    const points: [number, number][] = series.flatMap((s) => Array.from({ length: s.y.length }, (_, i): [number, number] => [px(s.x ? s.x[i] : i), py(tf(s.y[i]))]));
    const corners = ["top-left", "top-right", "bottom-right", "bottom-left", "middle-right", "middle-left"] as const;
    const covered = corners.map((c) => {
      const r = legendRect(ctx, series, c, box);
      return points.filter(([x, y]) => x >= r.x - 6 && x <= r.x + r.width + 6 && y >= r.y - 6 && y <= r.y + r.height + 6).length;
    });
    at = corners[covered.indexOf(Math.min(...covered))];
  }
  drawLegend(ctx, series, at, box);
  return canvas.toBuffer("image/png");
}

type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right" | "middle-left" | "middle-right";

function legendRect(ctx: SKRSContext2D, series: Series[], at: Corner, box: { left: number; right: number; top: number; bottom: number }) {
  ctx.font = "13px sans-serif";
  const width = 44 + Math.max(...series.map((s) => ctx.measureText(s.label).width));
  const height = 18 * series.length + 8;
  const y = at.startsWith("bottom") ? box.bottom - height : at.startsWith("middle") ? (box.top + box.bottom - height) / 2 : box.top;
  return { x: at.endsWith("right") ? box.right - width : box.left, y, width, height };
}

function drawLegend(ctx: SKRSContext2D, series: Series[], at: Corner, box: { left: number; right: number; top: number; bottom: number }): void {
  ctx.font = "13px sans-serif";
  ctx.textAlign = "left";
  const rowH = 18;
  const { x, y, width } = legendRect(ctx, series, at, box);
  ctx.fillStyle = "rgba(255,255,255,0.88)";
  ctx.strokeStyle = "#bbbbbb";
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, width, rowH * series.length + 8);
  ctx.strokeRect(x, y, width, rowH * series.length + 8);
  series.forEach((s, k) => {
    const cy = y + 4 + rowH * k + rowH / 2;
    ctx.strokeStyle = s.color ?? palette[k % palette.length];
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x + 8, cy);
    ctx.lineTo(x + 32, cy);
    ctx.stroke();
    ctx.fillStyle = "#222222";
    ctx.fillText(s.label, x + 38, cy + 4.5);
  });
}

interface Frame {
  W: number;
  H: number;
  m: { left: number; right: number; top: number; bottom: number };
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  px: (x: number) => number;
  py: (y: number) => number;
}

function drawAxes(ctx: SKRSContext2D, o: LineChartOptions, f: Frame): void {
  ctx.fillStyle = "#222";
  ctx.font = "bold 16px sans-serif";
  ctx.textAlign = "center";
  ctx.fillText(o.title, f.W / 2, 26);
  ctx.font = "13px sans-serif";
  ctx.strokeStyle = "#e4e4e4";
  ctx.lineWidth = 1;
  for (const t of niceTicks(f.yMin, f.yMax)) {
    const y = f.py(t);
    ctx.beginPath();
    ctx.moveTo(f.m.left, y);
    ctx.lineTo(f.W - f.m.right, y);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.fillText(o.logY ? formatTick(10 ** t) : formatTick(t), f.m.left - 6, y + 4);
  }
  for (const t of niceTicks(f.xMin, f.xMax, 8).filter((v) => !o.integerX || Number.isInteger(v))) {
    const x = f.px(t);
    ctx.beginPath();
    ctx.moveTo(x, f.m.top);
    ctx.lineTo(x, f.H - f.m.bottom);
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.fillText(o.xTickFormat ? o.xTickFormat(t) : formatTick(t), x, f.H - f.m.bottom + 18);
  }
  ctx.strokeStyle = "#444";
  ctx.strokeRect(f.m.left, f.m.top, f.W - f.m.left - f.m.right, f.H - f.m.top - f.m.bottom);
  ctx.textAlign = "center";
  ctx.fillText(o.xLabel, (f.m.left + f.W - f.m.right) / 2, f.H - 14);
  ctx.save();
  ctx.translate(18, (f.m.top + f.H - f.m.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();
}

export function writeLineChart(path: string, series: Series[], o: LineChartOptions): void {
  writeFileAtomic(path, renderLineChart(series, o));
}

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** Horizontal bars, largest first as given, each labelled with its value (e.g. importances). */
export function renderBarChart(bars: Bar[], o: { title: string; xLabel: string; width?: number; format?: (v: number) => string }): Buffer {
  const rowH = 30;
  const W = o.width ?? 900;
  const probe = createCanvas(10, 10).getContext("2d");
  probe.font = "13px sans-serif";
  const labelW = Math.max(60, ...bars.map((b) => probe.measureText(b.label).width)) + 20;
  const m = { left: labelW, right: 80, top: 44, bottom: 50 };
  const H = m.top + m.bottom + rowH * Math.max(bars.length, 1);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, W, H);
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const px = (v: number) => m.left + (v / max) * (W - m.left - m.right);
  ctx.fillStyle = "#222";
  ctx.font = "bold 16px sans-serif";
  ctx.textAlign = "center";
  ctx.fillText(o.title, W / 2, 26);
  ctx.font = "13px sans-serif";
  ctx.strokeStyle = "#e4e4e4";
  ctx.lineWidth = 1;
  for (const t of niceTicks(0, max)) {
    const x = px(t);
    ctx.beginPath();
    ctx.moveTo(x, m.top);
    ctx.lineTo(x, H - m.bottom);
    ctx.stroke();
    ctx.fillStyle = "#222";
    ctx.textAlign = "center";
    ctx.fillText(formatTick(t), x, H - m.bottom + 18);
  }
  bars.forEach((b, i) => {
    const y = m.top + i * rowH;
    ctx.fillStyle = b.color ?? palette[0];
    ctx.fillRect(m.left, y + 5, Math.max(px(b.value) - m.left, 1), rowH - 10);
    ctx.fillStyle = "#222";
    ctx.textAlign = "right";
    ctx.fillText(b.label, m.left - 8, y + rowH / 2 + 4.5);
    ctx.textAlign = "left";
    ctx.fillText((o.format ?? formatTick)(b.value), px(b.value) + 6, y + rowH / 2 + 4.5);
  });
  ctx.strokeStyle = "#444";
  ctx.strokeRect(m.left, m.top, W - m.left - m.right, H - m.top - m.bottom);
  ctx.textAlign = "center";
  ctx.fillText(o.xLabel, (m.left + W - m.right) / 2, H - 14);
  return canvas.toBuffer("image/png");
}

export function writeBarChart(path: string, bars: Bar[], o: Parameters<typeof renderBarChart>[1]): void {
  writeFileAtomic(path, renderBarChart(bars, o));
}

export interface ScatterSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  /** dot radius in pixels (default 3) */
  radius?: number;
}

export interface ScatterOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** log10 axes (non-positive values are skipped) */
  log?: boolean;
  /** draw the 1:1 line */
  identity?: boolean;
}

/** A scatter plot (predicted against observed, one grid against another), optionally with the 1:1 line. */
export function renderScatterChart(series: ScatterSeries[], o: ScatterOptions): Buffer {
  const W = o.width ?? 720;
  const H = o.height ?? 640;
  const m = { left: 78, right: 36, top: 44, bottom: 58 };
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, W, H);
  const tf = (v: number) => (o.log ? (v > 0 ? Math.log10(v) : NaN) : v);
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (const s of series)
    for (let i = 0; i < s.x.length; i++) {
      const x = tf(s.x[i]);
      const y = tf(s.y[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      lo = [Math.min(lo[0], x), Math.min(lo[1], y)];
      hi = [Math.max(hi[0], x), Math.max(hi[1], y)];
    }
  if (!Number.isFinite(lo[0])) throw new RangeError(`chart '${o.title}': no finite points to plot`);
  if (o.identity) lo = [Math.min(...lo), Math.min(...lo)], hi = [Math.max(...hi), Math.max(...hi)];
  const padded = (a: number, b: number): [number, number] => (b > a ? [a - (b - a) * 0.04, b + (b - a) * 0.04] : [a - 1, a + 1]);
  const [xMin, xMax] = padded(lo[0], hi[0]);
  const [yMin, yMax] = padded(lo[1], hi[1]);
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin)) * (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - yMin) / (yMax - yMin)) * (H - m.top - m.bottom);
  const axes: LineChartOptions = { title: o.title, xLabel: o.xLabel, yLabel: o.yLabel, logY: o.log, xTickFormat: o.log ? (t) => formatTick(10 ** t) : undefined };
  drawAxes(ctx, axes, { W, H, m, xMin, xMax, yMin, yMax, px, py });
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, W - m.left - m.right, H - m.top - m.bottom);
  ctx.clip();
  if (o.identity) {
    ctx.strokeStyle = "#888888";
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.moveTo(px(Math.max(xMin, yMin)), py(Math.max(xMin, yMin)));
    ctx.lineTo(px(Math.min(xMax, yMax)), py(Math.min(xMax, yMax)));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  series.forEach((s, k) => {
    ctx.fillStyle = s.color ?? palette[k % palette.length];
    ctx.globalAlpha = 0.7;
    for (let i = 0; i < s.x.length; i++) {
      const x = tf(s.x[i]);
      const y = tf(s.y[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(px(x), py(y), s.radius ?? 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  });
  ctx.restore();
  drawLegend(ctx, series.map((s) => ({ label: s.label, y: [], color: s.color })), "top-left", { left: m.left, right: W - m.right, top: m.top, bottom: H - m.bottom });
  return canvas.toBuffer("image/png");
}

export function writeScatterChart(path: string, series: ScatterSeries[], o: ScatterOptions): void {
  writeFileAtomic(path, renderScatterChart(series, o));
}
