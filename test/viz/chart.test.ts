import { test } from "node:test";
import assert from "node:assert/strict";
import { loadImage, createCanvas } from "@napi-rs/canvas";
import { renderLineChart } from "../../src/viz/chart.js";

test("a line chart is a PNG of the asked size with each series drawn in its colour where its data are", async () => {
  const png = renderLineChart(
    [
      { label: "rising", y: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => v), color: "#ff0000", width: 4 },
      { label: "flat", y: new Array(11).fill(2), color: "#0000ff", width: 4 },
    ],
    { title: "t", xLabel: "x", yLabel: "y", width: 400, height: 300 },
  );
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const img = await loadImage(png);
  assert.equal(img.width, 400);
  assert.equal(img.height, 300);
  const ctx = createCanvas(400, 300).getContext("2d");
  ctx.drawImage(img, 0, 0);
  // plot area: left 78, right 400−36, top 44, bottom 300−58; y range 0…10 padded 5 %
  const px = (x: number) => 78 + (x / 10) * (400 - 78 - 36);
  const py = (y: number) => 300 - 58 - ((y + 0.5) / 11) * (300 - 44 - 58);
  const rgb = (x: number, y: number) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.subarray(0, 3)];
  const red = rgb(px(9), py(9));
  assert.ok(red[0] > 200 && red[1] < 80 && red[2] < 80, `rising series at (9, 9): ${red}`);
  const blue = rgb(px(8), py(2));
  assert.ok(blue[2] > 200 && blue[0] < 80, `flat series at (8, 2): ${blue}`);
  const empty = rgb(px(2), py(8));
  assert.ok(empty.every((c) => c > 200), `no series at (2, 8): ${empty}`);
});

test("a chart with no finite values is an error naming it", () => {
  assert.throws(() => renderLineChart([{ label: "a", y: [NaN, NaN] }], { title: "empty", xLabel: "", yLabel: "" }), /chart 'empty': no finite values/);
});
