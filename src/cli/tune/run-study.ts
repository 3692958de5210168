// `catchment tune`: opens (or creates) the study in its storage, runs trials of the capability
// command as child processes — `workers` at a time — until the study has its number of trials, then
// writes the outputs and the summary line. Several `catchment tune` processes (on one machine with
// SQLite, on several with PostgreSQL) can share one study. Ctrl-C stops the running trials (they end
// failed, "interrupted") and a later run continues the study.
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import {
  createStudy,
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  PercentilePruner,
  Pruner,
  RandomSampler,
  Sampler,
  Study,
  SuccessiveHalvingPruner,
  TPESampler,
  Trial,
  TrialPruned,
  FrozenTrial,
  externalParams,
  lastStep,
} from "../../train/tune/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { Interrupted } from "../../util/interrupt.js";
import { progressBar } from "../../train/progress.js";
import type { StudyFile } from "./study-file.js";
import { trialConfig } from "./trial-config.js";
import { runTrialProcess, trialArgs } from "./runner.js";
import { summaryLine, writeOutputs, writeTrialsCsv } from "./outputs.js";

function makeSampler(f: StudyFile): Sampler {
  const s = f.sampler;
  if (s.name === "random") return new RandomSampler({ seed: f.seed });
  return new TPESampler({
    seed: f.seed,
    nStartupTrials: s.n_startup_trials,
    nEiCandidates: s.n_ei_candidates,
    multivariate: s.multivariate,
    // other workers' running trials count as bad ones, so workers spread out; alone, a worker's only
    // running trial is the one being sampled, which has no parameters yet, so this changes nothing
    constantLiar: s.constant_liar ?? true,
  });
}

function makePruner(f: StudyFile): Pruner {
  const p = f.pruner;
  const common = { nStartupTrials: p.n_startup_trials, nWarmupSteps: p.n_warmup_steps, intervalSteps: p.interval_steps };
  switch (p.name) {
    case "none":
      return new NopPruner();
    case "median":
      return new MedianPruner(common);
    case "percentile":
      return new PercentilePruner(p.percentile ?? 25, common);
    case "successive_halving":
      return new SuccessiveHalvingPruner({ minResource: p.min_resource ?? "auto", reductionFactor: p.reduction_factor ?? 3 });
    case "hyperband":
      return new HyperbandPruner({ minResource: p.min_resource ?? 1, maxResource: p.max_resource ?? "auto", reductionFactor: p.reduction_factor ?? 3 });
  }
}

const pad = (n: number) => String(n).padStart(4, "0");
const fmt = (v: number | undefined) => (v === undefined ? "n/a" : String(Number(v.toPrecision(4))));

export interface StudyRunOptions {
  /** How often a trial's metrics file is read (ms). */
  pollMs?: number;
  heartbeat?: { intervalMs: number; timeoutMs: number };
}

export async function runStudy(f: StudyFile, o: StudyRunOptions = {}): Promise<void> {
  const out = f.out as string;
  mkdirSync(out, { recursive: true });
  const storage = f.storage ?? `sqlite:${join(out, "study.db")}`;
  const study = await createStudy({ name: f.studyName, storage, direction: f.direction, sampler: makeSampler(f), pruner: makePruner(f), loadIfExists: true, seed: f.seed, heartbeat: o.heartbeat });
  try {
    await optimizeStudy(study, f, o);
  } finally {
    await study.close();
  }
}

async function optimizeStudy(study: Study, f: StudyFile, o: StudyRunOptions): Promise<void> {
  const out = f.out as string;
  const threads = f.threads ?? Math.max(1, Math.floor(cpus().length / f.workers));
  const maximize = f.direction === "maximize";
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write("\ntune: stopping the running trials (Ctrl-C again to quit at once)\n");
  };
  process.on("SIGINT", onSigint);
  const counted = () => study.trials.filter((t) => t.state === "complete" || t.state === "pruned").length;
  const bar = progressBar(`tune ${f.studyName}`, f.trials);
  bar.update(Math.min(counted(), f.trials));
  let failuresInARow = 0;
  let lastFailure = "";

  const objective = async (trial: Trial): Promise<number> => {
    const params = Object.fromEntries(Object.entries(f.search).map(([k, d]) => [k, trial.suggest(k, d)]));
    const runDir = join(out, `trial_${pad(trial.number)}`);
    mkdirSync(runDir, { recursive: true });
    const configPath = join(runDir, "trial_config.yml");
    writeFileAtomic(configPath, `# trial ${trial.number} of study '${study.name}' (${f.path})\n` + stringify(trialConfig(f, params)));
    trial.setUserAttr("run_dir", runDir);
    await trial.flush();
    const r = await runTrialProcess({
      args: trialArgs(f.tunable.argv, configPath, runDir, threads),
      runDir,
      metricsFile: f.tunable.metricsFile,
      stepColumn: f.tunable.stepColumn,
      metric: f.objective.metric,
      pollMs: o.pollMs,
      interrupted: () => interrupted,
      onValue: async (step, value) => {
        trial.report(value, step);
        await trial.flush();
        return trial.shouldPrune();
      },
    });
    if (r.outcome === "pruned") throw new TrialPruned(`pruned at ${f.tunable.stepColumn} ${lastStep(trial.snapshot())}`);
    if (r.outcome === "interrupted") throw new Interrupted("interrupted");
    if (r.outcome === "failed") throw new Error(r.reason);
    const values = [...r.values.values()].filter((v) => !Number.isNaN(v));
    if (values.length === 0) throw new Error(`the run finished without writing ${f.objective.metric} to ${join(runDir, f.tunable.metricsFile)}`);
    if (f.objective.value === "last") return [...r.values.entries()].sort((a, b) => a[0] - b[0]).pop()?.[1] as number;
    return maximize ? Math.max(...values) : Math.min(...values);
  };

  const report = (t: FrozenTrial) => {
    const name = f.objective.metric;
    let line = `trial ${t.number}: ${t.state}`;
    if (t.state === "complete") line += `, ${name}=${fmt(t.values?.[0])}`;
    if (t.state === "pruned") line += ` at ${f.tunable.stepColumn} ${lastStep(t)} (${name}=${fmt(t.values?.[0])})`;
    if (t.state === "failed") line += `: ${t.systemAttrs.fail_reason ?? "unknown reason"}`;
    line += `  ${JSON.stringify(externalParams(t))}`;
    if (study.trials.some((x) => x.state === "complete")) line += `  best so far ${fmt(study.bestValue)} (trial ${study.bestTrial.number})`;
    process.stdout.write((process.stderr.isTTY ? "\n" : "") + line + "\n");
  };

  try {
    await study.optimize(objective, {
      maxTrials: f.trials,
      workers: f.workers,
      timeout: f.timeout,
      catch: true,
      stop: () => interrupted || (failuresInARow >= 3 && !study.trials.some((t) => t.state === "complete")),
      onStaleTrials: (numbers) => {
        for (const n of numbers) process.stdout.write(`trial ${n}: failed: its worker stopped beating (killed?); another trial takes its place\n`);
      },
      callbacks: [
        (s, t) => {
          writeTrialsCsv(s, f);
          if (t.state === "failed") {
            failuresInARow++;
            lastFailure = String(t.systemAttrs.fail_reason ?? "");
          } else failuresInARow = 0;
          report(t);
          bar.update(Math.min(counted(), f.trials), study.trials.some((x) => x.state === "complete") ? { best: fmt(study.bestValue) } : {});
        },
      ],
    });
  } finally {
    bar.stop();
    process.off("SIGINT", onSigint);
  }
  await study.refresh();
  const written = writeOutputs(study, f);
  console.log(`study folder: ${out}`);
  for (const w of written.slice(1)) console.log(`  ${w}`);
  if (interrupted) throw new Interrupted(`interrupted; run the same command again to continue the study (${counted()} of ${f.trials} trials done)`);
  if (failuresInARow >= 3 && !study.trials.some((t) => t.state === "complete")) throw new Error(`the first ${failuresInARow} trials failed; the last: ${lastFailure}`);
  console.log(summaryLine(study, f));
}
