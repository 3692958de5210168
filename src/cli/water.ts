// `catchment water …`: water-body extraction (seed 001) on the capability shape. No science here.
import type { Command } from "commander";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { addCapabilityCommand, listOption, numberOption } from "./capability.js";
import { waterSchema, waterPathKeys, WaterConfig } from "../water/config.js";
import { runLabels, runTrain, StepOptions } from "../water/run.js";
import { runEvaluate } from "../water/evaluate.js";
import { readRaster, writeRaster } from "../geo/io.js";
import { Raster } from "../geo/raster.js";
import { asFloat } from "../water/scene.js";
import { loadWaterModel } from "../water/model-file.js";
import { predictRaster } from "../water/predict.js";
import { probabilityMap } from "../water/maps.js";
import { exportEe } from "../water/ee/export.js";
import { verifyEe } from "../water/ee/verify.js";
import { cutRaster, eeTilesScript, gridTiles, parseAoi, tilesGeoJson, warpToTiles } from "../water/tiles.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { decodeQa, flagFractions, qaLabels, qaProduct, FLAG_NAMES, QA_PRODUCTS, Confidence, describeProduct } from "../water/qa.js";
import { clearSkyMedian } from "../water/composite.js";

const runDirOf = (cfg: WaterConfig, runDir?: string) => runDir ?? resolve("runs", "water", cfg.experiment_name);

function stepOptions(cfg: WaterConfig, ctx: { runDir?: string; device: string; threads: number; command: string; resume: boolean }): StepOptions {
  return { runDir: runDirOf(cfg, ctx.runDir), device: ctx.device, threads: ctx.threads, command: ctx.command, resume: ctx.resume };
}

function printRounds(r: ReturnType<typeof runLabels>): void {
  console.log(`labels: ${r.dir}`);
  for (const x of r.rounds)
    console.log(`  round ${x.round} (${x.step}): ${x.land_to_water} non-water → water, ${x.water_to_land} water → non-water, ${x.dropped_land + x.dropped_water} dropped; now ${x.water_labels} water and ${x.land_labels} non-water labels`);
}

/** A multi-band raster with its bands as Float32 (NaN = no data), optionally renamed in order. */
function readScene(path: string, names?: string[]): Raster {
  const r = readRaster(path);
  if (names && names.length !== r.bands.length) throw new Error(`--bands: ${names.length} names for the ${r.bands.length} bands of ${path}`);
  return { ...r, bands: r.bands.map((b, i) => ({ ...asFloat(b, []), name: names ? names[i] : b.name })) };
}

const noOptions = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

export function registerWater(program: Command): void {
  const water = program.command("water").description("water-body extraction: QA-band labels, label-noise correction, the 7x7 pixel CNN, Earth Engine export and its verification");
  const runCommon = ["threads", "device", "seed", "run-dir", "resume"] as const;

  addCapabilityCommand(water, {
    name: "labels",
    description: "first labels (QA bits or index thresholds), normal-model noise correction and self-learning rounds; writes labels/ (initial.tif, corrected.tif, rounds.csv, labels_before_after.png)",
    schema: waterSchema,
    pathKeys: waterPathKeys,
    common: [...runCommon],
    run(cfg, ctx) {
      printRounds(runLabels(cfg, stepOptions(cfg, ctx)));
    },
  });
  addCapabilityCommand(water, {
    name: "train",
    description: "train the pixel CNN on the corrected labels (balanced sampling); writes model/ (model.json, model.safetensors, loss.csv, loss_curve.png)",
    schema: waterSchema,
    pathKeys: waterPathKeys,
    common: [...runCommon],
    run(cfg, ctx) {
      const r = runTrain(cfg, stepOptions(cfg, ctx));
      console.log(`model: ${r.modelDir}`);
      console.log(`${r.epochs} epochs on ${r.waterLabels} water and ${r.landLabels} non-water labels, final training loss ${r.finalLoss.toFixed(4)}; water where p ≥ ${r.threshold.toFixed(4)}`);
    },
  });
  addCapabilityCommand(water, {
    name: "evaluate",
    description: "the trained CNN and the MNDWI / AWEI baselines against the reference on the test pixels; writes evaluate/ (metrics.csv, metrics.json, agreement.png)",
    schema: waterSchema,
    pathKeys: waterPathKeys,
    common: ["threads", "device", "run-dir"],
    run(cfg, ctx) {
      const r = runEvaluate(cfg, stepOptions(cfg, ctx));
      console.log(`metrics: ${join(r.dir, "metrics.csv")}`);
      for (const s of r.scores)
        console.log(`  ${s.method.padEnd(9)} f1 ${s.f1.toFixed(3)}  kappa ${s.kappa.toFixed(3)}  iou ${s.iou.toFixed(3)}  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  accuracy ${s.accuracy.toFixed(4)}  (${s.pixels} pixels, ${s.water_pixels} water)`);
      console.log(r.line);
    },
  });
  addCapabilityCommand(water, {
    name: "run",
    description: "labels, train and evaluate in one run folder",
    schema: waterSchema,
    pathKeys: waterPathKeys,
    common: [...runCommon],
    run(cfg, ctx) {
      const o = stepOptions(cfg, ctx);
      const labelsDone = ctx.resume && existsSync(join(o.runDir, "labels", "labels.json"));
      if (!labelsDone) printRounds(runLabels(cfg, o));
      const t = runTrain(cfg, o);
      console.log(`model: ${t.modelDir} (water where p ≥ ${t.threshold.toFixed(4)})`);
      const r = runEvaluate(cfg, o);
      console.log(`metrics: ${join(r.dir, "metrics.csv")}`);
      console.log(r.line);
    },
  });

  addCapabilityCommand(water, {
    name: "predict",
    description: "water probability and classes of a scene with a trained model, as one convolution over the raster; writes probability.tif, classes.tif, probability.png",
    schema: noOptions({ model: z.string(), image: z.string(), out: z.string(), bands: z.array(z.string()).optional(), tile: z.number().int().min(1).default(512) }),
    config: "none",
    pathKeys: ["model", "image", "out"],
    common: ["threads", "device"],
    options: [
      { flags: "--model <dir>", description: "a model folder (model.json, model.safetensors), e.g. models/water-s2" },
      { flags: "--image <tif>", description: "the scene: one band per model band, in the model's order, named by their descriptions (or --bands)" },
      { flags: "--out <dir>", description: "output folder" },
      { flags: "--bands <names>", description: "names of the file's bands, in the file's order (e.g. B2,B3,B4,B5,B6,B8,B11,B12)", parse: listOption },
      { flags: "--tile <n>", description: "tile size of the convolution, pixels (default 512)", parse: numberOption("--tile", { integer: true, min: 1 }) },
    ],
    run(o, ctx) {
      const model = loadWaterModel(o.model);
      const scene = readScene(o.image, o.bands);
      if (ctx.device !== "cpu") model.net.to(ctx.device);
      const p = predictRaster(model, scene, { tile: o.tile, device: ctx.device, progress: true });
      mkdirSync(o.out, { recursive: true });
      const grid = { ...scene, bands: [] };
      writeRaster(join(o.out, "probability.tif"), { ...grid, bands: [{ name: "water_probability", type: "Float32", nodata: NaN, data: p.probability }] });
      writeRaster(join(o.out, "classes.tif"), { ...grid, bands: [{ name: "water", type: "Byte", nodata: 255, data: p.classes }] });
      probabilityMap(join(o.out, "probability.png"), scene.width, scene.height, `water: ${o.image}`, p.probability, model.meta.threshold);
      let water = 0;
      let known = 0;
      for (const c of p.classes) if (c !== 255) (known++, c === 1 && water++);
      console.log(`${o.out}: probability.tif, classes.tif, probability.png; ${known} pixels predicted, ${((100 * water) / Math.max(1, known)).toFixed(2)} % water (p ≥ ${model.meta.threshold.toFixed(4)})`);
      model.net.dispose();
    },
  });

  addCapabilityCommand(water, {
    name: "export-ee",
    description: "the model as Earth Engine image operations: graph.json (the client's serialised format), water_cnn.js (Code Editor), water_cnn.py, export.json and a copy of the model",
    schema: noOptions({ model: z.string(), out: z.string(), bands: z.array(z.string()).optional(), asset: z.string().optional() }),
    config: "none",
    pathKeys: ["model", "out"],
    options: [
      { flags: "--model <dir>", description: "a model folder" },
      { flags: "--out <dir>", description: "output folder" },
      { flags: "--bands <names>", description: "the Earth Engine names of the model's bands, in the model's order (default: the model's names)", parse: listOption },
      { flags: "--asset <id>", description: "the image asset the graph loads (default users/YOUR_NAME/YOUR_IMAGE)" },
    ],
    run(o) {
      const info = exportEe({ model: o.model, out: o.out, eeBands: o.bands, asset: o.asset });
      const ops = Object.values(info.algorithms).reduce((a, b) => a + b, 0);
      console.log(`${o.out}: graph.json (${(info.graph_bytes / 1e6).toFixed(2)} MB, ${ops} algorithm calls of ${Object.keys(info.algorithms).length} kinds), water_cnn.js, water_cnn.py, export.json, model/`);
      console.log(`bands: ${info.ee_bands.join(", ")} → ${info.output_band} (water where ≥ ${info.threshold.toFixed(4)})`);
    },
  });

  addCapabilityCommand(water, {
    name: "verify-ee",
    description: "evaluate an exported graph locally with Earth Engine's semantics and compare it with water predict pixel by pixel (must agree to 1e-5)",
    schema: noOptions({ graph: z.string(), image: z.string(), model: z.string().optional(), bands: z.array(z.string()).optional(), tolerance: z.number().positive().default(1e-5), tile: z.number().int().min(8).default(256) }),
    config: "none",
    pathKeys: ["graph", "image", "model"],
    common: ["threads", "device"],
    options: [
      { flags: "--graph <json>", description: "graph.json of an export" },
      { flags: "--image <tif>", description: "a local scene holding the graph's input bands, named (descriptions or --bands)" },
      { flags: "--model <dir>", description: "the model (default: the export's model/ beside the graph)" },
      { flags: "--bands <names>", description: "names of the file's bands, in the file's order", parse: listOption },
      { flags: "--tolerance <p>", description: "largest allowed |Δ probability| (default 1e-5)", parse: numberOption("--tolerance") },
      { flags: "--tile <n>", description: "tile size of the evaluator (default 256)", parse: numberOption("--tile", { integer: true, min: 8 }) },
    ],
    run(o, ctx) {
      const r = verifyEe({ graph: o.graph, scene: readScene(o.image, o.bands), sceneSource: o.image, model: o.model, tolerance: o.tolerance, tile: o.tile, device: ctx.device, progress: true });
      console.log(`graph ${o.graph} on ${o.image} (Image.load ${r.loads.map((l) => `'${l}'`).join(", ")} bound to it), model ${r.model}`);
      console.log(`${r.compared} pixels compared: max |Δp| = ${r.maxAbsDiff.toExponential(2)}, mean ${r.meanAbsDiff.toExponential(2)}; ${r.missingInGraph} predicted pixels masked in the graph, ${r.extraInGraph} graph pixels without a prediction`);
      console.log(`verify-ee: ${r.ok ? "ok" : "FAILED"} (tolerance ${o.tolerance})`);
      if (!r.ok) process.exitCode = 1;
    },
  });

  addCapabilityCommand(water, {
    name: "tiles",
    description: "the degree grid of tiles over an area (0.135° by default), optionally a raster cut into them through GDAL windows and an Earth Engine export script",
    schema: noOptions({
      aoi: z.string(),
      out: z.string(),
      size: z.number().positive().default(0.135),
      resolution: z.number().positive().default(30),
      cut: z.string().optional(),
      tiles_dir: z.string().optional(),
      warp: z.boolean().default(false),
      ee_script: z.string().optional(),
      collection: z.string().optional(),
      start: z.string().default("2020-06-01"),
      end: z.string().default("2020-09-01"),
      ee_bands: z.array(z.string()).optional(),
      folder: z.string().default("catchment_tiles"),
    }),
    config: "none",
    pathKeys: ["out", "cut", "tiles_dir", "ee_script"],
    options: [
      { flags: "--aoi <area>", description: "w,s,e,n in degrees, or a polygon file (any CRS)" },
      { flags: "--out <geojson>", description: "the tile grid as GeoJSON (lon/lat)" },
      { flags: "--size <degrees>", description: "tile size (default 0.135)", parse: numberOption("--size") },
      { flags: "--resolution <m>", description: "pixel size for the tiles' pixel counts (default 30)", parse: numberOption("--resolution") },
      { flags: "--cut <raster>", description: "cut this raster into the tiles (GDAL windows, its own CRS)" },
      { flags: "--tiles-dir <dir>", description: "where the cut tiles go (default: beside --out, tiles/)" },
      { flags: "--warp", description: "with --cut: reproject the tiles to EPSG:4326 at --resolution (Earth Engine's export grid) instead of windows in the raster's CRS" },
      { flags: "--ee-script <js>", description: "write a Code Editor script that exports the tiles from --collection" },
      { flags: "--collection <id>", description: "Earth Engine image collection for --ee-script, e.g. COPERNICUS/S2_HARMONIZED" },
      { flags: "--start <date>", description: "first date for --ee-script (default 2020-06-01)" },
      { flags: "--end <date>", description: "end date for --ee-script (default 2020-09-01)" },
      { flags: "--ee-bands <names>", description: "bands to export in --ee-script", parse: listOption },
      { flags: "--folder <name>", description: "Drive folder for --ee-script (default catchment_tiles)" },
    ],
    run(o) {
      const aoi = parseAoi(o.aoi);
      const tiles = gridTiles(aoi, o.size, o.resolution);
      if (tiles.length === 0) throw new Error(`--aoi ${o.aoi}: no tile of the grid intersects the area`);
      if (o.ee_script && !o.collection) throw new Error("--ee-script needs --collection (an Earth Engine image collection id)");
      const cutDir = o.cut ? (o.tiles_dir ?? join(resolve(o.out, ".."), "tiles")) : null;
      writeFileAtomic(o.out, tilesGeoJson(tiles, o.size, o.resolution) + "\n");
      const over512 = tiles.filter((t) => t.pixels_epsg4326 > 512).length;
      console.log(`${o.out}: ${tiles.length} tiles of ${o.size}° (${tiles[0].pixels_epsg4326} px per side in EPSG:4326 at ${o.resolution} m; ${tiles[0].width_px} x ${tiles[0].height_px} px on the ground at the first tile)`);
      if (over512) console.log(`note: ${over512} tiles exceed Earth Engine's 512 x 512 pixels per request at ${o.resolution} m; use a smaller --size`);
      if (cutDir && o.cut) {
        const cut = o.warp ? warpToTiles(o.cut, tiles, cutDir, o.resolution) : cutRaster(o.cut, tiles, cutDir);
        console.log(`${cutDir}: ${cut.length} tiles ${o.warp ? "warped to EPSG:4326" : "cut through windows"} from ${o.cut}`);
      }
      if (o.ee_script && o.collection) {
        writeFileAtomic(o.ee_script, eeTilesScript(tiles, { collection: o.collection, start: o.start, end: o.end, bands: o.ee_bands, scale: o.resolution, folder: o.folder }));
        console.log(`${o.ee_script}: Code Editor script exporting ${tiles.length} tiles from ${o.collection}`);
      }
    },
  });

  addCapabilityCommand(water, {
    name: "qa",
    description: "decode a QA band (or stack) of a known product into flag masks and water labels",
    schema: noOptions({ product: z.string(), qa: z.string(), out: z.string(), min_confidence: z.number().int().min(1).max(3).default(3) }),
    config: "none",
    pathKeys: ["qa", "out"],
    options: [
      { flags: "--product <name>", description: QA_PRODUCTS.join(" | ") },
      { flags: "--qa <tif>", description: "the QA band (a stack decodes band by band)" },
      { flags: "--out <dir>", description: "output folder: flags.tif (one band per flag, first date), labels.tif (one band per date)" },
      { flags: "--min-confidence <n>", description: "lowest two-bit confidence that sets a flag: 1 low, 2 medium, 3 high (default)", parse: numberOption("--min-confidence", { integer: true, min: 1 }) },
    ],
    run(o) {
      const product = qaProduct(o.product);
      const r = readRaster(o.qa);
      const decoded = r.bands.map((b) => decodeQa(product, b.data, { minConfidence: o.min_confidence as Confidence, nodata: b.nodata }));
      const { lacks, title } = describeProduct(product);
      const labels = lacks.includes("water") ? null : decoded.map((f) => qaLabels(product, f));
      mkdirSync(o.out, { recursive: true });
      const grid = { ...r, bands: [] };
      writeRaster(join(o.out, "flags.tif"), { ...grid, bands: FLAG_NAMES.map((k) => ({ name: k, type: "Byte" as const, nodata: null, data: decoded[0][k] })) });
      if (labels) writeRaster(join(o.out, "labels.tif"), { ...grid, bands: labels.map((l, i) => ({ name: r.bands[i].name, type: "Byte" as const, nodata: 255, data: l })) });
      console.log(`${o.qa}: ${title}, ${r.bands.length} band${r.bands.length > 1 ? "s" : ""}`);
      const f = flagFractions(decoded[0]);
      console.log(`first band: ${FLAG_NAMES.map((k) => (lacks.includes(k) ? `${k} n/a` : `${k} ${(100 * f[k]).toFixed(1)} %`)).join(", ")}`);
      console.log(labels ? `${o.out}: flags.tif, labels.tif (1 water, 0 clear land, 255 other)` : `${o.out}: flags.tif (the product has no water flag, so no labels.tif)`);
    },
  });

  addCapabilityCommand(water, {
    name: "composite",
    description: "clear-sky median composite of a time series: per pixel and band the median over the dates its QA calls clear",
    schema: noOptions({ bands: z.array(z.string()).min(1), qa: z.string(), product: z.string(), out: z.string(), nodata: z.number().optional() }),
    config: "none",
    pathKeys: ["qa", "out"],
    options: [
      { flags: "--bands <list>", description: "name=stack pairs, e.g. B3=b3_stack.tif,B4=b4_stack.tif (one band per date)", parse: listOption },
      { flags: "--qa <tif>", description: "the QA stack, one band per date" },
      { flags: "--product <name>", description: QA_PRODUCTS.join(" | ") },
      { flags: "--out <tif>", description: "the composite (one band per input, plus clear_count)" },
      { flags: "--nodata <v>", description: "an extra no-data value of the band stacks", parse: numberOption("--nodata") },
    ],
    run(o) {
      const product = qaProduct(o.product);
      const pairs = o.bands.map((s) => {
        const m = /^([A-Za-z]\w*)=(.+)$/.exec(s);
        if (!m) throw new Error(`--bands: '${s}' is not name=path`);
        return [m[1], resolve(m[2])] as const;
      });
      const qa = readRaster(o.qa);
      const flags = qa.bands.map((b) => decodeQa(product, b.data, { nodata: b.nodata }));
      const series = pairs.map(([, path]) => {
        const r = readRaster(path);
        if (r.bands.length !== qa.bands.length) throw new Error(`${path}: ${r.bands.length} dates, the QA stack ${qa.bands.length}`);
        return r.bands.map((b) => asFloat(b, o.nodata === undefined ? [] : [o.nodata]));
      });
      const c = clearSkyMedian(pairs.map(([n]) => n), series, flags);
      writeRaster(o.out, { ...qa, bands: [...c.bands, { name: "clear_count", type: "UInt16", nodata: null, data: c.count }] });
      const covered = c.count.filter((v) => v > 0).length;
      console.log(`${o.out}: ${c.bands.length} bands + clear_count over ${qa.bands.length} dates; ${covered} of ${c.count.length} pixels have a clear date`);
    },
  });
}
