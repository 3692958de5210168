// Samplers on the Sentinel-2 Havel grid: counts, regions of interest checked against GDAL's own
// geometry (GEOS point-in-polygon), class balance checked against the mask's pixels, seeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gdal, Geometry } from "../../src/geo/gdal.js";
import { RasterDataset, gridSampler, randomSampler, balancedSampler, readGrid, readRaster, GeoWindow } from "../../src/geo/index.js";
import { data } from "../helpers/data.js";

const s2 = (f: string) => data("sentinel2_l1c_brandenburg_water", f);
const grid = readGrid(s2("bands/T33UUU_20170216T102101_B08.tif"));
const polygons = s2("osm_landuse_water_polygons_epsg32633.geojson");
const water = { path: polygons, where: "fclass = 'water'" };

/** Share of a window's cell centres inside the polygons of a filter, by GDAL/GEOS point-in-polygon. */
function polygonsWhere(where: string): { g: Geometry; e: { minX: number; minY: number; maxX: number; maxY: number } }[] {
  const ds = gdal.open(polygons);
  const layer = ds.layers.get(0);
  layer.setAttributeFilter(where);
  const out = [];
  for (const f of layer.features) {
    const g = f.getGeometry()!.clone();
    out.push({ g, e: g.getEnvelope() });
  }
  ds.close();
  return out;
}
const byFilter = new Map<string, ReturnType<typeof polygonsWhere>>();
function shareInside(where: string, w: GeoWindow): number {
  if (!byFilter.has(where)) byFilter.set(where, polygonsWhere(where));
  const [bx0, by0, bx1, by1] = w.bounds;
  const parts = byFilter.get(where)!.filter(({ e }) => e.minX < bx1 && e.maxX > bx0 && e.minY < by1 && e.maxY > by0).map(({ g }) => g);
  const [x0, dx, , y0, , dy] = w.geotransform;
  const centres = new gdal.MultiPoint();
  for (let r = 0; r < w.size; r++) for (let c = 0; c < w.size; c++) centres.children.add(new gdal.Point(x0 + (c + 0.5) * dx, y0 + (r + 0.5) * dy));
  let inside = 0;
  for (const g of parts) {
    const hit = g.intersection(centres);
    inside += hit.isEmpty() ? 0 : hit instanceof gdal.MultiPoint ? hit.children.count() : 1;
  }
  return inside / (w.size * w.size);
}

test("grid sampler: bounds as region keep 128-pixel windows on a 400 × 400 cell box, 4 × 4 of them wholly inside", () => {
  const roi: [number, number, number, number] = [332000, 5816000, 336000, 5820000];
  const inside = gridSampler(grid, { size: 128, roi, minCoverage: 1 });
  // box columns 200…599 and rows 204…603: origins 0, 128, 256, 272 from the box's corner on each axis
  assert.equal(inside.length, 16);
  assert.deepEqual([...new Set(inside.map((w) => w.x))], [200, 328, 456, 472]);
  for (const w of inside) assert.ok(w.bounds[0] >= roi[0] && w.bounds[1] >= roi[1] && w.bounds[2] <= roi[2] && w.bounds[3] <= roi[3], `window ${w.bounds} leaves the region`);
  // any overlap: windows on a grid over the box that touch it
  const touching = gridSampler(grid, { size: 128, stride: 100, roi });
  assert.ok(touching.every((w) => w.bounds[2] > roi[0] && w.bounds[0] < roi[2] && w.bounds[3] > roi[1] && w.bounds[1] < roi[3]));
  assert.throws(() => gridSampler(grid, { size: 16, roi: [0, 0, 10, 10] }), /does not cover the centre of any cell/);
});

test("random and grid sampling in polygons: every window has at least the asked share of its cells in the water polygons, by GEOS", () => {
  const random = randomSampler(grid, { size: 16, count: 30, seed: 11, roi: water, minCoverage: 0.5 });
  assert.equal(random.length, 30);
  for (const w of random) assert.ok(shareInside(water.where, w) >= 0.5, `window at (${w.x}, ${w.y}) has ${shareInside(water.where, w)} of its cells in water`);
  const tiles = gridSampler(grid, { size: 16, stride: 8, roi: water, minCoverage: 0.75 });
  assert.ok(tiles.length > 20, `${tiles.length} tiles`);
  for (const w of tiles) assert.ok(shareInside(water.where, w) >= 0.75, `tile at (${w.x}, ${w.y})`);
  // the region is the filtered polygons only: farmland is not water
  const farm = randomSampler(grid, { size: 16, count: 10, seed: 2, roi: { path: polygons, where: "fclass = 'farm'" }, minCoverage: 1 });
  for (const w of farm) assert.equal(shareInside(water.where, w), 0);
});

test("random sampler: the same seed gives the same windows, another seed others; origins are uniform over the grid", () => {
  const a = randomSampler(grid, { size: 256, count: 4000, seed: 5 });
  const b = randomSampler(grid, { size: 256, count: 4000, seed: 5 });
  const c = randomSampler(grid, { size: 256, count: 4000, seed: 6 });
  assert.deepEqual(a.map((w) => [w.x, w.y]), b.map((w) => [w.x, w.y]));
  assert.notDeepEqual(a.slice(0, 10).map((w) => [w.x, w.y]), c.slice(0, 10).map((w) => [w.x, w.y]));
  assert.ok(a.every((w) => w.x >= 0 && w.x <= 1280 && w.y >= 0 && w.y <= 512));
  // x uniform on 0…1280: mean 640, standard error 370/√4000 = 5.8
  const meanX = a.reduce((s, w) => s + w.x, 0) / a.length;
  const meanY = a.reduce((s, w) => s + w.y, 0) / a.length;
  assert.ok(Math.abs(meanX - 640) < 25 && Math.abs(meanY - 256) < 12, `mean origin (${meanX}, ${meanY})`);
  assert.ok(a.some((w) => w.x === 0) || a.some((w) => w.x === 1280) || Math.min(...a.map((w) => w.x)) < 5, "the edges are reachable");
});

test("balanced sampler: as many windows centred on water as on land, each centre's class read back from the mask", () => {
  const mask = readRaster(s2("osm_small_water_mask_10m.tif"));
  const labels = mask.bands[0].data;
  const windows = balancedSampler(grid, { data: labels }, { size: 33, perClass: 40, seed: 9 });
  assert.equal(windows.length, 80);
  for (const k of [0, 1]) assert.equal(windows.filter((w) => w.label === k).length, 40);
  for (const w of windows) assert.equal(labels[(w.y + 16) * 1536 + w.x + 16], w.label, `centre of window at (${w.x}, ${w.y})`);
  assert.equal(new Set(windows.map((w) => `${w.x},${w.y}`)).size, 80, "distinct centres");
  // water is 1.3 % of the grid: a uniform sampler would give about one water-centred window in 80
  const again = balancedSampler(grid, { data: labels }, { size: 33, perClass: 40, seed: 9 });
  assert.deepEqual(again.map((w) => [w.x, w.y, w.label]), windows.map((w) => [w.x, w.y, w.label]));
  const other = balancedSampler(grid, { data: labels }, { size: 33, perClass: 40, seed: 10 });
  assert.notDeepEqual(other.map((w) => [w.x, w.y]), windows.map((w) => [w.x, w.y]));
  // the classes mix in the returned order
  assert.ok(windows.slice(0, 40).some((w) => w.label === 0) && windows.slice(0, 40).some((w) => w.label === 1));
  assert.throws(() => balancedSampler(grid, { data: labels }, { size: 33, perClass: 40, seed: 1, classes: [0, 1, 2] }), /class 2 has no cell/);
  const inBox = balancedSampler(grid, { data: labels }, { size: 9, perClass: 5, seed: 1, roi: [330000, 5814360, 331000, 5815360] , classes: [0] });
  assert.ok(inBox.every((w) => w.x + 4 < 100 && w.y + 4 >= 668), "centres in the region");
});

test("a dataset reads what the samplers give: most water-centred windows have NDWI > 0 at the centre, few land-centred ones", () => {
  const ds = RasterDataset.stack([{ path: s2("bands/T33UUU_20170216T102101_B03.tif"), name: "green" }, { path: s2("bands/T33UUU_20170216T102101_B08.tif"), name: "nir" }]);
  const labels = readRaster(s2("osm_small_water_mask_10m.tif")).bands[0].data;
  try {
    const windows = balancedSampler(ds.grid, { data: labels }, { size: 9, perClass: 200, seed: 4 });
    const wet = (k: number) => {
      const ws = windows.filter((w) => w.label === k);
      // McFeeters' NDWI (green − nir) / (green + nir) at the centre cell (4, 4)
      return ws.filter((w) => {
        const d = ds.sample(w).data;
        return d[40] - d[81 + 40] > 0;
      }).length / ws.length;
    };
    // the dataset's README: about 90 % of the mask's water cells have NDWI > 0, 9.4 % of all cells do
    assert.ok(wet(1) > 0.8, `water-centred: ${wet(1)}`);
    assert.ok(wet(0) < 0.2, `land-centred: ${wet(0)}`);
  } finally {
    ds.close();
  }
});

test("a mask as region: windows wholly inside the water mask hold only mask cells; a mask with an ROI keeps their overlap", () => {
  const mask = readRaster(s2("osm_small_water_mask_10m.tif")).bands[0].data;
  const windows = randomSampler(grid, { size: 8, count: 25, seed: 21, mask, minCoverage: 1 });
  for (const w of windows) for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) assert.equal(mask[(w.y + r) * 1536 + w.x + c], 1, `window (${w.x}, ${w.y})`);
  // the west half of the scene only
  const west: [number, number, number, number] = [330000, 5814360, 337680, 5822040];
  const both = gridSampler(grid, { size: 8, mask, roi: west, minCoverage: 1 });
  assert.ok(both.length > 0 && both.every((w) => w.x + 8 <= 768), `${both.length} windows`);
  for (const w of both) for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) assert.equal(mask[(w.y + r) * 1536 + w.x + c], 1);
  assert.throws(() => randomSampler(grid, { size: 8, count: 1, seed: 1, mask: new Uint8Array(10) }), /mask: 10 values for a 1536×768 grid/);
});
