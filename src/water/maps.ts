// Maps of a water run as PNG: label maps before and after the noise correction, the water
// probability, and the agreement with the reference (hits, false alarms, misses).
import { createCanvas } from "@napi-rs/canvas";
import { writeFileAtomic } from "../util/atomic-write.js";
import { LABEL } from "./qa.js";

type Rgb = [number, number, number];

export interface Panel {
  title: string;
  /** colour of pixel i, or null for no data */
  color(i: number): Rgb | null;
}

export interface LegendEntry {
  color: Rgb;
  label: string;
}

const NODATA: Rgb = [205, 205, 205];
export const COLORS = {
  land: [222, 206, 160] as Rgb,
  water: [31, 111, 191] as Rgb,
  unknown: [245, 245, 245] as Rgb,
  flippedToWater: [0, 200, 255] as Rgb,
  flippedToLand: [214, 39, 40] as Rgb,
  dropped: [140, 140, 140] as Rgb,
  hit: [31, 111, 191] as Rgb,
  falseAlarm: [214, 39, 40] as Rgb,
  miss: [255, 150, 0] as Rgb,
  correctLand: [235, 228, 205] as Rgb,
};

/** Panels one above the other (each scaled to at most maxWidth pixels wide), a title and a legend. */
export function renderPanels(path: string, width: number, height: number, title: string, panels: Panel[], legend: LegendEntry[], maxWidth = 1100): void {
  const scale = Math.min(maxWidth / width, 600 / height, 8);
  const pw = Math.max(1, Math.round(width * scale));
  const ph = Math.max(1, Math.round(height * scale));
  const top = 40;
  const gap = 30;
  const legendH = 34;
  // wide enough for the title and the legend on one line, even for a small scene
  const W = Math.max(pw + 24, 760);
  const H = top + panels.length * (ph + gap) + legendH;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "#222222";
  ctx.font = "bold 16px sans-serif";
  ctx.fillText(title, 12, 24);
  panels.forEach((p, k) => {
    const y0 = top + k * (ph + gap) + 18;
    ctx.fillStyle = "#222222";
    ctx.font = "13px sans-serif";
    ctx.fillText(p.title, 12, y0 - 5);
    const img = ctx.createImageData(pw, ph);
    for (let y = 0; y < ph; y++) {
      const r = Math.min(height - 1, Math.floor(y / scale));
      for (let x = 0; x < pw; x++) {
        const c = Math.min(width - 1, Math.floor(x / scale));
        const rgb = p.color(r * width + c) ?? NODATA;
        img.data.set([rgb[0], rgb[1], rgb[2], 255], (y * pw + x) * 4);
      }
    }
    ctx.putImageData(img, 12, y0);
    ctx.strokeStyle = "#555555";
    ctx.strokeRect(11.5, y0 - 0.5, pw + 1, ph + 1);
  });
  let x = 12;
  const y = H - legendH + 8;
  ctx.font = "13px sans-serif";
  for (const e of [...legend, { color: NODATA, label: "no data / outside" }]) {
    ctx.fillStyle = `rgb(${e.color.join(",")})`;
    ctx.fillRect(x, y, 18, 16);
    ctx.strokeStyle = "#777777";
    ctx.strokeRect(x - 0.5, y - 0.5, 19, 17);
    ctx.fillStyle = "#222222";
    ctx.fillText(e.label, x + 24, y + 13);
    x += 34 + ctx.measureText(e.label).width;
  }
  writeFileAtomic(path, canvas.toBuffer("image/png"));
}

export const labelColor = (labels: Uint8Array) => (i: number): Rgb => (labels[i] === LABEL.water ? COLORS.water : labels[i] === LABEL.land ? COLORS.land : COLORS.unknown);

/** Before, after, and where they differ. */
export function labelMaps(path: string, width: number, height: number, title: string, before: Uint8Array, after: Uint8Array): void {
  const change = (i: number): Rgb => {
    const a = before[i];
    const b = after[i];
    if (a === b) return b === LABEL.unknown ? COLORS.unknown : [250, 250, 250];
    if (b === LABEL.water) return COLORS.flippedToWater;
    if (b === LABEL.land) return COLORS.flippedToLand;
    return COLORS.dropped;
  };
  renderPanels(
    path,
    width,
    height,
    title,
    [
      { title: "before label-noise correction", color: labelColor(before) },
      { title: "after label-noise correction", color: labelColor(after) },
      { title: "changes", color: change },
    ],
    [
      { color: COLORS.water, label: "water" },
      { color: COLORS.land, label: "non-water" },
      { color: COLORS.unknown, label: "no label" },
      { color: COLORS.flippedToWater, label: "→ water" },
      { color: COLORS.flippedToLand, label: "→ non-water" },
      { color: COLORS.dropped, label: "dropped" },
    ],
  );
}

const ramp = (t: number): Rgb => {
  const a: Rgb = [255, 255, 255];
  const b: Rgb = [8, 48, 107];
  const u = Math.min(1, Math.max(0, t));
  return [0, 1, 2].map((k) => Math.round(a[k] + u * (b[k] - a[k]))) as Rgb;
};

export function probabilityMap(path: string, width: number, height: number, title: string, probability: ArrayLike<number>, threshold: number): void {
  renderPanels(
    path,
    width,
    height,
    title,
    [
      { title: "water probability (white 0 → dark blue 1)", color: (i) => (Number.isNaN(probability[i]) ? null : ramp(probability[i])) },
      { title: `water (p ≥ ${threshold.toFixed(3)})`, color: (i) => (Number.isNaN(probability[i]) ? null : probability[i] >= threshold ? COLORS.water : COLORS.land) },
    ],
    [
      { color: COLORS.water, label: "water" },
      { color: COLORS.land, label: "non-water" },
    ],
  );
}

/** reference and prediction as 1/0/NaN; pixels outside `mask` are drawn as no data. */
export function agreementPanel(title: string, reference: ArrayLike<number>, predicted: ArrayLike<number>, mask?: Uint8Array): Panel {
  return {
    title,
    color: (i) => {
      const o = reference[i];
      const s = predicted[i];
      if ((mask && !mask[i]) || Number.isNaN(o) || Number.isNaN(s)) return null;
      if (o === 1) return s === 1 ? COLORS.hit : COLORS.miss;
      return s === 1 ? COLORS.falseAlarm : COLORS.correctLand;
    },
  };
}

export const agreementLegend: LegendEntry[] = [
  { color: COLORS.hit, label: "water, found" },
  { color: COLORS.miss, label: "water, missed" },
  { color: COLORS.falseAlarm, label: "false alarm" },
  { color: COLORS.correctLand, label: "non-water, correct" },
];

/** A continuous 0..1 share per pixel (e.g. how often a pixel is labelled water over a series). */
export function shareMaps(path: string, width: number, height: number, title: string, panels: { title: string; share: ArrayLike<number> }[]): void {
  renderPanels(
    path,
    width,
    height,
    title,
    panels.map((p) => ({ title: p.title, color: (i: number) => (Number.isNaN(p.share[i]) ? null : ramp(p.share[i])) })),
    [
      { color: ramp(0), label: "0" },
      { color: ramp(0.5), label: "0.5" },
      { color: ramp(1), label: "1" },
    ],
  );
}
