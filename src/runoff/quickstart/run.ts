// Trains the quickstart LSTM, evaluates it on the test period against the benchmark simulation,
// and writes the run folder: config.yml, normalization.json, loss.csv, checkpoints/, model.safetensors,
// predictions_test.csv, metrics.json, loss_curve.png, hydrograph_test.png.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import { getNumThreads, losses, manualSeed, noGrad, optim, saveSafetensors, tensor, tidy, Tensor } from "../../torch/index.js";
import { fit } from "../../train/trainer.js";
import { writeLineChart } from "../../viz/chart.js";
import { nse, kge } from "../../metrics/hydrology.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { toCsv } from "../../util/csv.js";
import { dayNumber } from "../../util/dates.js";
import { shuffled } from "../../util/random.js";
import { catchmentVersion, gitCommit } from "../../util/run-info.js";
import { LSTMRegressor } from "../models/lstm.js";
import { QuickstartConfig } from "./config.js";
import { BasinSeries, Normalization, fitNormalization, indexOfDate, loadBasin, normalizedInputs, sampleEnds } from "./data.js";

export interface QuickstartResult {
  runDir: string;
  epochs: number;
  nseModel: number;
  nseBenchmark: number | null;
  kgeModel: number;
}

function windows(x: Float32Array, F: number, ends: number[], L: number): Tensor {
  const out = new Float32Array(ends.length * L * F);
  ends.forEach((end, b) => out.set(x.subarray((end - L + 1) * F, (end + 1) * F), b * L * F));
  return tensor(out, [ends.length, L, F]);
}

export function runQuickstart(cfg: QuickstartConfig, configPath: string, runDir: string, resume: boolean): QuickstartResult {
  const dataPath = resolve(dirname(configPath), cfg.data);
  const series: BasinSeries = loadBasin(cfg, dataPath);
  if (!resume && existsSync(join(runDir, "checkpoints", "latest.json")))
    throw new Error(`${runDir}: already holds a run; pass --resume to continue it or choose another --out`);
  mkdirSync(runDir, { recursive: true });
  const norm: Normalization = fitNormalization(cfg, series);
  writeFileAtomic(
    join(runDir, "config.yml"),
    stringify({ ...cfg, data: dataPath, catchment_version: catchmentVersion(), git_commit: gitCommit(), threads: getNumThreads() }),
  );
  writeFileAtomic(join(runDir, "normalization.json"), JSON.stringify(norm, null, 2) + "\n");

  const F = cfg.dynamic_inputs.length;
  const L = cfg.seq_length;
  const x = normalizedInputs(series, norm);
  const y = Float32Array.from(series.target, (v) => (v - norm.target.mean) / norm.target.std);
  const trainEnds = sampleEnds(series, L, indexOfDate(series, cfg.train_start_date), indexOfDate(series, cfg.train_end_date), true);
  if (trainEnds.length === 0) throw new Error(`${configPath}: the training period has no sample with ${L} days of inputs and an observed target`);

  manualSeed(cfg.seed); // initial weights
  const model = new LSTMRegressor(F, cfg.hidden_size, cfg.output_dropout, 3);
  const optimizer = new optim.Adam(model.parameters(), { lr: cfg.learning_rate });
  // NSE loss in normalized units: the basin's σ of the normalized target is 1
  const sigma = tensor([1]);
  const history = fit<number[]>({
    model,
    optimizer,
    epochs: cfg.epochs,
    seed: cfg.seed,
    runDir,
    resume,
    label: "quickstart",
    batches: (epoch) => {
      const order = shuffled(trainEnds, cfg.seed * 1000 + epoch);
      const out: number[][] = [];
      for (let i = 0; i < order.length; i += cfg.batch_size) out.push(order.slice(i, i + cfg.batch_size));
      return out;
    },
    loss: (ends) => {
      const target = tensor(Float32Array.from(ends, (e) => y[e]), [ends.length, 1]);
      return losses.nseLoss(model.forward(windows(x, F, ends, L)), target, sigma.expand(ends.length, 1));
    },
    beforeStep: cfg.clip_gradient_norm ? () => optim.clipGradNorm_(model.parameters(), cfg.clip_gradient_norm as number) : undefined,
  });
  saveSafetensors(join(runDir, "model.safetensors"), model.stateDict(), { model: "LSTMRegressor", epochs: String(history.length) });

  // evaluation on the test period
  model.eval();
  const testEnds = sampleEnds(series, L, indexOfDate(series, cfg.test_start_date), indexOfDate(series, cfg.test_end_date), false);
  const predicted = new Float64Array(testEnds.length);
  noGrad(() => {
    for (let i = 0; i < testEnds.length; i += 256) {
      const ends = testEnds.slice(i, i + 256);
      const out = tidy(() => model.forward(windows(x, F, ends, L)).toFloat64Array());
      out.forEach((v, k) => (predicted[i + k] = Math.max(v * norm.target.std + norm.target.mean, 0)));
    }
  });
  const observed = Float64Array.from(testEnds, (e) => series.target[e]);
  const bench = cfg.benchmark ? series.table.values.get(cfg.benchmark) : undefined;
  if (cfg.benchmark && !bench) throw new Error(`${dataPath}: no benchmark column '${cfg.benchmark}'`);
  const benchmark = bench ? Float64Array.from(testEnds, (e) => bench[e]) : null;
  const result: QuickstartResult = {
    runDir,
    epochs: history.length,
    nseModel: nse(predicted, observed),
    nseBenchmark: benchmark ? nse(benchmark, observed) : null,
    kgeModel: kge(predicted, observed),
  };
  writeFileAtomic(join(runDir, "metrics.json"), JSON.stringify({ period: "test", ...result, runDir: undefined }, null, 2) + "\n");
  writeFileAtomic(
    join(runDir, "predictions_test.csv"),
    toCsv(["date", "observed", "simulated", ...(benchmark ? ["benchmark"] : [])], testEnds.map((e, i) => [series.dates[e], observed[i], predicted[i].toFixed(4), ...(benchmark ? [benchmark[i]] : [])])),
  );

  writeLineChart(join(runDir, "loss_curve.png"), [{ label: "training loss (NSE loss)", x: history.map((h) => h.epoch), y: history.map((h) => h.train_loss) }], {
    title: "Training loss",
    integerX: true,
    xLabel: "epoch",
    yLabel: "loss",
  });
  const days = testEnds.map((e) => dayNumber(series.dates[e]));
  const isoOf = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 7);
  writeLineChart(
    join(runDir, "hydrograph_test.png"),
    [
      { label: "observed", x: days, y: observed, color: "#111111", width: 1.4 },
      { label: `LSTM (NSE ${result.nseModel.toFixed(2)})`, x: days, y: predicted, color: "#1f77b4" },
      ...(benchmark ? [{ label: `SAC-SMA (NSE ${(result.nseBenchmark as number).toFixed(2)})`, x: days, y: benchmark, color: "#d62728", width: 1.1 }] : []),
    ],
    { title: `Test period ${cfg.test_start_date} … ${cfg.test_end_date}`, xLabel: "date", yLabel: "runoff (mm/day)", width: 1200, xTickFormat: isoOf },
  );
  return result;
}
