// `catchment water evaluate`: the trained CNN and the MNDWI and AWEI threshold baselines against an
// independent reference, on the same test pixels: overall accuracy, kappa, precision, recall, F1, IoU.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { writeRaster } from "../geo/io.js";
import { Raster } from "../geo/raster.js";
import { confusion, Confusion, accuracy, kappa, precision, recall, f1, iou } from "../metrics/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { RunFolder } from "../util/run-folder.js";
import { Interrupted } from "../util/interrupt.js";
import { WaterConfig, IndexName } from "./config.js";
import { canCompute, waterIndex } from "./indices.js";
import { loadWaterModel } from "./model-file.js";
import { predictRaster } from "./predict.js";
import { prepare, Prepared } from "./prepare.js";
import { labelReference, vectorReference } from "./reference.js";
import { agreementLegend, agreementPanel, probabilityMap, renderPanels, Panel } from "./maps.js";
import { modelDir, StepOptions } from "./run.js";

/** The baselines: each index above 0 is water (the thresholds their authors propose). */
export const BASELINES: IndexName[] = ["mndwi", "awei_nsh", "awei_sh", "ndwi"];

export interface MethodScores {
  method: string;
  pixels: number;
  water_pixels: number;
  accuracy: number;
  kappa: number;
  precision: number;
  recall: number;
  f1: number;
  iou: number;
}

export interface EvaluateResult {
  scores: MethodScores[];
  line: string;
  dir: string;
}

function scores(method: string, c: Confusion): MethodScores {
  return { method, pixels: c.tp + c.fp + c.fn + c.tn, water_pixels: c.tp + c.fn, accuracy: accuracy(c), kappa: kappa(c), precision: precision(c), recall: recall(c), f1: f1(c), iou: iou(c) };
}

const add = (a: Confusion, b: Confusion): Confusion => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn });
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");

export function referenceOf(cfg: WaterConfig, p: Prepared, k: number): Float32Array {
  if (cfg.reference.source === "vector") return vectorReference(cfg.reference.path, p.scenes[k].raster, cfg.reference.water_where, cfg.reference.land_where);
  return labelReference(p.labels[k]);
}

/** The line `catchment water evaluate` ends with. */
export function summaryLine(s: MethodScores[]): string {
  const by = (m: string) => s.find((x) => x.method === m);
  const cnn = by("cnn") as MethodScores;
  return `water: f1=${fmt(cnn.f1)} kappa=${fmt(cnn.kappa)} iou=${fmt(cnn.iou)} mndwi_f1=${fmt(by("mndwi")?.f1 ?? NaN)} awei_f1=${fmt(by("awei_nsh")?.f1 ?? NaN)}`;
}

export function runEvaluate(cfg: WaterConfig, o: StepOptions): EvaluateResult {
  const dir = modelDir(o.runDir);
  if (!existsSync(join(dir, "model.json"))) throw new Error(`${o.runDir}: no trained model (model/model.json); run \`catchment water train\` first`);
  const p = prepare(cfg);
  const model = loadWaterModel(dir);
  if (o.device !== "cpu") model.net.to(o.device);
  const folder = RunFolder.start(o.runDir, { config: cfg, command: o.command, threads: o.threads, device: o.device, seeds: { seed: cfg.seed }, resume: true });
  try {
    const baselines = BASELINES.filter((b) => canCompute(b, cfg));
    const methods = ["cnn", ...baselines];
    const totals = new Map(methods.map((m) => [m, { tp: 0, fp: 0, fn: 0, tn: 0 } as Confusion]));
    const out = join(o.runDir, "evaluate");
    const panels: { water: number; panels: Panel[] }[] = [];
    for (const k of p.test) {
      const raster = p.scenes[k].raster;
      const ref = referenceOf(cfg, p, k);
      const pred = predictRaster(model, raster, { device: o.device, progress: p.kind === "scene" });
      const mask = p.testMask[k];
      const sims = new Map<string, Float32Array>();
      sims.set("cnn", Float32Array.from(pred.classes, (c) => (c === 255 ? NaN : c)));
      for (const b of baselines) sims.set(b, Float32Array.from(waterIndex(b, cfg, raster), (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : 0)));
      // the same pixels for every method: judged, referenced, and predicted by all
      const obs = Float32Array.from(ref, (v, i) => {
        if ((mask && !mask[i]) || Number.isNaN(v)) return NaN;
        for (const s of sims.values()) if (Number.isNaN(s[i])) return NaN;
        return v;
      });
      for (const m of methods) totals.set(m, add(totals.get(m) as Confusion, confusion(obs, sims.get(m) as Float32Array)));
      const name = p.kind === "scene" ? "" : `_${p.scenes[k].id}`;
      if (p.kind === "scene") {
        const grid: Raster = { ...raster, bands: [] };
        writeRaster(join(out, "probability.tif"), { ...grid, bands: [{ name: "water_probability", type: "Float32", nodata: NaN, data: pred.probability }] });
        writeRaster(join(out, "classes.tif"), { ...grid, bands: [{ name: "water", type: "Byte", nodata: 255, data: pred.classes }] });
        probabilityMap(join(out, "probability.png"), raster.width, raster.height, `${cfg.experiment_name}: pixel CNN`, pred.probability, model.meta.threshold);
      }
      const water = obs.reduce((a, v) => a + (v === 1 ? 1 : 0), 0);
      panels.push({
        water,
        panels: methods.slice(0, 3).map((m) => agreementPanel(`${m.toUpperCase()}${name ? " " + p.scenes[k].id : ""} vs reference (test area)`, obs, sims.get(m) as Float32Array)),
      });
    }
    const result = methods.map((m) => scores(m, totals.get(m) as Confusion));
    const g = p.scenes[p.test[0]].raster;
    // a scene: its panels; a series: the test dates with the most reference water
    const shown = panels.map((x, i) => ({ ...x, i })).sort((a, b) => b.water - a.water).slice(0, p.kind === "scene" ? 1 : 2);
    renderPanels(join(out, "agreement.png"), g.width, g.height, `${cfg.experiment_name}: agreement with the reference on the test pixels`, shown.flatMap((s) => s.panels), agreementLegend);
    const header = ["method", "pixels", "water_pixels", "accuracy", "kappa", "precision", "recall", "f1", "iou"] as const;
    writeFileAtomic(join(out, "metrics.csv"), toCsv([...header], result.map((r) => header.map((h) => (typeof r[h] === "number" && !Number.isInteger(r[h]) ? (r[h] as number).toFixed(5) : r[h])))));
    const line = summaryLine(result);
    writeFileAtomic(join(out, "metrics.json"), JSON.stringify({ scores: result, line, threshold: model.meta.threshold, test_scenes: p.test.map((k) => p.scenes[k].id) }, null, 2) + "\n");
    folder.note({ evaluation: line });
    folder.finish("complete");
    return { scores: result, line, dir: out };
  } catch (e) {
    folder.finish(e instanceof Interrupted ? "interrupted" : "failed", e);
    throw e;
  } finally {
    model.net.dispose();
  }
}
