// The scatter chart added to src/viz for cwsc: dots where the data are, the 1:1 line, log axes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadImage, createCanvas } from "@napi-rs/canvas";
import { renderScatterChart } from "../../src/viz/chart.js";

test("a scatter chart draws each point in its colour at its place, and the dashed 1:1 line", async () => {
  const png = renderScatterChart([{ label: "p", x: [0, 10], y: [0, 10], color: "#ff0000", radius: 5 }, { label: "q", x: [8], y: [2], color: "#0000ff", radius: 5 }], {
    title: "t",
    xLabel: "x",
    yLabel: "y",
    width: 400,
    height: 400,
    identity: true,
  });
  const img = await loadImage(png);
  const ctx = createCanvas(400, 400).getContext("2d");
  ctx.drawImage(img, 0, 0);
  // range 0…10 padded 4 % on both axes
  const px = (x: number) => 78 + ((x + 0.4) / 10.8) * (400 - 78 - 36);
  const py = (y: number) => 400 - 58 - ((y + 0.4) / 10.8) * (400 - 44 - 58);
  const rgb = (x: number, y: number) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.subarray(0, 3)];
  const red = rgb(px(10), py(10));
  assert.ok(red[0] > 200 && red[1] < 120, `point (10, 10): ${red}`);
  const blue = rgb(px(8), py(2));
  assert.ok(blue[2] > 200 && blue[0] < 120, `point (8, 2): ${blue}`);
  const line = [4.5, 5, 5.5, 6].map((v) => rgb(px(v), py(v)));
  assert.ok(line.some((c) => c[0] < 200 && Math.abs(c[0] - c[2]) < 20), `1:1 line near (5, 5): ${JSON.stringify(line)}`);
  assert.ok(rgb(px(2), py(8)).every((c) => c > 200), "nothing at (2, 8)");
});

test("log axes skip non-positive values and refuse an empty plot", () => {
  assert.throws(() => renderScatterChart([{ label: "p", x: [0, -1], y: [1, 2] }], { title: "t", xLabel: "x", yLabel: "y", log: true }), /no finite points/);
  assert.ok(renderScatterChart([{ label: "p", x: [1, 100, 0], y: [10, 1000, 5] }], { title: "t", xLabel: "x", yLabel: "y", log: true }).length > 1000);
});
