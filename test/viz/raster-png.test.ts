import { test } from "node:test";
import assert from "node:assert/strict";
import { loadImage, createCanvas } from "@napi-rs/canvas";
import { renderRaster } from "../../src/viz/raster-png.js";
import { hillshade } from "../../src/viz/hillshade.js";
import { colorAt, hazardClasses } from "../../src/viz/colormap.js";

test("hillshade: flat ground is lit by sin(altitude); a slope facing the sun is brighter than one facing away", () => {
  const flat = hillshade(new Float32Array(9).fill(10), 3, 3, 1, 1, () => true, 315, 45);
  assert.ok(Math.abs(flat[4] - Math.SQRT1_2) < 1e-6);
  // rising to the east (z = x): faces west, away from a sun in the north-west less than a slope facing it
  const east = hillshade(Float32Array.from({ length: 9 }, (_, i) => i % 3), 3, 3, 1, 1, () => true);
  const west = hillshade(Float32Array.from({ length: 9 }, (_, i) => -(i % 3)), 3, 3, 1, 1, () => true);
  // analytic (gdaldem): slope 45°, aspect W for z = x ⇒ cos45·cos45 + sin45·sin45·cos(az − aspect)
  assert.ok(west[4] < east[4], `${west[4]} vs ${east[4]}`);
  assert.ok(Math.abs(east[4] - (0.5 + 0.5 * Math.cos(Math.PI / 4))) < 1e-6, `${east[4]}`);
});

test("hazard colours follow the FD2320 class limits", () => {
  assert.deepEqual(colorAt("hazard", 0.5), hazardClasses[0].color);
  assert.deepEqual(colorAt("hazard", 0.75), hazardClasses[1].color);
  assert.deepEqual(colorAt("hazard", 1.9), hazardClasses[2].color);
  assert.deepEqual(colorAt("hazard", 2.5), hazardClasses[3].color);
});

test("a rendered map has nodata transparent and each value in its colour", async () => {
  const data = Float32Array.from([0.5, 1.0, 1.5, 3.0, -9999, 0.5]);
  const png = renderRaster({ name: "hr", type: "Float32", nodata: -9999, data }, 3, 2, { colormap: "hazard", maxSize: 300 });
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext("2d");
  ctx.drawImage(img, 0, 0);
  // small rasters are enlarged at most 8 times; the map starts at (12, 12) without a title
  const px = (col: number, row: number) => [...ctx.getImageData(12 + col * 8 + 4, 12 + row * 8 + 4, 1, 1).data];
  assert.deepEqual(px(0, 0).slice(0, 3), hazardClasses[0].color);
  assert.deepEqual(px(1, 0).slice(0, 3), hazardClasses[1].color);
  assert.deepEqual(px(0, 1).slice(0, 3), hazardClasses[3].color);
  assert.equal(px(1, 1)[3], 0, "nodata is transparent");
});
