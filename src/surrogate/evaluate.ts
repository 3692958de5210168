// `catchment surrogate evaluate`: a trained surrogate on a dataset split against the simulations,
// beside the naive depression baseline: pooled scores (summary.json), per-patch scores
// (metrics.csv) and maps simulation | prediction | difference for chosen patches.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { readRaster } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { toCsv } from "../util/table.js";
import { hillshade } from "../viz/hillshade.js";
import { renderPanels } from "../viz/panels.js";
import { percentile } from "../viz/raster-png.js";
import { depressionBaseline } from "./baseline.js";
import { loadSplit } from "./data.js";
import { patchPath, readManifest, SplitName } from "./dataset/manifest.js";
import { loadSurrogateModel } from "./model-file.js";
import { scenarioStorm } from "./scenario.js";
import { scoreMaps, SurrogateScores } from "./scores.js";
import { channel, predictSet } from "./train.js";
import { d1 } from "../metrics/index.js";

export interface EvaluateOptions {
  /** a training run folder (its model/ and its config's dataset) … */
  runDir?: string;
  /** … or a model folder and a dataset */
  model?: string;
  dataset?: string;
  split: SplitName;
  /** patches drawn as maps (the most flooded first) */
  maps?: number;
  out?: string;
  device?: string;
}

export interface EvaluateReport {
  out: string;
  patches: number;
  model: SurrogateScores;
  baseline: { depth_d1: number; depth_rmse: number; "depth_csi0.1": number };
}

export function summaryLine(r: EvaluateReport, split: string): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "nan");
  const m = r.model;
  return `surrogate ${split}: depth_d1=${f(m.depth_d1)} depth_rmse=${f(m.depth_rmse)} depth_csi0.1=${f(m["depth_csi0.1"])} velocity_d1=${f(m.velocity_d1)} velocity_rmse=${f(m.velocity_rmse)} baseline_depth_d1=${f(r.baseline.depth_d1)}`;
}

export function evaluateSurrogate(o: EvaluateOptions): EvaluateReport {
  const modelDir = o.model ?? (o.runDir ? join(o.runDir, "model") : undefined);
  if (!modelDir) throw new Error("give --run-dir (a training run) or --model and --dataset");
  let dataset = o.dataset;
  if (!dataset && o.runDir) {
    const cfgPath = join(o.runDir, "config.yml");
    if (!existsSync(cfgPath)) throw new Error(`${o.runDir}: no config.yml; is it a surrogate training run?`);
    dataset = (parse(readFileSync(cfgPath, "utf8")) as { dataset?: string }).dataset;
  }
  if (!dataset) throw new Error("--dataset: give the dataset to evaluate on");
  const m = readManifest(dataset);
  const model = loadSurrogateModel(modelDir, o.device);
  if (JSON.stringify(model.meta.scenario) !== JSON.stringify(m.scenario))
    throw new Error(`${dataset}: its scenario differs from the one ${modelDir} was trained for; evaluate on a dataset of the model's scenario`);
  const set = loadSplit(dataset, m, o.split, { variants: false, encoding: model.meta.encoding });
  if (set.ids.length === 0) throw new Error(`${dataset}: no simulated ${o.split} patches`);
  const P = set.size;
  const n = set.ids.length;
  const pred = predictSet(model.net, set, o.device);
  const storm = scenarioStorm(m.scenario);
  const rain = storm.total_mm / 1000;
  const baseline = new Float32Array(n * P * P);
  const rows: (string | number)[][] = [];
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(5) : "");
  const obsD = channel(set.targets, n, P, 0), simD = channel(pred, n, P, 0);
  const obsV = channel(set.targets, n, P, 1), simV = channel(pred, n, P, 1);
  set.specs.forEach((p, k) => {
    const r = readRaster(patchPath(dataset as string, p.id));
    const z = Float64Array.from(r.bands[0].data, (g, i) => g + (r.bands[1].data[i] > 0 ? r.bands[1].data[i] : 0));
    const blocked = Uint8Array.from(r.bands[0].data, (g) => (Number.isFinite(g) ? 0 : 1));
    baseline.set(depressionBaseline(z, P, P, rain, blocked), k * P * P);
    const a = k * P * P, b = a + P * P;
    const s = scoreMaps(obsD.subarray(a, b), simD.subarray(a, b), obsV.subarray(a, b), simV.subarray(a, b));
    let maxObs = 0;
    for (let i = a; i < b; i++) maxObs = Math.max(maxObs, obsD[i]);
    rows.push([p.id, p.source, fmt(maxObs), ...Object.values(s).map(fmt), fmt(d1(obsD.subarray(a, b), baseline.subarray(a, b)))]);
  });
  const scores = scoreMaps(obsD, simD, obsV, simV);
  const base = scoreMaps(obsD, baseline, obsV, new Float32Array(obsV.length));
  const out = o.out ?? join(o.runDir ?? modelDir, o.split);
  mkdirSync(join(out, "maps"), { recursive: true });
  writeFileAtomic(join(out, "metrics.csv"), toCsv(["patch", "source", "max_depth_m", ...Object.keys(scores), "baseline_depth_d1"], rows));
  const report: EvaluateReport = { out, patches: n, model: scores, baseline: { depth_d1: base.depth_d1, depth_rmse: base.depth_rmse, "depth_csi0.1": base["depth_csi0.1"] } };
  writeFileAtomic(join(out, "summary.json"), JSON.stringify({ split: o.split, dataset, model_dir: modelDir, ...report }, null, 2) + "\n");
  // maps of the most flooded patches
  const order = rows.map((r, k) => [Number(r[2]), k] as const).sort((a, b) => b[0] - a[0]).map(([, k]) => k);
  for (const k of order.slice(0, o.maps ?? 4)) {
    const a = k * P * P;
    const r = readRaster(patchPath(dataset, set.ids[k]));
    const z = Float64Array.from(r.bands[0].data, (g, i) => g + r.bands[1].data[i]);
    const shade = hillshade(z, P, P, m.scenario.cell_size_m, m.scenario.cell_size_m, (v) => Number.isFinite(v));
    const band = (data: Float32Array, name: string) => ({ name, type: "Float32" as const, nodata: null, data });
    const sim = obsD.slice(a, a + P * P), prd = simD.slice(a, a + P * P);
    // colour scales from high quantiles, so that a few deep pits do not wash out the street flows
    const vmax = Math.max(0.3, upperQuantile(sim.filter((v) => v > 0.01), 0.98));
    const diff = Float32Array.from(prd, (v, i) => v - sim[i]);
    const dmax = Math.max(0.05, upperQuantile(diff.map(Math.abs).filter((v) => v > 0.005), 0.98));
    const opts = { colormap: "depth" as const, shade, transparentBelow: 0.01, range: [0, vmax] as [number, number], maxSize: 384, units: "max depth (m), deeper clipped" };
    writeFileAtomic(
      join(out, "maps", `${set.ids[k]}.png`),
      renderPanels(
        [
          { band: band(sim, "sim"), width: P, height: P, options: { ...opts, title: "simulation" } },
          { band: band(prd, "pred"), width: P, height: P, options: { ...opts, title: "surrogate" } },
          { band: band(diff, "diff"), width: P, height: P, options: { colormap: "diverging", shade, range: [-dmax, dmax], maxSize: 384, title: "surrogate − simulation", units: "depth difference (m), clipped" } },
          { band: band(baseline.slice(a, a + P * P), "base"), width: P, height: P, options: { ...opts, title: "depression baseline" } },
        ],
        { columns: 4, title: `${set.ids[k]} (${o.split})` },
      ),
    );
  }
  return report;
}

function upperQuantile(values: Float32Array, q: number): number {
  return values.length ? percentile(Float64Array.from(values).sort(), q) : 0;
}
