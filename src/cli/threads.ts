import type { Command } from "commander";
import { setNumThreads } from "../torch/index.js";

/** Applies the global --threads option, if given. */
export function applyThreads(cmd: Command): void {
  const t = cmd.optsWithGlobals<{ threads?: string }>().threads;
  if (t === undefined) return;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--threads: expected a whole number ≥ 1, got '${t}'`);
  setNumThreads(n);
}
