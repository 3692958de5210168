import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import { readRaster, writeRaster, isValid } from "../geo/index.js";
import { demTrainSchema } from "../dem/config.js";
import { trainDem, defaultDemRunDir } from "../dem/train.js";
import { demStackSchema, buildDemStack } from "../dem/stack.js";
import { loadDemModel } from "../dem/model.js";
import { predictDem } from "../dem/predict.js";
import { evaluateDem, defaultStorm } from "../dem/evaluate.js";
import { degradeFiles } from "../dem/degrade-files.js";
import { GDEM_NAMES } from "../dem/degrade.js";
import { Z_UNITS, ZUnits } from "../dem/fine.js";
import { toCsv } from "../util/table.js";
import { addCapabilityCommand, listOption, numberOption } from "./capability.js";
import { z } from "zod";
import { terrainGenerators } from "./dem-terrain.js";
import { writeProceduralAreas } from "../dem/procedural-files.js";
import { proceduralSchema } from "../dem/procedural.js";

const degradeSchema = z
  .object({
    dem: z.string(),
    z_units: z.enum(Object.keys(Z_UNITS) as [ZUnits, ...ZUnits[]]).default("m"),
    cell: z.number().positive().default(5),
    gdems: z.array(z.enum(GDEM_NAMES)).min(1).default([...GDEM_NAMES]),
    seed: z.number().int().min(0).default(1),
    canopy_cover: z.number().min(0).max(0.9).default(0.05),
    buildings: z.string().optional(),
    buildings_where: z.string().optional(),
    out: z.string(),
  })
  .strict();

const predictSchema = z.object({ model: z.string(), stack: z.string(), out: z.string(), stride: z.number().int().min(1).optional() }).strict();

const evaluateSchema = z
  .object({
    enhanced: z.string(),
    reference: z.string(),
    gdem: z.array(z.string()).min(1, "give at least one global DEM"),
    out: z.string(),
    mask: z.string().optional(),
    buildings: z.string().optional(),
    roads: z.string().optional(),
    water: z.string().optional(),
    vegetation: z.string().optional(),
    flood: z.boolean().default(true),
    flood_buildings: z.string().optional(),
    storm_duration: z.number().positive().default(defaultStorm.duration_min),
    simulate: z.number().positive().default(defaultStorm.simulate_s),
    threads: z.number().int().min(1).optional(),
  })
  .strict();

const proceduralFilesSchema = z
  .object({
    out: z.string(),
    count: z.number().int().min(1).default(4),
    size: z.number().int().min(8).default(256),
    cell: z.number().positive().default(5),
    seed: z.number().int().min(0).default(101),
    urban_fraction: z.number().min(0).max(1).default(0.6),
  })
  .strict();

/** Config keys of `dem train` that hold paths (relative to the config file). */
export const demTrainPathKeys = ["fine_dems.*.path", "fine_dems.*.buildings", "fine_dems.*.roads", "fine_dems.*.water"] as const;

export function registerDem(program: Command): void {
  const dem = program.command("dem").description("DEM downscaling: global DEMs (+ imagery, OSM layers) to a fine DEM with a U-Net (seed 000)");

  addCapabilityCommand(dem, {
    name: "degrade",
    description: "SYNTHETIC global-DEM-like products (ALOS, ASTER, NASADEM, SRTM variants) from a fine DEM, plus the reference on the target grid",
    schema: degradeSchema,
    config: "optional",
    pathKeys: ["dem", "buildings", "out"],
    common: ["seed"],
    options: [
      { flags: "--dem <raster>", description: "fine DEM" },
      { flags: "--z-units <u>", description: `vertical unit of the DEM: ${Object.keys(Z_UNITS).join(", ")} (default m)` },
      { flags: "--cell <m>", description: "target cell size (m, default 5)", parse: numberOption("--cell") },
      { flags: "--gdems <list>", description: `products to make (default ${GDEM_NAMES.join(",")})`, parse: listOption },
      { flags: "--canopy-cover <f>", description: "share of the area under synthetic canopy (default 0.05)", parse: numberOption("--canopy-cover", { min: 0 }) },
      { flags: "--buildings <vector>", description: "footprints whose heights are partly in the surfaces" },
      { flags: "--buildings-where <sql>", description: "filter for the footprints" },
      { flags: "--out <dir>", description: "folder for synthetic_<product>.tif, reference.tif, degradation.json" },
    ],
    run(o) {
      const r = degradeFiles({ dem: { path: o.dem, z_units: o.z_units, buildings: o.buildings, buildings_where: o.buildings_where }, cell: o.cell, gdems: o.gdems, seed: o.seed, canopyCover: o.canopy_cover, out: o.out });
      for (const n of r.notes) console.log(`note: ${n}`);
      for (const p of r.products) console.log(`${p.path}: SYNTHETIC ${p.name}-like product, ${p.cell} m cells`);
      console.log(`${r.reference}: reference at ${o.cell} m`);
    },
  });

  addCapabilityCommand(dem, {
    name: "procedural",
    description: "held-out procedural test areas (the test seed stream, never drawn in training): ground.tif (bare ground), buildings.tif (heights), footprints.tif and roads.tif (0/1) per area",
    schema: proceduralFilesSchema,
    config: "none",
    pathKeys: ["out"],
    common: ["seed"],
    options: [
      { flags: "--out <dir>", description: "folder for area_<k>/ground.tif, buildings.tif, roads.tif" },
      { flags: "--count <n>", description: "number of areas (default 4)", parse: numberOption("--count", { integer: true, min: 1 }) },
      { flags: "--size <cells>", description: "side of an area in cells (default 256)", parse: numberOption("--size", { integer: true, min: 8 }) },
      { flags: "--cell <m>", description: "cell size (m, default 5)", parse: numberOption("--cell") },
      { flags: "--urban-fraction <f>", description: "share of urban areas (default 0.6)", parse: numberOption("--urban-fraction", { min: 0 }) },
    ],
    run(o) {
      const cfg = proceduralSchema.parse({ seed: o.seed, size: o.size, urban_fraction: o.urban_fraction });
      for (const a of writeProceduralAreas(terrainGenerators, cfg, o.count, o.cell, o.out)) console.log(`${a.dir}: SYNTHETIC procedural ${a.kind} area${a.kind === "ground" ? ` (generated at ${a.generationCell} m)` : ""}, ${o.size}×${o.size} cells of ${o.cell} m`);
    },
  });

  addCapabilityCommand(dem, {
    name: "stack",
    description: "named inputs resampled onto the target grid in the seed's order; OSM layers rasterized; per-band statistics beside the stack",
    schema: demStackSchema,
    pathKeys: ["grid", "inputs.*.path", "inputs.*.vector"],
    options: [
      { flags: "--out <tif>", description: "multi-band GeoTIFF (band names kept); <out>.stats.csv gets per-band statistics", cliOnly: true },
      { flags: "--cell <m>", description: "override the config's target cell size", parse: numberOption("--cell") },
    ],
    run(cfg, ctx) {
      const out = ctx.options.out as string | undefined;
      if (!out) throw new Error("--out: required (the stack GeoTIFF to write)");
      const s = buildDemStack(cfg);
      writeRaster(out, s.raster);
      const statsPath = out.replace(/\.tif+$/i, "") + ".stats.csv";
      writeFileAtomic(statsPath, toCsv(["band", "name", "kind", "count", "min", "max", "mean", "std"], s.stats.map((b, i) => [i + 1, b.name, b.kind, b.count, b.min, b.max, b.mean, b.std])));
      for (const n of s.notes) console.log(`note: ${n}`);
      console.log(`${out}: ${s.raster.width}×${s.raster.height}, bands ${s.stats.map((b) => b.name).join(", ")}; statistics in ${statsPath}`);
    },
  });

  addCapabilityCommand(dem, {
    name: "train",
    description: "train the downscaling U-Net; the run folder gets config.yml, run.json, split, normalization, loss.csv, checkpoints, loss_curve.png and model/",
    schema: demTrainSchema,
    pathKeys: [...demTrainPathKeys],
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [{ flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) }],
    run(cfg, ctx) {
      const runDir = ctx.runDir ?? defaultDemRunDir(cfg, ctx.configPath ?? "dem.yml");
      const r = trainDem({ ...cfg, device: ctx.device }, runDir, ctx.resume, (s) => console.log(s), { command: ctx.command, threads: ctx.threads, generators: terrainGenerators });
      for (const n of r.notes) console.log(`note: ${n}`);
      const best = r.history.find((h) => h.epoch === r.bestEpoch);
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.trainWindows} training windows, ${r.history.length} epochs; model from epoch ${r.bestEpoch} in ${r.modelDir}` + (best && Number.isFinite(best.validation_rmse_m) ? `; validation RMSE ${best.validation_rmse_m.toFixed(3)} m (mean global DEM ${best.validation_rmse_gdem_mean_m.toFixed(3)} m)` : ""));
    },
  });

  addCapabilityCommand(dem, {
    name: "predict",
    description: "the enhanced DEM of a stack: overlapping windows, blended stitching",
    schema: predictSchema,
    config: "none",
    pathKeys: ["model", "stack", "out"],
    common: ["threads", "device"],
    options: [
      { flags: "--model <dir>", description: "a model folder (model.json + model.safetensors)" },
      { flags: "--stack <tif>", description: "a stack with the model's bands (catchment dem stack)" },
      { flags: "--out <tif>", description: "enhanced DEM" },
      { flags: "--stride <n>", description: "window step in cells (default half a window)", parse: numberOption("--stride", { integer: true, min: 1 }) },
    ],
    run(o, ctx) {
      const model = loadDemModel(o.model, ctx.device);
      const stack = readRaster(o.stack);
      const p = predictDem(model, stack, o.stack, { stride: o.stride, device: ctx.device, progress: true });
      const data = Float32Array.from(p.elevation, (v) => (Number.isNaN(v) ? -9999 : v));
      writeRaster(o.out, { width: stack.width, height: stack.height, geotransform: stack.geotransform, crs: stack.crs, bands: [{ name: "enhanced_elevation", type: "Float32", nodata: -9999, data }] });
      for (const n of p.notes) console.log(`note: ${n}`);
      let valid = 0;
      for (const v of data) if (isValid(v, -9999)) valid++;
      console.log(`${o.out}: ${stack.width}×${stack.height}, ${valid} cells predicted`);
    },
  });

  addCapabilityCommand(dem, {
    name: "evaluate",
    description: "RMSE/MAE/bias/NMAD of the enhanced DEM and each global DEM against a reference, by slope and land cover, error maps, a profile, and the flood-based check",
    schema: evaluateSchema,
    config: "none",
    pathKeys: ["enhanced", "reference", "gdem.*", "out", "mask", "buildings", "roads", "water", "vegetation", "flood_buildings"],
    common: ["threads"],
    options: [
      { flags: "--enhanced <tif>", description: "enhanced DEM" },
      { flags: "--reference <tif>", description: "reference DEM (reprojected to the enhanced grid when in another CRS)" },
      { flags: "--gdem <tifs...>", description: "global DEMs (resampled to the enhanced grid)" },
      { flags: "--out <dir>", description: "folder for the tables, PNGs and report.json" },
      { flags: "--mask <tif>", description: "evaluate only cells where this raster is 1 (e.g. test_area_0.tif of a training run)" },
      { flags: "--buildings <vector>", description: "land cover: buildings" },
      { flags: "--roads <vector>", description: "land cover: roads" },
      { flags: "--water <vector>", description: "land cover: water" },
      { flags: "--vegetation <vector>", description: "land cover: vegetation" },
      { flags: "--no-flood", description: "skip the flood-based check", key: "flood" },
      { flags: "--flood-buildings <vector|raster>", description: "buildings as walls in every flood simulation (for bare-ground DEMs: the obstacles a flood model adds)" },
      { flags: "--storm-duration <min>", description: `design storm duration (min, default ${defaultStorm.duration_min})`, parse: numberOption("--storm-duration", { min: 1 }) },
      { flags: "--simulate <s>", description: `simulated time (s, default ${defaultStorm.simulate_s})`, parse: numberOption("--simulate", { min: 1 }) },
    ],
    run(o, ctx) {
      for (const p of [o.enhanced, o.reference, ...o.gdem, ...(o.mask ? [o.mask] : []), ...(o.flood_buildings ? [o.flood_buildings] : [])]) if (!existsSync(p)) throw new Error(`${p}: file not found`);
      const r = evaluateDem({
        enhanced: o.enhanced,
        reference: o.reference,
        gdems: o.gdem,
        out: o.out,
        mask: o.mask,
        landcover: { buildings: o.buildings, roads: o.roads, water: o.water, vegetation: o.vegetation },
        flood: o.flood ? { ...defaultStorm, duration_min: o.storm_duration, simulate_s: o.simulate, threads: ctx.threads } : null,
        floodBuildings: o.flood_buildings,
        progress: true,
      });
      for (const n of r.notes) console.log(`note: ${n}`);
      for (const n of r.names) {
        const s = r.overall[n];
        const fl = r.flood ? r.flood[n] : null;
        console.log(`${n.padEnd(20)} RMSE ${s.rmse.toFixed(3)} MAE ${s.mae.toFixed(3)} bias ${s.bias.toFixed(3)} NMAD ${s.nmad.toFixed(3)}` + (fl ? `  flood POD ${fl.pod.toFixed(3)} FAR ${fl.far.toFixed(3)} CSI ${fl.csi.toFixed(3)} depth RMSE ${fl.max_depth_rmse_m.toFixed(3)}` : ""));
      }
      console.log(`tables and pictures: ${resolve(o.out)}`);
      console.log(r.line);
    },
  });
}
