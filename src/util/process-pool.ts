// Jobs run in worker processes, one at a time per worker, with one thread each by default: the
// parent hands out the next job when a worker reports, stops handing out when asked (Ctrl-C), and
// reports a job whose worker died as failed. The worker side is serveJobs().
import { fork } from "node:child_process";

export type JobReply<R> = { ok: true; id: string; result: R } | { ok: false; id: string; error: string };

export interface PoolOptions {
  workers: number;
  /** sent to every worker before its first job */
  init: unknown;
  env?: Record<string, string>;
  stopRequested?: () => boolean;
}

export function runPool<R>(script: string, ids: string[], o: PoolOptions, onReply: (r: JobReply<R>) => void): Promise<void> {
  const queue = [...ids];
  return new Promise((resolve, reject) => {
    let alive = 0;
    let failedToStart: Error | null = null;
    const n = Math.max(1, Math.min(o.workers, queue.length));
    for (let k = 0; k < n; k++) {
      const w = fork(script, [], { env: { ...process.env, CATCHMENT_THREADS: "1", OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", ...o.env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
      alive++;
      let current: string | null = null;
      const next = () => {
        current = o.stopRequested?.() ? null : (queue.shift() ?? null);
        w.send(current === null ? { type: "stop" } : { type: "job", id: current });
      };
      w.on("message", (msg: { type: string; id?: string; result?: R; error?: string }) => {
        if (msg.type === "done") onReply({ ok: true, id: msg.id as string, result: msg.result as R });
        else if (msg.type === "failed") onReply({ ok: false, id: msg.id as string, error: msg.error as string });
        next();
      });
      w.on("exit", (code) => {
        alive--;
        if (current !== null) onReply({ ok: false, id: current, error: `the worker exited (code ${code}) while running it` });
        current = null;
        if (alive === 0) (failedToStart ? reject(failedToStart) : resolve());
      });
      w.on("error", (e) => (failedToStart = e));
      w.send({ type: "init", init: o.init });
    }
  });
}

/** The worker side: `setup` once with the init message, then `run` for every job until told to stop. */
export function serveJobs<S, R>(setup: (init: unknown) => S, run: (state: S, id: string) => R): void {
  let state: S | null = null;
  process.on("message", (msg: { type: "init"; init: unknown } | { type: "job"; id: string } | { type: "stop" }) => {
    if (msg.type === "init") {
      try {
        state = setup(msg.init);
        process.send?.({ type: "ready" });
      } catch (e) {
        process.stderr.write(`worker: ${(e as Error).message}\n`);
        process.exit(1);
      }
    } else if (msg.type === "job") {
      try {
        process.send?.({ type: "done", id: msg.id, result: run(state as S, msg.id) });
      } catch (e) {
        process.send?.({ type: "failed", id: msg.id, error: (e as Error).message });
      }
    } else process.exit(0);
  });
  // Ctrl-C and SIGTERM reach the whole process group: the parent decides when workers stop, and a
  // worker whose parent is gone stops too
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  process.on("disconnect", () => process.exit(0));
}
