// Box plots in panels (seed 002's Figure 7): per panel, one box per group with the median, the
// quartiles, whiskers to the furthest values within 1.5 IQR, and the outliers beyond.
import { createCanvas } from "@napi-rs/canvas";
import { formatTick, niceTicks, palette } from "./chart.js";

export interface BoxGroup {
  label: string;
  values: number[];
  color?: string;
}

export interface BoxPanel {
  title: string;
  yLabel?: string;
  groups: BoxGroup[];
  /** a horizontal reference line (e.g. 0) */
  reference?: number;
}

export interface BoxStats {
  n: number;
  q1: number;
  median: number;
  q3: number;
  low: number;
  high: number;
  outliers: number[];
}

/** Quartiles by linear interpolation (numpy's default), whiskers at 1.5 IQR. */
export function boxStats(values: number[]): BoxStats {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => {
    if (v.length === 0) return NaN;
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo] + (h - lo) * ((v[lo + 1] ?? v[lo]) - v[lo]);
  };
  const q1 = q(0.25), q3 = q(0.75), iqr = q3 - q1;
  const inside = v.filter((x) => x >= q1 - 1.5 * iqr && x <= q3 + 1.5 * iqr);
  return { n: v.length, q1, median: q(0.5), q3, low: inside[0] ?? NaN, high: inside[inside.length - 1] ?? NaN, outliers: v.filter((x) => x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr) };
}

export function renderBoxPlots(panels: BoxPanel[], o: { columns?: number; title?: string; panelWidth?: number; panelHeight?: number } = {}): Buffer {
  const cols = Math.max(1, Math.min(o.columns ?? 2, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const PW = o.panelWidth ?? 520, PH = o.panelHeight ?? 340;
  const top = o.title ? 40 : 0;
  const canvas = createCanvas(PW * cols, PH * rows + top);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (o.title) {
    ctx.fillStyle = "#111111";
    ctx.font = "bold 18px sans-serif";
    ctx.fillText(o.title, 12, 26);
  }
  panels.forEach((p, k) => {
    const ox = (k % cols) * PW, oy = top + Math.floor(k / cols) * PH;
    const m = { left: 70, right: 16, top: 34, bottom: 70 };
    const stats = p.groups.map((g) => boxStats(g.values));
    const all = p.groups.flatMap((g) => g.values.filter(Number.isFinite));
    if (p.reference !== undefined) all.push(p.reference);
    let lo = Math.min(...all), hi = Math.max(...all);
    if (!(hi > lo)) (lo -= 1), (hi += 1);
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    const y = (v: number) => oy + m.top + (PH - m.top - m.bottom) * (1 - (v - lo) / (hi - lo));
    ctx.fillStyle = "#111111";
    ctx.font = "bold 14px sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(p.title, ox + m.left, oy + 22);
    ctx.font = "12px sans-serif";
    ctx.strokeStyle = "#dddddd";
    ctx.lineWidth = 1;
    for (const t of niceTicks(lo, hi, 5)) {
      ctx.beginPath();
      ctx.moveTo(ox + m.left, y(t));
      ctx.lineTo(ox + PW - m.right, y(t));
      ctx.stroke();
      ctx.fillStyle = "#333333";
      ctx.textAlign = "right";
      ctx.fillText(formatTick(t), ox + m.left - 6, y(t) + 4);
    }
    if (p.reference !== undefined) {
      ctx.strokeStyle = "#555555";
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(ox + m.left, y(p.reference));
      ctx.lineTo(ox + PW - m.right, y(p.reference));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const slot = (PW - m.left - m.right) / p.groups.length;
    p.groups.forEach((g, i) => {
      const s = stats[i];
      const cx = ox + m.left + slot * (i + 0.5);
      const bw = Math.min(50, slot * 0.55);
      const color = g.color ?? palette[i % palette.length];
      ctx.textAlign = "center";
      ctx.fillStyle = "#222222";
      g.label.split("\n").forEach((line, j) => ctx.fillText(line, cx, oy + PH - m.bottom + 18 + j * 14));
      if (!(s.n > 0)) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(cx, y(s.low));
      ctx.lineTo(cx, y(s.q1));
      ctx.moveTo(cx, y(s.q3));
      ctx.lineTo(cx, y(s.high));
      ctx.moveTo(cx - bw / 4, y(s.low));
      ctx.lineTo(cx + bw / 4, y(s.low));
      ctx.moveTo(cx - bw / 4, y(s.high));
      ctx.lineTo(cx + bw / 4, y(s.high));
      ctx.stroke();
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = color;
      ctx.fillRect(cx - bw / 2, y(s.q3), bw, y(s.q1) - y(s.q3));
      ctx.globalAlpha = 1;
      ctx.strokeRect(cx - bw / 2, y(s.q3), bw, y(s.q1) - y(s.q3));
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(cx - bw / 2, y(s.median));
      ctx.lineTo(cx + bw / 2, y(s.median));
      ctx.stroke();
      ctx.fillStyle = color;
      for (const v of s.outliers) {
        ctx.beginPath();
        ctx.arc(cx, y(v), 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.fillStyle = "#222222";
      ctx.font = "11px sans-serif";
      ctx.fillText(`${formatTick(Number(s.median.toPrecision(3)))}`, cx + bw / 2 + 14, y(s.median) - 3);
      ctx.font = "12px sans-serif";
    });
    if (p.yLabel) {
      ctx.save();
      ctx.translate(ox + 16, oy + m.top + (PH - m.top - m.bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.fillStyle = "#333333";
      ctx.fillText(p.yLabel, 0, 0);
      ctx.restore();
    }
  });
  return canvas.toBuffer("image/png");
}
