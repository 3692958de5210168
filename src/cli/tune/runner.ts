// One trial as a child process: `node dist/src/cli/main.js <command> --config <trial config>
// --run-dir <trial dir>`, its output in run.log, its metrics file read as it grows so that each
// epoch's value reaches the pruner, and a stop requested through CATCHMENT_STOP_FILE (and SIGINT)
// when the pruner says so; a process that does not stop within the grace period is killed.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const mainJs = resolve(here, "..", "main.js");
const guard = pathToFileURL(join(here, "orphan-guard.js")).href;

export interface ProcessSpec {
  /** Arguments after `node`: the script and its arguments. */
  args: string[];
  runDir: string;
  metricsFile: string;
  stepColumn: string;
  metric: string;
  /** Called for each new (step, value); return true to stop the run (pruned). */
  onValue: (step: number, value: number) => Promise<boolean>;
  pollMs?: number;
  graceMs?: number;
  env?: Record<string, string>;
  /** Checked while the run goes on; true stops it (Ctrl-C of the study). */
  interrupted?: () => boolean;
}

export interface ProcessResult {
  outcome: "complete" | "pruned" | "failed" | "interrupted";
  /** The metric per step, as read. */
  values: Map<number, number>;
  reason?: string;
  exitCode: number | null;
}

/** The capability's own argv for a trial. */
export function trialArgs(command: string[], configPath: string, runDir: string, threads?: number, extra: string[] = []): string[] {
  return ["--import", guard, mainJs, ...(threads ? ["--threads", String(threads)] : []), ...command, "--config", configPath, "--run-dir", runDir, ...extra];
}

/** Rows of a simple CSV (header, no quoting) as step → metric, skipping rows without the metric. */
export function readMetric(path: string, stepColumn: string, metric: string): { values: Map<number, number>; columns: string[] } {
  const values = new Map<number, number>();
  if (!existsSync(path)) return { values, columns: [] };
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return { values, columns: [] };
  const columns = lines[0].split(",").map((c) => c.trim());
  const s = columns.indexOf(stepColumn);
  const m = columns.indexOf(metric);
  if (s < 0 || m < 0) return { values, columns };
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    const step = Number(cells[s]);
    const text = (cells[m] ?? "").trim();
    if (text === "" || !Number.isInteger(step)) continue;
    values.set(step, text.toLowerCase() === "nan" ? NaN : Number(text));
  }
  return { values, columns };
}

function lastLine(path: string): string {
  if (!existsSync(path)) return "";
  const lines = readFileSync(path, "utf8").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.filter((l) => !/ETA|\d+\/\d+ /.test(l)).pop() ?? lines.pop() ?? "";
}

export async function runTrialProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const log = join(spec.runDir, "run.log");
  const stopFile = join(spec.runDir, ".stop");
  rmSync(stopFile, { force: true });
  const fd = openSync(log, "a");
  const child = spawn(process.execPath, spec.args, {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...spec.env, CATCHMENT_STOP_FILE: stopFile },
  });
  closeSync(fd);
  const exited = new Promise<number | null>((r) => child.once("exit", (code, signal) => r(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null))));
  let done = false;
  void exited.then(() => (done = true));
  const seen = new Map<number, number>();
  let stopReason: "pruned" | "interrupted" | null = null;
  let killTimer: NodeJS.Timeout | null = null;
  const requestStop = (why: "pruned" | "interrupted") => {
    if (stopReason) return;
    stopReason = why;
    writeFileSync(stopFile, `${why}\n`);
    child.kill("SIGINT");
    killTimer = setTimeout(() => child.kill("SIGKILL"), spec.graceMs ?? 600_000);
  };
  const metricsPath = join(spec.runDir, spec.metricsFile);
  const poll = async () => {
    const { values } = readMetric(metricsPath, spec.stepColumn, spec.metric);
    for (const [step, value] of [...values].sort((a, b) => a[0] - b[0])) {
      if (seen.has(step)) continue;
      seen.set(step, value);
      if (!stopReason && (await spec.onValue(step, value))) requestStop("pruned");
    }
  };
  while (!done) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, spec.pollMs ?? 1000))]);
    if (spec.interrupted?.()) requestStop("interrupted");
    await poll();
  }
  const code = await exited;
  if (killTimer) clearTimeout(killTimer);
  await poll();
  rmSync(stopFile, { force: true });
  if (stopReason) return { outcome: stopReason, values: seen, exitCode: code };
  if (code !== 0) return { outcome: "failed", values: seen, exitCode: code, reason: `exit code ${code}: ${lastLine(log) || "no output"}` };
  return { outcome: "complete", values: seen, exitCode: code };
}
