import type { Command } from "commander";
import { loadStudyFile } from "./tune/study-file.js";
import { runStudy } from "./tune/run-study.js";

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number ≥ 1, got '${v}'`);
  return n;
}

export function registerTune(program: Command): void {
  program
    .command("tune")
    .description("tune a capability's config: runs its command once per trial (TPE, pruning on per-epoch metrics), several workers and machines can share a study")
    .requiredOption("--config <file>", "study file (YAML): command, config, search space, objective, trials")
    .option("--workers <n>", "trials running at once in this process (default: the study file's workers, else 1)")
    .option("--storage <url>", "sqlite:<path> (default: <study folder>/study.db) or postgresql://user:pass@host:port/db")
    .option("--trials <n>", "the study's number of trials (overrides the study file)")
    .option("--out <dir>", "the study folder (default: the study file's out, else runs/tune/<study name>)")
    .action(async (o: { config: string; workers?: string; storage?: string; trials?: string; out?: string }) => {
      const file = loadStudyFile(o.config, { workers: positiveInt("--workers", o.workers), trials: positiveInt("--trials", o.trials), storage: o.storage, out: o.out });
      await runStudy(file);
    });
}
