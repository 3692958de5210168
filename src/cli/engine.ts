import type { Command } from "commander";
import { buildConfig, cudaAvailable, getNumThreads } from "../torch/index.js";
import { applyThreads } from "./threads.js";

export function registerEngine(program: Command): void {
  const engine = program.command("engine").description("the libtorch engine");
  engine
    .command("info")
    .description("threads, CUDA and how the linked libtorch was built")
    .option("--json", "one JSON object")
    .action(function (this: Command, o: { json?: boolean }) {
      applyThreads(this);
      const info = { threads: getNumThreads(), cuda: cudaAvailable(), openblasCoretype: process.env.OPENBLAS_CORETYPE ?? null, build: buildConfig().trim() };
      if (o.json) console.log(JSON.stringify(info));
      else console.log(`threads: ${info.threads}\ncuda: ${info.cuda}\nOPENBLAS_CORETYPE: ${info.openblasCoretype ?? "(auto)"}\n${info.build}`);
    });
}
