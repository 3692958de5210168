// The tile grid: 0.135° cells aligned to (-180, 90), only those touching the area, their pixel counts;
// antimeridian and empty areas refused; a UTM raster cut into the tiles through GDAL windows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cutRaster, eeTilesScript, gridTiles, parseAoi, tilesGeoJson, warpToTiles, METRES_PER_DEGREE } from "../../src/water/tiles.js";
import { readRaster, readGrid } from "../../src/geo/io.js";
import { data } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "water-tiles-"));

test("a box gives the grid cells it touches, aligned to the 0.135° grid, with their pixel counts", () => {
  const tiles = gridTiles(parseAoi("12.5,52.45,12.73,52.52"), 0.135, 30);
  // columns floor((12.5 + 180) / 0.135) = 1425 … ceil((12.73 + 180) / 0.135) - 1 = 1427; rows 277 … 278
  assert.deepEqual([...new Set(tiles.map((t) => t.col))], [1425, 1426, 1427]);
  assert.deepEqual([...new Set(tiles.map((t) => t.row))], [277, 278]);
  const t = tiles[0];
  assert.ok(Math.abs(t.west - (-180 + 1425 * 0.135)) < 1e-9 && Math.abs(t.east - t.west - 0.135) < 1e-9);
  assert.equal(t.pixels_epsg4326, Math.ceil((0.135 * METRES_PER_DEGREE) / 30), "501 pixels at 30 m in EPSG:4326");
  // the ground size: 0.135° of latitude is about 15.0 km; of longitude at 52.5° N about 9.1 km
  assert.ok(Math.abs(t.height_m - 15020) < 40, `height ${t.height_m} m`);
  assert.ok(Math.abs(t.width_m - 0.135 * 111320 * Math.cos((52.46 * Math.PI) / 180)) < 60, `width ${t.width_m} m`);
  const gj = JSON.parse(tilesGeoJson(tiles, 0.135, 30));
  assert.equal(gj.features.length, tiles.length);
  assert.deepEqual(gj.features[0].geometry.coordinates[0][0], [t.west, t.south]);
});

test("a polygon keeps only the tiles it intersects (the box's corners are dropped)", () => {
  // a triangle in EPSG:32633 over the Havel scene: fewer tiles than its bounding box
  const path = join(dir, "triangle.geojson");
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32633" } }, features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[300000, 5780000], [380000, 5780000], [300000, 5860000], [300000, 5780000]]] } }] }));
  const aoi = parseAoi(path);
  const inBox = gridTiles(parseAoi(aoi.bbox.join(",")));
  const inPolygon = gridTiles(aoi);
  assert.ok(inPolygon.length < inBox.length, `${inPolygon.length} of ${inBox.length}`);
  assert.ok(aoi.bbox[0] > 11 && aoi.bbox[2] < 14, "reprojected to degrees");
});

test("an area across the antimeridian or an empty one is refused", () => {
  assert.throws(() => parseAoi("179.5,-17,-179.5,-16"), /crosses the antimeridian/);
  assert.throws(() => parseAoi("10,50,10,51"), /the box is empty/);
  const path = join(dir, "wide.geojson");
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[179, -17], [181, -17], [181, -16], [179, -16], [179, -17]].map(([x, y]) => [x > 180 ? x - 360 : x, y])] } }] }));
  assert.throws(() => parseAoi(path), /crosses the antimeridian/);
  const empty = join(dir, "empty.geojson");
  writeFileSync(empty, JSON.stringify({ type: "FeatureCollection", features: [] }));
  assert.throws(() => parseAoi(empty), /the area of interest is empty/);
});

test("a UTM raster is cut into the degree tiles through GDAL windows, pixels unchanged", () => {
  const src = data("sentinel2_l1c_brandenburg_water", "bands", "T33UUU_20170216T102101_B02.tif");
  const tiles = gridTiles(parseAoi("12.5,52.45,12.73,52.52"), 0.135, 10);
  const cut = cutRaster(src, tiles, join(dir, "cut"));
  assert.ok(cut.length >= 2, `${cut.length} tiles overlap the scene`);
  const whole = readRaster(src);
  let covered = 0;
  for (const c of cut) {
    assert.ok(existsSync(c.file));
    const t = readRaster(c.file);
    const g = readGrid(c.file);
    assert.equal(g.crs?.epsg, 32633, "the raster's own CRS");
    assert.equal(g.geotransform[0], whole.geotransform[0] + c.window.x * 10);
    // a pixel of the tile is the same pixel of the source
    const k = Math.floor(t.width / 2) + Math.floor(t.height / 2) * t.width;
    const src_i = (c.window.y + Math.floor(t.height / 2)) * whole.width + c.window.x + Math.floor(t.width / 2);
    assert.equal(t.bands[0].data[k], whole.bands[0].data[src_i]);
    covered += t.width * t.height;
  }
  assert.ok(covered >= whole.width * whole.height, "the tiles cover the scene (they overlap where the reprojected outlines do)");
  const js = eeTilesScript(tiles, { collection: "COPERNICUS/S2_HARMONIZED", start: "2017-02-01", end: "2017-03-01", bands: ["B2", "B3"], scale: 10, folder: "f" });
  assert.match(js, /Export\.image\.toDrive/);
  assert.match(js, new RegExp(tiles[0].id));
});

test("--warp: the tiles reprojected to EPSG:4326 on Earth Engine's grid (scale / 111319.49 m per degree)", () => {
  const src = data("sentinel2_l1c_brandenburg_water", "bands", "T33UUU_20170216T102101_B02.tif");
  const tiles = gridTiles(parseAoi("12.5,52.45,12.73,52.52"), 0.135, 30);
  const warped = warpToTiles(src, tiles, join(dir, "warped"), 30);
  assert.ok(warped.length >= 2);
  const g = readGrid(warped[0].file);
  assert.equal(g.crs?.epsg, 4326);
  assert.equal(g.width, 501);
  const t = tiles.find((x) => x.id === warped[0].tile);
  assert.ok(t && Math.abs(g.geotransform[0] - t.west) < 1e-9 && Math.abs(g.geotransform[3] - t.north) < 1e-9);
  const r = readRaster(warped[0].file);
  const finite = Array.from(r.bands[0].data).filter(Number.isFinite);
  assert.ok(finite.length > 1000, "the scene's pixels land in the tile");
  assert.ok(Math.min(...finite) >= 500 && Math.max(...finite) < 20000, "B02 values, resampled");
});
