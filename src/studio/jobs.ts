// Design and simulation jobs: each runs in its own worker process (src/studio/worker/job.ts), its
// events kept and passed on to the session's listeners. A design is stopped by its stop file (it
// ends after the current iteration and keeps the design so far); a simulation check by ending its
// process.
import { ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JobEvent, DesignJobSpec } from "./design-job.js";
import type { CheckJobSpec } from "./check-job.js";

const script = join(dirname(fileURLToPath(import.meta.url)), "worker", "job.js");

export type JobState = "running" | "done" | "failed" | "cancelled";

export interface Job {
  id: string;
  kind: "design" | "check";
  dir: string;
  state: JobState;
  started: number;
  /** the design a check belongs to */
  design?: string;
  cancelRequested: boolean;
  /** the latest progress (started, iteration, phase, status) and the final event */
  last: JobEvent | null;
  /** every event but the iterations */
  history: JobEvent[];
  /** the iterations so far, for a page that connects late */
  iterations: { iteration: number; objective: number; cut_m3: number; fill_m3: number }[];
  result?: Record<string, unknown>;
  error?: string;
}

export type JobListener = (job: Job, event: JobEvent | { type: "cancelled" } | { type: "cancelling" }) => void;

export class JobRunner {
  private children = new Map<string, ChildProcess>();

  constructor(private readonly o: { threads: number }) {}

  start(job: Job, message: { kind: "design"; spec: DesignJobSpec } | { kind: "check"; spec: CheckJobSpec }, listener: JobListener): void {
    mkdirSync(job.dir, { recursive: true });
    const child = fork(script, [], {
      env: { ...process.env, CATCHMENT_THREADS: String(this.o.threads), OMP_NUM_THREADS: String(this.o.threads) },
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    this.children.set(job.id, child);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on("message", (e: JobEvent | { type: "exit" }) => {
      if (e.type === "exit" || job.state !== "running") return;
      if (e.type === "done") {
        job.state = "done";
        job.result = e.result;
      } else if (e.type === "failed") {
        job.state = "failed";
        job.error = e.error;
      }
      if (e.type === "iteration") job.iterations.push({ iteration: e.iteration, objective: e.objective, cut_m3: e.cut_m3, fill_m3: e.fill_m3 });
      else job.history.push(e);
      job.last = e;
      listener(job, e);
    });
    child.on("exit", (code, signal) => {
      this.children.delete(job.id);
      if (job.state !== "running") return;
      if (job.cancelRequested) {
        job.state = "cancelled";
        listener(job, { type: "cancelled" });
        return;
      }
      job.state = "failed";
      job.error = `the job's worker ended (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim().split("\n").pop()}` : ""}`;
      listener(job, { type: "failed", error: job.error });
    });
    child.send(message);
  }

  /** Asks a running job to stop: a design after its current iteration, a check at once. */
  cancel(job: Job, listener: JobListener): void {
    if (job.state !== "running" || job.cancelRequested) return;
    job.cancelRequested = true;
    listener(job, { type: "cancelling" });
    if (job.kind === "design") {
      writeFileSync(join(job.dir, ".stop"), "");
      // a design that is still being prepared or written ends in a minute at most
      const t = setTimeout(() => this.children.get(job.id)?.kill("SIGKILL"), 60_000);
      t.unref();
    } else this.children.get(job.id)?.kill("SIGKILL");
  }

  stopAll(): void {
    for (const c of this.children.values()) c.kill("SIGKILL");
  }
}

export function jobFolder(sessionDir: string, id: string): string {
  return join(sessionDir, "jobs", id);
}

