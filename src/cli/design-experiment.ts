// `catchment design experiment`: seed 002's experiments on a dataset's most flooded test patches.
import type { Command } from "commander";
import { resolve } from "node:path";
import { z } from "zod";
import { runExperiment } from "../design/experiment/run.js";
import { VARIANTS } from "../design/experiment/plan.js";
import { addCapabilityCommand, listOption, numberOption } from "./capability.js";

/** "original=runs/a/model,expanded=runs/b/model" → {original: …, expanded: …} */
function parseModels(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const m = /^([A-Za-z0-9_-]+)=(.+)$/.exec(item);
    if (!m) throw new Error(`--models: expected name=model_dir[,name=model_dir …], got '${item}'`);
    out[m[1]] = resolve(m[2]);
  }
  return out;
}

export function registerDesignExperiment(design: Command): void {
  addCapabilityCommand(design, {
    name: "experiment",
    description: "seed 002's experiments: the most flooded test patches of a dataset designed one-step and iteratively by each model, every design re-simulated; writes indicators.csv, summary.json (medians) and indicators.png (box plots)",
    schema: z
      .object({
        dataset: z.string(),
        cases: z.number().int().min(1).default(50),
        models: z.array(z.string()).min(1),
        variants: z.array(z.string()).default(Object.keys(VARIANTS)),
        workers: z.number().int().min(1).optional(),
        out: z.string(),
      })
      .strict(),
    config: "none",
    pathKeys: ["dataset", "out"],
    options: [
      { flags: "--dataset <dir>", description: "a surrogate dataset (its test split)" },
      { flags: "--cases <n>", description: "test patches, the most flooded first (default 50)", parse: numberOption("--cases", { integer: true, min: 1 }) },
      { flags: "--models <list>", description: "name=model_dir pairs, e.g. original=runs/surrogate/original/model,expanded=runs/surrogate/expanded/model", parse: listOption },
      { flags: "--variants <list>", description: `any of ${Object.keys(VARIANTS).join(", ")} (default all)`, parse: listOption },
      { flags: "--workers <n>", description: "jobs at once, one process each (default: all cores)", parse: numberOption("--workers", { integer: true, min: 1 }) },
      { flags: "--out <dir>", description: "the experiment folder (resumable)" },
    ],
    async run(o) {
      const r = await runExperiment({ dataset: o.dataset, cases: o.cases, models: parseModels(o.models), variants: o.variants, out: o.out, workers: o.workers, progress: true });
      console.log(`${r.out}: ${r.results.length} designs`);
      const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : "n/a");
      for (const [k, m] of Object.entries(r.medians))
        console.log(`${k.padEnd(32)} median relative change of mean HR ${pct(m.mean_hr_rel_diff)} (predicted ${pct(m.predicted_mean_hr_rel_diff)}), IoU HR>0.1 ${m.iou_hr01?.toFixed(3)}, IoU HR>0.5 ${m.iou_hr05?.toFixed(3)}`);
      if (r.failed.length) throw new Error(`${r.failed.length} jobs failed, first ${r.failed[0].id}: ${r.failed[0].error}`);
    },
  });
}
