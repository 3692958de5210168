// What a study leaves in its folder: trials.csv (one row per trial), best_config.yml (the capability
// config of the best trial, ready to run), optimization_history.png and param_importances.png, and the
// one-line summary.
import { join } from "node:path";
import { stringify } from "yaml";
import { externalParams, FrozenTrial, lastStep, parameterImportances, Study } from "../../train/tune/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { writeBarChart, writeLineChart } from "../../viz/chart.js";
import type { StudyFile } from "./study-file.js";
import { trialConfig } from "./trial-config.js";

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? String(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function trialsCsv(trials: readonly FrozenTrial[], names: string[]): string {
  const header = ["number", "state", "value", ...names, "last_step", "duration_s", "run_dir", "fail_reason"];
  const rows = trials.map((t) => {
    const p = externalParams(t);
    const duration = t.start !== null && t.end !== null ? ((t.end - t.start) / 1000).toFixed(1) : "";
    return [t.number, t.state, t.values?.[0], ...names.map((n) => p[n]), lastStep(t), duration, t.userAttrs.run_dir, t.systemAttrs.fail_reason].map(csvCell).join(",");
  });
  return [header.join(","), ...rows].join("\n") + "\n";
}

export function writeTrialsCsv(study: Study, file: StudyFile): void {
  writeFileAtomic(join(file.out as string, "trials.csv"), trialsCsv(study.trials, Object.keys(file.search)));
}

export function summaryLine(study: Study, file: StudyFile): string {
  const trials = study.trials.filter((t) => t.state !== "running" && t.state !== "waiting");
  const pruned = trials.filter((t) => t.state === "pruned").length;
  const complete = trials.filter((t) => t.state === "complete");
  if (complete.length === 0) return `tune: no complete trial yet (${trials.length} trials, ${pruned} pruned)`;
  const best = study.bestTrial;
  const x = (best.values as number[])[0];
  return `tune: best ${file.objective.metric}=${Number(x.toPrecision(4))} at trial ${best.number} of ${trials.length} (${pruned} pruned)`;
}

export function writeOutputs(study: Study, file: StudyFile): string[] {
  const out = file.out as string;
  const written: string[] = [];
  writeTrialsCsv(study, file);
  written.push(join(out, "trials.csv"));
  const complete = study.trials.filter((t) => t.state === "complete" && t.values);
  if (complete.length === 0) return written;
  const best = study.bestTrial;
  const header = `# best trial ${best.number} of study '${study.name}': ${file.objective.metric}=${(best.values as number[])[0]}\n# from ${file.path}\n`;
  writeFileAtomic(join(out, "best_config.yml"), header + stringify(trialConfig(file, externalParams(best))));
  written.push(join(out, "best_config.yml"));
  historyChart(study, file, join(out, "optimization_history.png"));
  written.push(join(out, "optimization_history.png"));
  if (curvesChart(study, file, join(out, "intermediate_values.png"))) written.push(join(out, "intermediate_values.png"));
  if (complete.length >= 2) {
    const imp = parameterImportances(study.trials, { seed: file.seed });
    writeBarChart(join(out, "param_importances.png"), imp.map((r) => ({ label: r.name, value: r.importance })), {
      title: `parameter importance for ${file.objective.metric} (fANOVA, ${complete.length} complete trials)`,
      xLabel: "share of the variance explained",
      format: (v) => v.toFixed(3),
    });
    written.push(join(out, "param_importances.png"));
  }
  return written;
}

function historyChart(study: Study, file: StudyFile, path: string): void {
  const maximize = study.direction === "maximize";
  const finished = study.trials.filter((t) => t.state === "complete" || t.state === "pruned");
  const complete = finished.filter((t) => t.state === "complete" && t.values);
  const pruned = finished.filter((t) => t.state === "pruned" && t.values);
  // the best complete value so far, at every finished trial from the first complete one on
  const bestX: number[] = [];
  const bestY: number[] = [];
  let best = NaN;
  for (const t of finished) {
    if (t.state === "complete") {
      const v = (t.values as number[])[0];
      if (Number.isNaN(best) || (maximize ? v > best : v < best)) best = v;
    }
    if (Number.isNaN(best)) continue;
    bestX.push(t.number);
    bestY.push(best);
  }
  // the best-so-far line first, so that the trials' markers are drawn over it
  const series = [
    { label: "best so far", x: bestX, y: bestY, color: "#d62728", width: 2 },
    { label: "complete trial", x: complete.map((t) => t.number), y: complete.map((t) => (t.values as number[])[0]), color: "#1f77b4", line: false },
  ];
  if (pruned.length) series.push({ label: "pruned (last reported value)", x: pruned.map((t) => t.number), y: pruned.map((t) => (t.values as number[])[0]), color: "#aaaaaa", line: false });
  writeLineChart(path, series, {
    title: `optimisation history: ${study.name} (${maximize ? "maximize" : "minimize"} ${file.objective.metric})`,
    xLabel: "trial",
    yLabel: file.objective.metric,
    integerX: true,
    xRange: [-0.5, Math.max(...finished.map((t) => t.number)) + 0.5],
    legendAt: "auto",
  });
}

/** Every trial's reported values by step (the learning curves the pruner judged): complete trials in blue, pruned in grey. */
function curvesChart(study: Study, file: StudyFile, path: string): boolean {
  const curve = (states: string[]) => {
    const x: number[] = [];
    const y: number[] = [];
    for (const t of study.trials) {
      if (!states.includes(t.state) || t.intermediate.size === 0) continue;
      for (const [step, v] of [...t.intermediate].sort((a, b) => a[0] - b[0])) {
        x.push(step);
        y.push(v);
      }
      // a gap between trials lifts the pen
      x.push(NaN);
      y.push(NaN);
    }
    return { x, y };
  };
  const done = curve(["complete"]);
  const pruned = curve(["pruned"]);
  if (done.y.length + pruned.y.length === 0) return false;
  const series = [
    { label: "pruned trials", ...pruned, color: "#aaaaaa" },
    { label: "complete trials", ...done, color: "#1f77b4" },
  ].filter((s) => s.y.length > 0);
  const steps = [...done.x, ...pruned.x].filter(Number.isFinite);
  writeLineChart(path, series, {
    title: `${file.objective.metric} by ${file.tunable.stepColumn}, every trial (${study.name})`,
    xLabel: file.tunable.stepColumn,
    yLabel: file.objective.metric,
    integerX: true,
    xRange: [Math.min(...steps) - 0.3, Math.max(...steps) + 0.3],
    legendAt: "auto",
  });
  return true;
}
