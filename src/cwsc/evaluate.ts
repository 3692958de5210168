// `catchment cwsc evaluate`: R², RMSE and bias of every split's network in a train run, on its
// training and test groups, and the calibration behind the labels (median KGE, basins, masked).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateConfig } from "../util/config.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { median } from "../metrics/index.js";
import { readRunConfig } from "./run-dir.js";
import { trainSchema } from "./train-config.js";
import { loadTrainingData, metricsCsv, scoreSplit, SplitResult } from "./train.js";
import { loadModel } from "./model-file.js";
import { normalizeStack } from "./patches.js";
import { GroupSplit, SplitKind } from "./split.js";
import type { CalibrationSummary } from "./calibration/calibrate.js";

export interface EvaluationResult {
  splits: SplitResult[];
  medianKge: number;
  basins: number;
  masked: number;
  line: string;
}

export function evaluateRun(runDir: string, device: string): EvaluationResult {
  const cfg = validateConfig(join(runDir, "config.yml"), readRunConfig(runDir), trainSchema);
  const { stack, labels } = loadTrainingData(cfg, join(runDir, "config.yml"));
  const index = new Map(labels.groups.map((g, i) => [g.id, i]));
  const splits: SplitResult[] = [];
  for (const kind of cfg.splits) {
    const dir = join(runDir, kind);
    if (!existsSync(join(dir, "model.json"))) throw new Error(`${dir}: no trained model (model.json); train the run first`);
    const { net, info } = loadModel(dir, device);
    const ids = (list: string[]) =>
      list.map((id) => {
        const i = index.get(id);
        if (i === undefined) throw new Error(`${join(dir, "model.json")}: group '${id}' is not among the labels any more; were the labels recalibrated?`);
        return i;
      });
    const split: GroupSplit = { kind: kind as SplitKind, train: ids(info.train_groups), test: ids(info.test_groups), excluded: [], testBlocks: [] };
    const s = scoreSplit(net, info, normalizeStack(stack, info.normalization), labels.groups, split, device, dir);
    splits.push({ kind: kind as SplitKind, dir, split, ...s });
  }
  writeFileAtomic(join(runDir, "evaluation.csv"), metricsCsv(splits));
  let medianKge: number;
  let basins: number;
  if ("calibration" in cfg.labels && existsSync(join(cfg.labels.calibration, "summary.json"))) {
    const s = JSON.parse(readFileSync(join(cfg.labels.calibration, "summary.json"), "utf8")) as CalibrationSummary;
    medianKge = s.median_joint_kge ?? s.median_best_single_kge;
    basins = s.basins;
  } else {
    medianKge = median(labels.groups.map((g) => g.kge).filter(Number.isFinite));
    basins = labels.groups.length + labels.masked + labels.offLand.length;
  }
  const r2 = (k: string) => splits.find((s) => s.kind === k)?.test.r2;
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "nan" : v.toFixed(3));
  const line = `cwsc: r2_random=${fmt(r2("random"))} r2_blocked=${fmt(r2("blocked"))} median_kge=${fmt(medianKge)} basins=${basins} masked=${labels.masked}`;
  return { splits, medianKge, basins, masked: labels.masked, line };
}
