import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import { readRaster, writeRaster, isValid } from "../geo/index.js";
import { demTrainSchema } from "../dem/config.js";
import { trainDem, defaultDemRunDir } from "../dem/train.js";
import { demStackSchema, buildDemStack } from "../dem/stack.js";
import { loadDemModel } from "../dem/model.js";
import { predictDem } from "../dem/predict.js";
import { evaluateDem, defaultStorm } from "../dem/evaluate.js";
import { degradeFiles } from "../dem/degrade-files.js";
import { GDEM_NAMES, GdemName } from "../dem/degrade.js";
import { Z_UNITS, ZUnits } from "../dem/fine.js";
import { toCsv } from "../util/table.js";
import { applyThreads } from "./threads.js";
import { addCapabilityCommand, numberOption } from "./capability.js";

const num = (what: string) => (t: string) => {
  const v = Number(t);
  if (!Number.isFinite(v)) throw new Error(`${what}: expected a number, got '${t}'`);
  return v;
};

function gdemList(s: string): GdemName[] {
  const list = s.split(",").map((x) => x.trim());
  for (const g of list) if (!(GDEM_NAMES as readonly string[]).includes(g)) throw new Error(`--gdems: '${g}' is not one of ${GDEM_NAMES.join(", ")}`);
  return list as GdemName[];
}

export function registerDem(program: Command): void {
  const dem = program.command("dem").description("DEM downscaling: global DEMs (+ imagery, OSM layers) to a fine DEM with a U-Net (seed 000)");

  dem
    .command("degrade")
    .description("SYNTHETIC global-DEM-like products (ALOS, ASTER, NASADEM, SRTM variants) from a fine DEM, plus the reference on the target grid")
    .requiredOption("--dem <raster>", "fine DEM")
    .option("--z-units <u>", `vertical unit of the DEM: ${Object.keys(Z_UNITS).join(", ")}`, "m")
    .option("--cell <m>", "target cell size (m)", num("--cell"), 5)
    .option("--gdems <list>", "products to make", GDEM_NAMES.join(","))
    .option("--seed <n>", "scene seed (each product has its own seed from it)", num("--seed"), 1)
    .option("--canopy-cover <f>", "share of the area under synthetic canopy", num("--canopy-cover"), 0.05)
    .option("--buildings <vector>", "footprints whose heights are partly in the surfaces")
    .option("--buildings-where <sql>", "filter for the footprints")
    .requiredOption("--out <dir>", "folder for synthetic_<product>.tif, reference.tif, degradation.json")
    .action((o: { dem: string; zUnits: string; cell: number; gdems: string; seed: number; canopyCover: number; buildings?: string; buildingsWhere?: string; out: string }) => {
      if (!(o.zUnits in Z_UNITS)) throw new Error(`--z-units: expected one of ${Object.keys(Z_UNITS).join(", ")}, got '${o.zUnits}'`);
      const r = degradeFiles({ dem: { path: o.dem, z_units: o.zUnits as ZUnits, buildings: o.buildings, buildings_where: o.buildingsWhere }, cell: o.cell, gdems: gdemList(o.gdems), seed: o.seed, canopyCover: o.canopyCover, out: o.out });
      for (const n of r.notes) console.log(`note: ${n}`);
      for (const p of r.products) console.log(`${p.path}: SYNTHETIC ${p.name}-like product, ${p.cell} m cells`);
      console.log(`${r.reference}: reference at ${o.cell} m`);
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
    pathKeys: ["fine_dems.*.path", "fine_dems.*.buildings", "fine_dems.*.roads", "fine_dems.*.water"],
    common: ["threads", "device", "seed", "run-dir", "resume"],
    options: [{ flags: "--epochs <n>", description: "override the config's epochs", parse: numberOption("--epochs", { integer: true, min: 1 }) }],
    run(cfg, ctx) {
      const runDir = ctx.runDir ?? defaultDemRunDir(cfg, ctx.configPath ?? "dem.yml");
      const r = trainDem({ ...cfg, device: ctx.device }, runDir, ctx.resume, (s) => console.log(s), { command: ctx.command, threads: ctx.threads });
      for (const n of r.notes) console.log(`note: ${n}`);
      const best = r.history.find((h) => h.epoch === r.bestEpoch);
      console.log(`run folder: ${r.runDir}`);
      console.log(`${r.trainWindows} training windows, ${r.history.length} epochs; model from epoch ${r.bestEpoch} in ${r.modelDir}` + (best && Number.isFinite(best.validation_rmse_m) ? `; validation RMSE ${best.validation_rmse_m.toFixed(3)} m (mean global DEM ${best.validation_rmse_gdem_mean_m.toFixed(3)} m)` : ""));
    },
  });

  dem
    .command("predict")
    .description("the enhanced DEM of a stack: overlapping windows, blended stitching")
    .requiredOption("--model <dir>", "a model folder (model.json + model.safetensors)")
    .requiredOption("--stack <tif>", "a stack with the model's bands (catchment dem stack)")
    .requiredOption("--out <tif>", "enhanced DEM")
    .option("--stride <n>", "window step in cells (default half a window)", num("--stride"))
    .option("--device <d>", "cpu or cuda:0", "cpu")
    .action(function (this: Command, o: { model: string; stack: string; out: string; stride?: number; device: string }) {
      applyThreads(this);
      const model = loadDemModel(o.model, o.device);
      const stack = readRaster(o.stack);
      const p = predictDem(model, stack, o.stack, { stride: o.stride, device: o.device, progress: true });
      const data = Float32Array.from(p.elevation, (v) => (Number.isNaN(v) ? -9999 : v));
      writeRaster(o.out, { width: stack.width, height: stack.height, geotransform: stack.geotransform, crs: stack.crs, bands: [{ name: "enhanced_elevation", type: "Float32", nodata: -9999, data }] });
      for (const n of p.notes) console.log(`note: ${n}`);
      let valid = 0;
      for (const v of data) if (isValid(v, -9999)) valid++;
      console.log(`${o.out}: ${stack.width}×${stack.height}, ${valid} cells predicted`);
    });

  dem
    .command("evaluate")
    .description("RMSE/MAE/bias/NMAD of the enhanced DEM and each global DEM against a reference, by slope and land cover, error maps, a profile, and the flood-based check")
    .requiredOption("--enhanced <tif>", "enhanced DEM")
    .requiredOption("--reference <tif>", "reference DEM (reprojected to the enhanced grid when in another CRS)")
    .requiredOption("--gdem <tifs...>", "global DEMs (resampled to the enhanced grid)")
    .requiredOption("--out <dir>", "folder for the tables, PNGs and report.json")
    .option("--mask <tif>", "evaluate only cells where this raster is 1 (e.g. test_area_0.tif of a training run)")
    .option("--buildings <vector>", "land cover: buildings")
    .option("--roads <vector>", "land cover: roads")
    .option("--water <vector>", "land cover: water")
    .option("--vegetation <vector>", "land cover: vegetation")
    .option("--no-flood", "skip the flood-based check")
    .option("--storm-duration <min>", "design storm duration (min)", num("--storm-duration"), defaultStorm.duration_min)
    .option("--simulate <s>", "simulated time (s)", num("--simulate"), defaultStorm.simulate_s)
    .option("--threads <n>", "flood simulation threads", num("--threads"))
    .action((o: { enhanced: string; reference: string; gdem: string[]; out: string; mask?: string; buildings?: string; roads?: string; water?: string; vegetation?: string; flood: boolean; stormDuration: number; simulate: number; threads?: number }) => {
      for (const p of [o.enhanced, o.reference, ...o.gdem, ...(o.mask ? [o.mask] : [])]) if (!existsSync(p)) throw new Error(`${p}: file not found`);
      const r = evaluateDem({
        enhanced: o.enhanced,
        reference: o.reference,
        gdems: o.gdem,
        out: o.out,
        mask: o.mask,
        landcover: { buildings: o.buildings, roads: o.roads, water: o.water, vegetation: o.vegetation },
        flood: o.flood ? { ...defaultStorm, duration_min: o.stormDuration, simulate_s: o.simulate, threads: o.threads } : null,
        progress: true,
      });
      for (const n of r.notes) console.log(`note: ${n}`);
      for (const n of r.names) {
        const s = r.overall[n];
        const fl = r.flood ? r.flood[n] : null;
        console.log(`${n.padEnd(20)} RMSE ${s.rmse.toFixed(3)} MAE ${s.mae.toFixed(3)} bias ${s.bias.toFixed(3)} NMAD ${s.nmad.toFixed(3)}` + (fl ? `  flood POD ${fl.pod.toFixed(3)} FAR ${fl.far.toFixed(3)} CSI ${fl.csi.toFixed(3)} depth RMSE ${fl.max_depth_rmse_m.toFixed(3)}` : ""));
      }
      console.log(`tables and pictures: ${join(resolve(o.out))}`);
      console.log(r.line);
    });
}
