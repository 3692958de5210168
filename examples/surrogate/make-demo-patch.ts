// Writes the demo's urban patch (examples/surrogate/demo-patch/): procedural patch 5009 of catchment's
// generator, 128 × 128 cells of 2 m, placed at an arbitrary spot of UTM zone 32N (a synthetic place).
//   node dist/examples/surrogate/make-demo-patch.js
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRaster } from "../../src/geo/index.js";
import { generateUrbanPatch } from "../../src/surrogate/procedural/index.js";

const here = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "surrogate", "demo-patch");
const p = generateUrbanPatch(5009);
const grid = { width: 128, height: 128, geotransform: [500000, 2, 0, 5200256, 0, -2] as [number, number, number, number, number, number], crs: { wkt: "", epsg: 32632 } };
writeRaster(join(here, "dem.tif"), { ...grid, bands: [{ name: "ground_m", type: "Float32", nodata: -9999, data: p.ground }] }, { creationOptions: ["PREDICTOR=3"] });
writeRaster(join(here, "buildings.tif"), { ...grid, bands: [{ name: "building_height_m", type: "Float32", nodata: null, data: p.buildings }] });
console.log(`${here}: ${p.params.layout.streets} streets, ${(100 * p.params.buildingFraction).toFixed(0)} % buildings`);
