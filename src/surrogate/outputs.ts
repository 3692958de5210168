// What `surrogate predict` writes: max_depth.tif, max_velocity.tif, max_hazard.tif (HR = d(v + 0.5)),
// max_depth.png over a hillshade and predict.json saying which scenario the answer is for.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeRaster } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { hillshade } from "../viz/hillshade.js";
import { renderRaster } from "../viz/raster-png.js";
import { describeScenario } from "./scenario.js";
import { SurrogateModel } from "./model-file.js";
import { SurrogatePrediction } from "./predict.js";

export function writePrediction(out: string, model: SurrogateModel, p: SurrogatePrediction, extra: Record<string, unknown> = {}): void {
  mkdirSync(out, { recursive: true });
  const tif = (name: string, band: string, data: Float32Array) =>
    writeRaster(join(out, name), { ...p.grid, bands: [{ name: band, type: "Float32", nodata: -9999, data: Float32Array.from(data, (v) => (Number.isFinite(v) ? v : -9999)) }] });
  tif("max_depth.tif", "max_depth_m", p.depth);
  tif("max_velocity.tif", "max_velocity_m_s", p.velocity);
  tif("max_hazard.tif", "hazard_rating_hr", p.hazard);
  const { width: W, height: H } = p.grid;
  const cell = Math.abs(p.grid.geotransform[1]);
  const z = Float64Array.from(p.ground, (g, i) => g + p.buildings[i]);
  const shade = hillshade(z, W, H, cell, cell, (v) => Number.isFinite(v));
  writeFileAtomic(
    join(out, "max_depth.png"),
    renderRaster({ name: "max depth", type: "Float32", nodata: null, data: p.depth }, W, H, { colormap: "depth", title: "Maximum depth (surrogate)", units: "max depth (m)", shade, transparentBelow: 0.01 }),
  );
  writeFileAtomic(
    join(out, "predict.json"),
    JSON.stringify({ model: model.dir, scenario: model.meta.scenario, scenario_text: describeScenario(model.meta.scenario), tiles: p.tiles, seconds: p.seconds, notes: p.notes, warnings: p.warnings, ...extra }, null, 2) + "\n",
  );
}
