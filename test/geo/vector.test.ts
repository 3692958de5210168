import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aoiMask, readGrid, rasterize, Grid } from "../../src/geo/index.js";
import { gdal } from "../../src/geo/gdal.js";
import { data } from "../helpers/data.js";

const mere = () => readGrid(data("merewether_urban_flood", "topography1_epsg32756.tif"));

test("Merewether: the 57 footprints used by ANUGA, raised 3 m, cover their polygon area on the 1 m grid", () => {
  const houses = data("merewether_urban_flood", "houses_epsg32756.geojson");
  const ds = gdal.open(houses);
  const layer = ds.layers.get(0);
  layer.setAttributeFilter("used_in_anuga_run = 1");
  let area = 0;
  let n = 0;
  layer.features.forEach((f) => {
    n++;
    area += (f.getGeometry() as unknown as { getArea(): number }).getArea();
  });
  assert.equal(n, 57);
  const band = rasterize({ path: houses, where: "used_in_anuga_run = 1" }, mere(), { burn: 3 });
  let cells = 0;
  for (const v of band.data) {
    assert.ok(v === 0 || v === 3);
    if (v === 3) cells++;
  }
  const cellArea = 0.99993681 ** 2;
  assert.ok(Math.abs(cells * cellArea - area) / area < 0.03, `burned ${cells * cellArea} m² vs polygons ${area} m²`);
});

test("Monaco buildings (WGS84) reprojected and rasterized onto a 10 m UTM 32N grid match their projected area", () => {
  const path = data("osm_monaco_buildings", "monaco_buildings.geojson");
  const utm = gdal.SpatialReference.fromEPSG(32632);
  const t = new gdal.CoordinateTransformation(gdal.SpatialReference.fromEPSG(4326), utm);
  const ul = t.transformPoint(7.405, 43.755);
  const grid: Grid = { width: 320, height: 400, geotransform: [Math.floor(ul.x), 10, 0, Math.ceil(ul.y), 0, -10], crs: { wkt: utm.toWKT(), epsg: 32632 } };
  const ds = gdal.open(path);
  let area = 0;
  ds.layers.get(0).features.forEach((f) => {
    const g = f.getGeometry();
    if (!g) return;
    const p = g.clone();
    p.transformTo(utm);
    area += (p as unknown as { getArea(): number }).getArea();
  });
  const band = rasterize({ path }, grid, { burn: 1 });
  let cells = 0;
  for (const v of band.data) if (v === 1) cells++;
  assert.ok(Math.abs(cells * 100 - area) / area < 0.08, `burned ${cells * 100} m² vs buildings ${area.toFixed(0)} m²`);
  const touched = rasterize({ path }, grid, { burn: 1, allTouched: true });
  let cellsTouched = 0;
  for (const v of touched.data) if (v === 1) cellsTouched++;
  assert.ok(cellsTouched > cells, "all-touched burns more cells");
});

test("attribute burning with a default where the attribute is missing; AOI mask; errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "vec-"));
  const path = join(dir, "b.geojson");
  const square = (x: number, y: number) => [[[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]];
  writeFileSync(
    path,
    JSON.stringify({
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32756" } },
      features: [
        { type: "Feature", properties: { height: 7 }, geometry: { type: "Polygon", coordinates: square(100, 100) } },
        { type: "Feature", properties: { height: null }, geometry: { type: "Polygon", coordinates: square(130, 100) } },
      ],
    }),
  );
  const grid: Grid = { width: 50, height: 20, geotransform: [100, 1, 0, 115, 0, -1], crs: { wkt: gdal.SpatialReference.fromEPSG(32756).toWKT(), epsg: 32756 } };
  const b = rasterize({ path }, grid, { attribute: "height", defaultValue: 5 });
  assert.equal(b.data[10 * 50 + 5], 7, "inside the first square");
  assert.equal(b.data[10 * 50 + 35], 5, "inside the second, whose height is missing");
  assert.equal(b.data[10 * 50 + 20], 0, "between them");
  assert.equal([...b.data].filter((v) => v === 7).length, 100);
  const mask = aoiMask({ path }, grid);
  assert.equal(mask.reduce((a, v) => a + v, 0), 200);
  assert.throws(() => rasterize({ path }, grid, { attribute: "levels" }), /b\.geojson: no attribute 'levels'; attributes are height/);
  const far: Grid = { ...grid, geotransform: [9000, 1, 0, 9000, 0, -1] };
  assert.throws(() => aoiMask({ path }, far), /b\.geojson: the area of interest does not cover any cell of the grid/);
  assert.throws(() => rasterize({ path: join(dir, "none.gpkg") }, grid), /none\.gpkg: file not found/);
});
