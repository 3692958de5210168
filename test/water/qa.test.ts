// QA decoding against the products' documented bit tables and the sample files' documented facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readRaster } from "../../src/geo/io.js";
import { decodeQa, flagFractions, qaLabels, qaProduct, bits, LABEL, QaFlags } from "../../src/water/qa.js";
import { clearSkyMedian } from "../../src/water/composite.js";
import { data } from "../helpers/data.js";

const one = (product: Parameters<typeof decodeQa>[0], v: number, minConfidence?: 0 | 1 | 2 | 3) => {
  const f = decodeQa(product, [v], { minConfidence });
  return Object.fromEntries(Object.entries(f).map(([k, a]) => [k, (a as Uint8Array)[0] === 1]));
};

test("Collection-1 BQA: USGS's documented values decode as their table says", () => {
  // 1 designated fill; 2720 clear (all confidences low); 2752 cloud confidence medium; 2800 cloud, high
  // confidence; 2976 cloud shadow high; 3744 snow/ice high; 7840 snow/ice high and cirrus high
  assert.equal(one("landsat_c1_bqa", 1).fill, true);
  assert.deepEqual(one("landsat_c1_bqa", 2720), { fill: false, cloud: false, shadow: false, snow: false, cirrus: false, water: false, clear: false });
  assert.equal(bits(2752, 5, 2), 2);
  assert.equal(one("landsat_c1_bqa", 2752, 2).cloud, true);
  assert.equal(one("landsat_c1_bqa", 2752).cloud, false, "medium is below the default high confidence");
  assert.equal(one("landsat_c1_bqa", 2800).cloud, true);
  assert.equal(one("landsat_c1_bqa", 2976).shadow, true);
  assert.equal(one("landsat_c1_bqa", 3744).snow, true);
  assert.deepEqual([one("landsat_c1_bqa", 7840).snow, one("landsat_c1_bqa", 7840).cirrus, one("landsat_c1_bqa", 7840).cloud], [true, true, false]);
});

test("Collection-1 BQA sample (Greenland): 51.3 % fill, as documented; it has no water flag to label from", () => {
  const r = readRaster(data("landsat8_bqa_samples", "LC08_L1TP_005004_20170410_20170414_01_T1_BQA.TIF"));
  const f = flagFractions(decodeQa("landsat_c1_bqa", r.bands[0].data));
  assert.equal(f.fill.toFixed(3), "0.513");
  assert.ok(f.snow > 0.45, `snow/ice high on most of the rest: ${f.snow}`);
  assert.throws(() => qaLabels("landsat_c1_bqa", decodeQa("landsat_c1_bqa", r.bands[0].data)), /has no water flag/);
});

test("pre-collection BQA sample: 33.5 % fill, cloud no 64.8 % / maybe 0.3 % / yes 1.4 %, water maybe 41.4 %, as documented", () => {
  const v = readRaster(data("landsat8_bqa_samples", "LC81070352015282LGN00_BQA.TIF")).bands[0].data;
  const n = v.length;
  const share = (pred: (x: number) => boolean) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (pred(v[i])) k++;
    return (100 * k) / n;
  };
  assert.equal(flagFractions(decodeQa("landsat_pre_collection_bqa", v)).fill.toFixed(3), "0.335");
  assert.equal(share((x) => bits(x, 14, 2) === 1).toFixed(1), "64.8");
  assert.equal(share((x) => bits(x, 14, 2) === 2).toFixed(1), "0.3");
  assert.equal(share((x) => bits(x, 14, 2) === 3).toFixed(1), "1.4");
  assert.equal(share((x) => bits(x, 4, 2) === 2).toFixed(1), "41.4");
  const maybe = flagFractions(decodeQa("landsat_pre_collection_bqa", v, { minConfidence: 2 }));
  assert.equal((100 * maybe.water).toFixed(1), "41.4", "water at confidence ≥ maybe");
  assert.equal((100 * maybe.cloud).toFixed(1), "1.7", "cloud maybe or yes");
});

test("Florida pre-collection BQA: cloud high 6.0 %, medium 8.8 %, water 'maybe' 40.9 % and 'yes' 0 %, as documented", () => {
  const v = readRaster(data("landsat8_l1t_florida_subset", "l8_BQA.tif")).bands[0].data;
  const high = flagFractions(decodeQa("landsat_pre_collection_bqa", v));
  const medium = flagFractions(decodeQa("landsat_pre_collection_bqa", v, { minConfidence: 2 }));
  assert.equal((100 * high.cloud).toFixed(1), "6.0");
  assert.equal((100 * (medium.cloud - high.cloud)).toFixed(1), "8.8");
  assert.equal((100 * medium.water).toFixed(1), "40.9");
  assert.equal(high.water, 0);
  // 61440 = bits 12-15 set: cirrus and cloud "yes"
  assert.deepEqual([one("landsat_pre_collection_bqa", 61440).cloud, one("landsat_pre_collection_bqa", 61440).cirrus], [true, true]);
  // no pixel is "water: no" (01), so the product determines no clear land here: a one-class scene
  const labels = qaLabels("landsat_pre_collection_bqa", decodeQa("landsat_pre_collection_bqa", v, { minConfidence: 2 }));
  assert.equal(labels.filter((l) => l === LABEL.land).length, 0);
});

test("CFmask stack: the documented class totals over all 105 dates", () => {
  const r = readRaster(data("landsat_timeseries_fmask_qa", "landsat_fmask_stack.tif"));
  const totals = { clear: 0, water: 0, shadow: 0, snow: 0, cloud: 0, fill: 0 };
  for (const b of r.bands) {
    const f = decodeQa("cfmask", b.data);
    for (let i = 0; i < f.fill.length; i++) {
      if (f.fill[i]) totals.fill++;
      else if (f.water[i]) totals.water++;
      else if (f.clear[i]) totals.clear++;
      else if (f.shadow[i]) totals.shadow++;
      else if (f.snow[i]) totals.snow++;
      else if (f.cloud[i]) totals.cloud++;
    }
  }
  assert.deepEqual(totals, { clear: 199756, water: 23, shadow: 26702, snow: 33090, cloud: 88234, fill: 42900 });
});

test("Collection-2 QA_PIXEL, Collection-1 pixel_qa and Sentinel-2 SCL decode their documented bits and classes", () => {
  // C2 (USGS table of common values): 21824 clear with low confidences, 21952 water, 22280 cloud with
  // high confidence, 1 fill; shadow and snow from their bits (4 and 5) alone
  assert.deepEqual(one("landsat_c2_qa_pixel", 21824), { fill: false, cloud: false, shadow: false, snow: false, cirrus: false, water: false, clear: true });
  assert.equal(one("landsat_c2_qa_pixel", 21952).water, true);
  assert.equal(one("landsat_c2_qa_pixel", 22280).cloud, true);
  assert.equal(one("landsat_c2_qa_pixel", 1 << 4).shadow, true);
  assert.equal(one("landsat_c2_qa_pixel", 1 << 5).snow, true);
  assert.equal(one("landsat_c2_qa_pixel", 1 << 2).cirrus, true);
  assert.equal(one("landsat_c2_qa_pixel", 1).fill, true);
  // C1 pixel_qa (L8): 322 clear, 324 water, 328 shadow, 336 snow, 352 cloud (low confidence bits vary), 1 fill
  assert.equal(one("landsat_c1_pixel_qa", 322).clear, true);
  assert.equal(one("landsat_c1_pixel_qa", 324).water, true);
  assert.equal(one("landsat_c1_pixel_qa", 328).shadow, true);
  assert.equal(one("landsat_c1_pixel_qa", 336).snow, true);
  assert.equal(one("landsat_c1_pixel_qa", 352).cloud, true);
  const scl = decodeQa("sentinel2_scl", [0, 3, 4, 5, 6, 8, 9, 10, 11]);
  assert.deepEqual(Array.from(scl.water), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(scl.clear), [0, 0, 1, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(scl.cloud), [0, 0, 0, 0, 0, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(qaLabels("sentinel2_scl", scl)), [255, 255, 0, 0, 1, 255, 255, 255, 255]);
});

test("an unknown QA product is one clear error", () => {
  assert.throws(() => qaProduct("landsat_c3"), /unknown QA product 'landsat_c3'; known products: landsat_c2_qa_pixel, /);
});

test("clear-sky median composite: the median over clear dates only, NaN without one", () => {
  const band = (vals: number[]) => ({ name: "b", type: "Float32" as const, nodata: -9999, data: Float32Array.from(vals) });
  const qa = (classes: number[]): QaFlags => decodeQa("cfmask", classes);
  // 3 pixels, 4 dates; pixel 0 clear on dates 0, 1, 3; pixel 1 cloudy except date 2; pixel 2 never clear
  const series = [[band([10, 5, 7]), band([20, 6, 7]), band([99, 50, 7]), band([30, -9999, 7])]];
  const classes = [qa([0, 4, 4]), qa([1, 2, 3]), qa([4, 0, 255]), qa([0, 0, 4])];
  const r = clearSkyMedian(["b"], series, classes);
  assert.deepEqual(Array.from(r.bands[0].data).slice(0, 2), [20, 50]);
  assert.ok(Number.isNaN(r.bands[0].data[2]));
  assert.deepEqual(Array.from(r.count), [3, 1, 0]);
});
