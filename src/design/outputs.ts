// What `catchment design --out O` writes: the design (dem.tif, buildings.tif, same grid and meaning as
// the inputs), delta_z.tif, gradient.tif, hr_before.tif and hr_after.tif (predicted), the simulated
// HR of both when checked, PNGs, and report.json.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeRaster, Grid } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { hillshade } from "../viz/hillshade.js";
import { renderRaster, RenderOptions } from "../viz/raster-png.js";
import { renderPanels, Panel } from "../viz/panels.js";
import { writeLineChart } from "../viz/chart.js";
import { describeScenario } from "../surrogate/scenario.js";
import { DesignConfig } from "./config.js";
import { DesignResult } from "./design.js";
import { designIndicators } from "./indicators.js";

const band = (name: string, data: ArrayLike<number>) => ({ name, type: "Float32" as const, nodata: null, data: Float32Array.from(data) });

export function designReport(cfg: DesignConfig, r: DesignResult): Record<string, unknown> {
  const o = r.outcome;
  const pred = designIndicators(o.hrBefore, o.hrAfter, r.inputs.aoi);
  const check = r.check
    ? { simulated: r.check.simulated, predicted: r.check.predicted, prediction_error_rel_change: r.check.prediction_error_rel_change, simulation_seconds: r.check.simulation_seconds, mass_balance_error_percent: r.check.mass_balance_error_percent }
    : null;
  return {
    model: r.inputs.model.dir,
    scenario: describeScenario(r.inputs.model.meta.scenario),
    mode: cfg.mode,
    modify: cfg.modify,
    aoi: cfg.aoi,
    aoi_cells: r.inputs.aoi.reduce((a, v) => a + v, 0),
    iterations: o.history.length,
    stopped: o.stopped,
    objective: o.history.map((h) => h.objective),
    history: o.history,
    cut_m3: r.constraints.cut_m3,
    fill_m3: r.constraints.fill_m3,
    net_m3: r.constraints.net_m3,
    max_abs_change_m: r.constraints.max_abs_change_m,
    constraints: { ...r.constraints, protect: cfg.protect, smoothness: cfg.smoothness },
    predicted: { mean_hr_aoi_before: pred.mean_hr_before, mean_hr_aoi_after: pred.mean_hr_after, change_pct: 100 * pred.mean_hr_rel_diff, mean_hr_outside_before: pred.mean_hr_outside_before, mean_hr_outside_after: pred.mean_hr_outside_after },
    check,
    notes: r.inputs.notes,
    wall_seconds: r.wallSeconds,
    design_seconds: r.wallSeconds - (r.check?.simulation_seconds ?? 0),
  };
}

export function writeDesign(out: string, cfg: DesignConfig, r: DesignResult): Record<string, unknown> {
  mkdirSync(out, { recursive: true });
  const grid: Grid = r.inputs.raster.grid;
  const { width: W, height: H } = grid;
  const blocked = r.inputs.raster.blocked;
  const tif = (name: string, bandName: string, data: ArrayLike<number>) =>
    writeRaster(join(out, name), { ...grid, bands: [{ name: bandName, type: "Float32", nodata: -9999, data: Float32Array.from(data, (v, i) => (blocked[i] || !Number.isFinite(v) ? -9999 : v)) }] });
  tif("dem.tif", "elevation_m", r.ground);
  writeRaster(join(out, "buildings.tif"), { ...grid, bands: [{ name: "building_height_m", type: "Float32", nodata: null, data: r.buildings }] });
  tif("delta_z.tif", "delta_z_m", r.outcome.deltaZ);
  tif("gradient.tif", "d_mean_hr_d_z", r.outcome.gradient);
  tif("hr_before.tif", "hazard_rating_predicted", r.outcome.hrBefore);
  tif("hr_after.tif", "hazard_rating_predicted", r.outcome.hrAfter);
  if (r.check) {
    tif("sim_hr_before.tif", "hazard_rating_simulated", r.check.hr_before);
    tif("sim_hr_after.tif", "hazard_rating_simulated", r.check.hr_after);
  }
  const cell = Math.abs(grid.geotransform[1]);
  const surface = (g: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from(g, (v, i) => v + b[i]);
  const shade0 = hillshade(surface(r.inputs.raster.ground, r.inputs.raster.buildings), W, H, cell, cell, (v) => Number.isFinite(v));
  const shade1 = hillshade(surface(r.ground, r.buildings), W, H, cell, cell, (v) => Number.isFinite(v));
  const hrMax = Math.max(0.5, ...r.outcome.hrBefore.filter(Number.isFinite));
  const hrOpts = (title: string, shade: Float32Array): RenderOptions => ({ colormap: "velocity", range: [0, hrMax], shade, transparentBelow: 0.02, title, units: "HR = d(v + 0.5)", maxSize: 420 });
  const dz = r.outcome.deltaZ;
  const dzMax = Math.max(0.05, ...Array.from(dz, Math.abs));
  const g = r.outcome.gradient;
  const gMax = Math.max(1e-12, ...Array.from(g, Math.abs));
  const dzOpts: RenderOptions = { colormap: "diverging", range: [-dzMax, dzMax], shade: shade1, title: `Δz: cut ${r.constraints.cut_m3.toFixed(0)} m³ (−), fill ${r.constraints.fill_m3.toFixed(0)} m³ (+)`, units: "Δz (m)", maxSize: 420 };
  writeFileAtomic(join(out, "delta_z.png"), renderRaster(band("dz", dz), W, H, dzOpts));
  writeFileAtomic(join(out, "gradient.png"), renderRaster(band("g", g), W, H, { colormap: "diverging", range: [-gMax, gMax], shade: shade0, title: "∂ mean HR in AOI / ∂z (first iteration)", units: "1/m", maxSize: 420 }));
  writeFileAtomic(join(out, "hr_before.png"), renderRaster(band("hr", r.outcome.hrBefore), W, H, hrOpts("HR before (surrogate)", shade0)));
  writeFileAtomic(join(out, "hr_after.png"), renderRaster(band("hr", r.outcome.hrAfter), W, H, hrOpts("HR after (surrogate)", shade1)));
  const panels: Panel[] = [
    { band: band("hr", r.outcome.hrBefore), width: W, height: H, options: hrOpts("HR before (surrogate)", shade0) },
    { band: band("hr", r.outcome.hrAfter), width: W, height: H, options: hrOpts("HR after (surrogate)", shade1) },
    { band: band("dz", dz), width: W, height: H, options: { ...dzOpts, title: "Δz (cut −, fill +)" } },
  ];
  if (r.check) {
    panels.push({ band: band("hr", r.check.hr_before), width: W, height: H, options: hrOpts("HR before (simulated)", shade0) });
    panels.push({ band: band("hr", r.check.hr_after), width: W, height: H, options: hrOpts("HR after (simulated)", shade1) });
    const aoi = Float32Array.from(r.inputs.aoi);
    panels.push({ band: band("aoi", aoi), width: W, height: H, options: { colormap: "diverging", range: [-1, 1], shade: shade0, transparentBelow: 0.5, title: "area of interest", units: "AOI (red)", maxSize: 420 } });
  }
  writeFileAtomic(join(out, "design.png"), renderPanels(panels, { columns: 3, title: `Design (${cfg.mode}, ${cfg.modify})` }));
  if (r.outcome.history.length > 1)
    writeLineChart(join(out, "objective.png"), [{ label: "mean predicted HR in the AOI", x: r.outcome.history.map((h) => h.iteration), y: r.outcome.history.map((h) => h.objective) }], {
      title: "Design objective per iteration",
      xLabel: "iteration",
      yLabel: "mean HR",
      integerX: true,
    });
  const report = designReport(cfg, r);
  writeFileAtomic(join(out, "report.json"), JSON.stringify(report, null, 2) + "\n");
  return report;
}
