// The floor of elevation-only downscaling: the RMSE that a perfect global DEM (no bias, no noise, no
// voids, no objects in the surface) still has against the fine DEM after block averaging to its
// cell and interpolating back (bilinear, as `dem stack` does), on every fine DEM here and on the
// held-out procedural test areas. Prints one line per DEM and cell.
//   node dist/bench/dem/floor.js [procedural areas folder]
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadFineDem } from "../../src/dem/fine.js";
import { bilinearToFine, blockAverage } from "../../src/dem/fields.js";
import { readRaster } from "../../src/geo/index.js";
import { GDEM_NAMES, degradeScene, gdemProfiles } from "../../src/dem/degrade.js";

const data = resolve(process.cwd(), "../shared/data");
const sources: { name: string; path: string; z: "m" | "us_ft"; buildings?: string }[] = [
  { name: "carlisle (surface with buildings)", path: join(data, "carlisle_2005_urban_flood/carlisle_dem_5m_epsg27700.tif"), z: "m" },
  { name: "kentucky (bare earth)", path: join(data, "dem_pysheds_texas_kentucky/roi_dem_30m_kentucky.tif"), z: "us_ft" },
  { name: "merewether (bare earth)", path: join(data, "merewether_urban_flood/topography1_epsg32756.tif"), z: "m" },
];
const areas = process.argv[2];
if (areas && existsSync(areas))
  for (const d of readdirSync(areas).filter((f) => f.startsWith("area_")).sort()) sources.push({ name: `procedural ${d} (bare ground)`, path: join(areas, d, "ground.tif"), z: "m", buildings: join(areas, d, "buildings.tif") });

function rmse(a: Float32Array, b: Float32Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
    s += (a[i] - b[i]) ** 2;
    n++;
  }
  return Math.sqrt(s / n);
}

for (const s of sources) {
  const { raster } = loadFineDem({ path: s.path, z_units: s.z }, 5);
  const z = raster.bands[0].data as Float32Array;
  const { width: W, height: H } = raster;
  const h = s.buildings ? (readRaster(s.buildings).bands[0].data as Float32Array) : null;
  for (const cell of [30, 90]) {
    const f = cell / 5;
    const back = (x: Float32Array, round = false) => {
      const c = blockAverage(x, W, H, f);
      if (round) for (let i = 0; i < c.data.length; i++) c.data[i] = Math.round(c.data[i]);
      return bilinearToFine(c, W, H);
    };
    const parts = [`perfect ${cell} m: RMSE ${rmse(back(z), z).toFixed(3)} m`, `whole metres ${rmse(back(z, true), z).toFixed(3)} m`];
    // with half of the building heights in the surface, as the C-band products keep them
    if (h) parts.push(`with 0.5 of the buildings ${rmse(back(Float32Array.from(z, (v, i) => v + 0.5 * h[i])), z).toFixed(3)} m`);
    console.log(`floor ${s.name} ${W}x${H}: ${parts.join(", ")}`);
  }
}

// The noise floor: on a flat plane every error of a product is its noise (bias, correlated and white
// noise, stripes, voids, rounding). The best any per-cell combination can do is the least-squares
// weighting of the four products fitted with the truth known (an oracle); correlated noise of
// 120-300 m is indistinguishable from terrain at those scales, so a network cannot filter it much
// below that either. Nominal profiles, no canopy, 8 seeds.
const W = 192, H = 192;
const plane = new Float32Array(W * H).fill(100);
const names = GDEM_NAMES.map((g) => gdemProfiles[g]);
const per: number[][] = names.map(() => []);
const oracle: number[] = [];
const mean: number[] = [];
for (let seed = 1; seed <= 8; seed++) {
  const v = degradeScene(plane, W, H, names, { seed: 5000 + seed, cell: 5 });
  const e = v.map((p) => Float64Array.from(p.fine, (x) => x - 100));
  e.forEach((a, k) => per[k].push(Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length)));
  // normal equations for weights w minimising |Σ w_k e_k|² subject to Σ w_k = 1 (the combination keeps terrain)
  const K = e.length;
  const G = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => e[i].reduce((s, x, c) => s + x * e[j][c], 0) / e[i].length));
  const ones = new Array(K).fill(1);
  const w = solve(G, ones);
  const sw = w.reduce((a, b) => a + b, 0);
  const comb = Float64Array.from(e[0], (_, c) => e.reduce((s, a, k) => s + (w[k] / sw) * a[c], 0));
  oracle.push(Math.sqrt(comb.reduce((s, x) => s + x * x, 0) / comb.length));
  const m = Float64Array.from(e[0], (_, c) => e.reduce((s, a) => s + a[c], 0) / K);
  mean.push(Math.sqrt(m.reduce((s, x) => s + x * x, 0) / m.length));
}
const avg = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const best = Math.min(...per.map(avg));
console.log(`noise floor (plane, nominal profiles, 8 seeds): product RMSE ${names.map((p, k) => `${p.name} ${avg(per[k]).toFixed(3)}`).join(", ")} m; mean of the four ${avg(mean).toFixed(3)} m; oracle weighting ${avg(oracle).toFixed(3)} m = ${(100 * (avg(oracle) / best - 1)).toFixed(1)} % against the best product`);

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    for (let r = 0; r < n; r++) if (r !== i) {
      const f = M[r][i] / M[i][i];
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}
