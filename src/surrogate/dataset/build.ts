// `catchment surrogate dataset`: plan (or re-read) the dataset, then simulate the patches still
// missing, many at once (one process per worker, one thread each) or one at a time on several
// threads. A killed build continues where it stopped; `shard` splits the patches among machines.
import { fork } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { availableParallelism } from "node:os";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { Interrupted, watchInterrupt } from "../../util/interrupt.js";
import { progressBar } from "../../train/progress.js";
import { DatasetConfig } from "./config.js";
import { planDataset } from "./plan.js";
import { isSimulated, Manifest, manifestPath, readManifest } from "./manifest.js";
import { PatchResult, simulatePatch } from "./simulate-patch.js";

export interface BuildOptions {
  /** simulations at once; each a process with one thread (default: all cores) */
  workers?: number;
  /** threads per simulation when workers = 1 (threads over rows instead of patches at once) */
  threads?: number;
  /** [i, n]: this machine builds the patches whose index mod n is i */
  shard?: [number, number];
  /** stop after this many simulations (benchmarks, tests) */
  limit?: number;
  progress?: boolean;
}

export interface BuildReport {
  manifest: Manifest;
  simulated: PatchResult[];
  failed: { id: string; error: string }[];
  pendingBefore: number;
  wallSeconds: number;
}

const sameConfig = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The dataset's manifest: planned now, or the one already in `out` (whose config must be the same). */
export function openDataset(cfg: DatasetConfig, out: string): Manifest {
  if (existsSync(manifestPath(out))) {
    const m = readManifest(out);
    if (!sameConfig(m.config, cfg))
      throw new Error(`${manifestPath(out)}: this dataset was planned with another config; resume it with the same config or build into another --out`);
    return m;
  }
  mkdirSync(out, { recursive: true });
  const m = planDataset(cfg, out);
  mkdirSync(join(out, "patches"), { recursive: true });
  writeFileAtomic(manifestPath(out), JSON.stringify(m) + "\n");
  return m;
}

export function pendingPatches(m: Manifest, out: string, shard: [number, number] = [0, 1]): string[] {
  const [i, n] = shard;
  return m.patches.filter((p, k) => k % n === i && !isSimulated(out, p.id)).map((p) => p.id);
}

const workerScript = join(dirname(fileURLToPath(import.meta.url)), "worker.js");

export async function buildDataset(cfg: DatasetConfig, out: string, o: BuildOptions = {}): Promise<BuildReport> {
  const m = openDataset(cfg, out);
  const pending = pendingPatches(m, out, o.shard);
  const todo = o.limit === undefined ? pending : pending.slice(0, o.limit);
  const workers = Math.max(1, Math.min(o.workers ?? cfg.workers ?? availableParallelism(), todo.length || 1));
  const simulated: PatchResult[] = [];
  const failed: { id: string; error: string }[] = [];
  const start = performance.now();
  const bar = o.progress ? progressBar("simulate patches", todo.length) : null;
  const interrupt = watchInterrupt("stopping after the patches being simulated");
  const tick = () => {
    const minutes = (performance.now() - start) / 60000;
    bar?.update(simulated.length + failed.length, { "patches/min": (simulated.length / Math.max(minutes, 1e-9)).toFixed(1) });
  };
  try {
    if (workers === 1) {
      for (const id of todo) {
        if (interrupt.requested) break;
        const p = m.patches.find((q) => q.id === id);
        try {
          simulated.push(simulatePatch(out, m, p as (typeof m.patches)[number], o.threads ?? 1));
        } catch (e) {
          failed.push({ id, error: (e as Error).message });
        }
        tick();
      }
    } else await runWorkers(out, todo, workers, interrupt, (r) => (r.ok ? simulated.push(r.result) : failed.push({ id: r.id, error: r.error }), tick()));
  } finally {
    bar?.stop();
    interrupt.release();
  }
  const wallSeconds = (performance.now() - start) / 1000;
  if (interrupt.requested) throw new Interrupted(`interrupted after ${simulated.length} of ${todo.length} patches; run the same command again to continue`);
  return { manifest: m, simulated, failed, pendingBefore: pending.length, wallSeconds };
}

type WorkerReply = { ok: true; result: PatchResult } | { ok: false; id: string; error: string };

function runWorkers(out: string, ids: string[], n: number, interrupt: { readonly requested: boolean }, onReply: (r: WorkerReply) => void): Promise<void> {
  const queue = [...ids];
  return new Promise((resolve, reject) => {
    let alive = 0;
    let failedToStart: Error | null = null;
    for (let k = 0; k < n; k++) {
      const w = fork(workerScript, [], { env: { ...process.env, CATCHMENT_THREADS: "1", OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
      alive++;
      let current: string | null = null;
      const next = () => {
        current = interrupt.requested ? null : (queue.shift() ?? null);
        w.send(current === null ? { type: "stop" } : { type: "patch", id: current });
      };
      w.on("message", (msg: { type: string; result?: PatchResult; id?: string; error?: string }) => {
        if (msg.type === "done") onReply({ ok: true, result: msg.result as PatchResult });
        else if (msg.type === "failed") onReply({ ok: false, id: msg.id as string, error: msg.error as string });
        next();
      });
      w.on("exit", (code) => {
        alive--;
        if (current !== null) onReply({ ok: false, id: current, error: `the worker exited (code ${code}) while simulating it` });
        current = null;
        if (alive === 0) (failedToStart ? reject(failedToStart) : resolve());
      });
      w.on("error", (e) => (failedToStart = e));
      w.send({ type: "init", dir: out });
    }
  });
}
