// bench:geo: read + write of a 4000×4000 Float32 GeoTIFF (tiled, DEFLATE) by catchment against
// gdal_translate with the same creation options, alternating runs, medians.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRaster, writeRaster, Raster } from "../../src/geo/index.js";
import { geotiffOptions } from "../../src/geo/io.js";

const N = 4000;
const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "bench-geo-"));
const input = join(dir, "input.tif");

// a terrain-like field: smooth relief plus fine noise, so compression does real work
const data = new Float32Array(N * N);
let seed = 1;
for (let r = 0; r < N; r++)
  for (let c = 0; c < N; c++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    data[r * N + c] = 100 + 30 * Math.sin(r / 170) * Math.cos(c / 230) + 5 * Math.sin((r + c) / 37) + seed / 2 ** 32;
  }
const raster: Raster = { width: N, height: N, geotransform: [500000, 2, 0, 6000000, 0, -2], crs: { wkt: "", epsg: 32633 }, bands: [{ name: "z", type: "Float32", nodata: -9999, data }] };
writeRaster(input, raster);

const time = (fn: () => void) => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const ours: number[] = [];
const theirs: number[] = [];
const coArgs = geotiffOptions.flatMap((o) => ["-co", o]);
for (let i = 0; i < runs; i++) {
  const a = join(dir, `gdal_${i}.tif`);
  theirs.push(time(() => execFileSync("gdal_translate", ["-q", ...coArgs, input, a])));
  const b = join(dir, `ours_${i}.tif`);
  ours.push(time(() => writeRaster(b, readRaster(input))));
  if (!existsSync(a) || !existsSync(b)) throw new Error("an output is missing");
  rmSync(a);
  rmSync(b);
}
rmSync(dir, { recursive: true, force: true });
console.log(`read + write ${N}×${N} Float32 GeoTIFF (${geotiffOptions.join(", ")}), median of ${runs}`);
console.log(`catchment ${median(ours).toFixed(3)} s   gdal_translate ${median(theirs).toFixed(3)} s`);
console.log(`geo ratio (catchment/gdal_translate): ${(median(ours) / median(theirs)).toFixed(2)}`);
