// `catchment design experiment`: plan (or re-read) the jobs, run those without a result in worker
// processes (resumable: results/<job>.json), then the indicator table (CSV), medians per variant and
// model, and box plots like seed 002's Figure 7.
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { Interrupted, watchInterrupt } from "../../util/interrupt.js";
import { runPool } from "../../util/process-pool.js";
import { toCsv } from "../../util/table.js";
import { progressBar } from "../../train/progress.js";
import { renderBoxPlots, BoxPanel } from "../../viz/boxplot.js";
import { median } from "../../metrics/index.js";
import { planExperiment, ExperimentPlan } from "./plan.js";
import { JobResult } from "./job.js";

const workerScript = join(dirname(fileURLToPath(import.meta.url)), "worker.js");

export interface ExperimentOptions {
  dataset: string;
  cases: number;
  models: Record<string, string>;
  variants: string[];
  out: string;
  workers?: number;
  progress?: boolean;
}

export interface ExperimentReport {
  out: string;
  results: JobResult[];
  medians: Record<string, Record<string, number>>;
  failed: { id: string; error: string }[];
}

const INDICATORS: [string, string][] = [
  ["mean_hr_diff", "difference in mean HR"],
  ["mean_hr_rel_diff", "relative difference in mean HR"],
  ["size_diff_hr01", "size difference, HR > 0.1 (cells)"],
  ["rel_size_diff_hr01", "relative size difference, HR > 0.1"],
  ["size_diff_hr05", "size difference, HR > 0.5 (cells)"],
  ["rel_size_diff_hr05", "relative size difference, HR > 0.5"],
  ["iou_hr01", "IoU of HR > 0.1 areas"],
  ["iou_hr05", "IoU of HR > 0.5 areas"],
];

function openPlan(o: ExperimentOptions): ExperimentPlan {
  const path = join(o.out, "plan.json");
  const fresh = planExperiment(o.dataset, o.cases, o.models, o.variants);
  if (existsSync(path)) {
    const old = JSON.parse(readFileSync(path, "utf8")) as ExperimentPlan;
    if (JSON.stringify(old) !== JSON.stringify(fresh)) throw new Error(`${path}: the experiment in this folder has other cases, models or variants; use the same options or another --out`);
  } else writeFileAtomic(path, JSON.stringify(fresh, null, 1) + "\n");
  return fresh;
}

export async function runExperiment(o: ExperimentOptions): Promise<ExperimentReport> {
  mkdirSync(join(o.out, "results"), { recursive: true });
  const plan = openPlan(o);
  const done = new Set(readdirSync(join(o.out, "results")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)));
  const pending = plan.jobs.filter((j) => !done.has(j.id)).map((j) => j.id);
  const failed: { id: string; error: string }[] = [];
  const bar = o.progress ? progressBar("design experiment", pending.length) : null;
  const interrupt = watchInterrupt("stopping after the jobs under way");
  let finished = 0;
  try {
    await runPool<JobResult>(workerScript, pending, { workers: o.workers ?? availableParallelism(), init: { plan, out: o.out }, stopRequested: () => interrupt.requested }, (r) => {
      finished++;
      if (!r.ok) failed.push({ id: r.id, error: r.error });
      bar?.update(finished, r.ok ? { last: `${r.result.job.variant} ${(100 * r.result.simulated.mean_hr_rel_diff).toFixed(0)} %` } : {});
    });
  } finally {
    bar?.stop();
    interrupt.release();
  }
  if (interrupt.requested) throw new Interrupted(`interrupted after ${finished} of ${pending.length} jobs; run the same command again to continue`);
  const results = plan.jobs.filter((j) => existsSync(join(o.out, "results", `${j.id}.json`))).map((j) => JSON.parse(readFileSync(join(o.out, "results", `${j.id}.json`), "utf8")) as JobResult);
  return { out: o.out, results, medians: writeTables(o.out, plan, results), failed };
}

function writeTables(out: string, plan: ExperimentPlan, results: JobResult[]): Record<string, Record<string, number>> {
  const keys = INDICATORS.map(([k]) => k);
  const f = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "");
  writeFileAtomic(
    join(out, "indicators.csv"),
    toCsv(
      ["patch", "model", "variant", ...keys, "mean_hr_before", "mean_hr_after", "mean_hr_outside_before", "mean_hr_outside_after", "predicted_mean_hr_rel_diff", "iterations", "cut_m3", "fill_m3", "max_abs_change_m", "constraints_hold"],
      results.map((r) => [
        r.job.patch,
        r.job.model,
        r.job.variant,
        ...keys.map((k) => f(r.simulated[k])),
        f(r.simulated.mean_hr_before),
        f(r.simulated.mean_hr_after),
        f(r.simulated.mean_hr_outside_before),
        f(r.simulated.mean_hr_outside_after),
        f(r.predicted.mean_hr_rel_diff),
        r.iterations,
        f(r.cut_m3),
        f(r.fill_m3),
        f(r.max_abs_change_m),
        String(r.constraints_hold),
      ]),
    ),
  );
  const groups = Object.keys(plan.models).flatMap((model) => plan.variants.map((variant) => ({ model, variant, label: `${variant}\n${model}`, rs: results.filter((r) => r.job.model === model && r.job.variant === variant) })));
  const medians: Record<string, Record<string, number>> = {};
  for (const g of groups) medians[`${g.variant}/${g.model}`] = Object.fromEntries([...keys, "predicted_mean_hr_rel_diff"].map((k) => [k, median(g.rs.map((r) => (k === "predicted_mean_hr_rel_diff" ? r.predicted.mean_hr_rel_diff : r.simulated[k])))]));
  writeFileAtomic(join(out, "summary.json"), JSON.stringify({ cases: plan.cases.length, jobs: results.length, medians }, null, 2) + "\n");
  const panels: BoxPanel[] = INDICATORS.map(([k, title]) => ({ title, reference: 0, groups: groups.map((g) => ({ label: g.label, values: g.rs.map((r) => r.simulated[k]) })) }));
  writeFileAtomic(join(out, "indicators.png"), renderBoxPlots(panels, { columns: 2, title: `Design indicators by simulation, ${plan.cases.length} test patches (seed 002, Figure 7)`, panelWidth: 150 + 95 * groups.length }));
  return medians;
}
