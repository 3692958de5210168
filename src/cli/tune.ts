// `catchment tune --config study.yml`: hyperparameter studies over a capability command's config.
import type { Command } from "commander";
import { addCapabilityCommand, numberOption } from "./capability.js";
import { prepareStudy, studyPathKeys, studySchema } from "./tune/study-file.js";
import { runStudy } from "./tune/run-study.js";

export function registerTune(program: Command): void {
  addCapabilityCommand(program, {
    name: "tune",
    description: "tune a capability's config: its command runs once per trial (TPE, pruning on the run's per-epoch metrics); workers and machines can share a study",
    schema: studySchema,
    pathKeys: studyPathKeys,
    common: ["threads", "seed"],
    options: [
      { flags: "--workers <n>", description: "trials running at once in this process (default: the study file's workers, else 1)", parse: numberOption("--workers", { integer: true, min: 1 }) },
      { flags: "--storage <url>", description: "sqlite:<path> (default: <study folder>/study.db) or postgresql://user:pass@host:port/db" },
      { flags: "--trials <n>", description: "the study's number of trials (overrides the study file)", parse: numberOption("--trials", { integer: true, min: 1 }) },
      { flags: "--out <dir>", description: "the study folder (default: the study file's out, else runs/tune/<study name>)" },
    ],
    async run(cfg, ctx) {
      await runStudy(prepareStudy(cfg, ctx.configPath as string, { storageFromOptions: ctx.options.storage !== undefined }));
    },
  });
}
