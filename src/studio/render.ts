// The map layers the page lays over each other, one pixel per cell (the browser scales them): the
// terrain as a hillshade with buildings, the hazard rating in FD2320's classes, Δz on a diverging
// scale, and masks (area of interest). Transparent where there is nothing to show.
import { createCanvas } from "@napi-rs/canvas";
import { Grid } from "../geo/index.js";
import { colorAt, hazardClasses, Rgb } from "../viz/colormap.js";
import { hillshade } from "../viz/hillshade.js";

/** HR below this is drawn transparent (dry or nearly so, as the design's own PNGs); the page's legend says so. */
export const HR_SHOWN_FROM = 0.02;
/** |Δz| below this (m) is drawn transparent. */
export const DZ_SHOWN_FROM = 0.005;

type Pixel = (i: number) => Rgb | [number, number, number, number] | null;

/** A W × H RGBA PNG from a colour (and opacity) per cell (null = transparent); rows north first. */
export function cellsPng(grid: Grid, pixel: Pixel): Buffer {
  const { width: W, height: H } = grid;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(W, H);
  // a south-up grid (positive y step) is flipped so that the picture's top is north
  const flip = grid.geotransform[5] > 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const rgb = pixel(r * W + c);
      const p = ((flip ? H - 1 - r : r) * W + c) * 4;
      if (rgb) img.data.set([rgb[0], rgb[1], rgb[2], rgb.length === 4 ? rgb[3] : 255], p);
    }
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer("image/png");
}

/** Grey hillshade of ground + buildings, buildings tinted brick; nodata transparent. */
export function terrainPng(grid: Grid, ground: ArrayLike<number>, buildings: ArrayLike<number>): Buffer {
  const cell = Math.abs(grid.geotransform[1]);
  const surface = Float64Array.from(ground, (g, i) => g + (buildings[i] > 0 ? buildings[i] : 0));
  const shade = hillshade(surface, grid.width, grid.height, cell, cell, Number.isFinite);
  return cellsPng(grid, (i) => {
    const s = shade[i];
    if (!Number.isFinite(s)) return null;
    if (buildings[i] > 0) {
      const k = 0.55 + 0.45 * s;
      return [Math.round(196 * k), Math.round(128 * k), Math.round(106 * k)];
    }
    const g = Math.round(70 + 175 * s);
    return [g, g, g];
  });
}

/** FD2320's class colours; within the lowest class (most urban surface water) the colour fades as HR falls, so that its pattern shows. */
export function hazardPng(grid: Grid, hr: ArrayLike<number>): Buffer {
  const low = hazardClasses[0].upTo;
  return cellsPng(grid, (i) => {
    const v = hr[i];
    if (!Number.isFinite(v) || v < HR_SHOWN_FROM) return null;
    const [r, g, b] = colorAt("hazard", v);
    const a = v >= low ? 255 : Math.round(255 * (0.35 + (0.65 * (v - HR_SHOWN_FROM)) / (low - HR_SHOWN_FROM)));
    return [r, g, b, a];
  });
}

/** Δz on the diverging scale over ±range (cut blue, fill red). */
export function changePng(grid: Grid, dz: ArrayLike<number>, range: number): Buffer {
  return cellsPng(grid, (i) => (Number.isFinite(dz[i]) && Math.abs(dz[i]) >= DZ_SHOWN_FROM ? colorAt("diverging", (dz[i] + range) / (2 * range)) : null));
}

export function maskPng(grid: Grid, mask: ArrayLike<number>, color: Rgb): Buffer {
  return cellsPng(grid, (i) => (mask[i] > 0 ? color : null));
}

/** What the page's legends draw, from the same tables as the PNGs. */
export function legendTables() {
  return {
    hazard_classes: hazardClasses.map((c, k) => ({ from: k === 0 ? HR_SHOWN_FROM : hazardClasses[k - 1].upTo, up_to: Number.isFinite(c.upTo) ? c.upTo : null, label: c.label, color: c.color })),
    hr_shown_from: HR_SHOWN_FROM,
    dz_shown_from: DZ_SHOWN_FROM,
    diverging: [0, 0.25, 0.5, 0.75, 1].map((t) => colorAt("diverging", t)),
  };
}
