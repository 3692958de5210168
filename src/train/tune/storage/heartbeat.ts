// Heartbeats for a worker's running trials, from a thread of their own (see heartbeat-worker.ts).
import { Worker } from "node:worker_threads";
import type { Storage } from "./storage.js";

export interface HeartbeatOptions {
  /** How often a running trial says it is alive. */
  intervalMs: number;
  /** A running trial silent for this long is failed by the next worker that looks. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 10_000, timeoutMs: 60_000 };

export class Heartbeats {
  private worker: Worker | null = null;
  private lastError: string | null = null;
  /** Resolves once the thread has its connection; trials should start after it. */
  readonly ready: Promise<void>;

  constructor(storage: Storage, intervalMs: number) {
    let ready = () => {};
    this.ready = new Promise((r) => (ready = r));
    if (!storage.url) {
      ready();
      return;
    }
    this.worker = new Worker(new URL("./heartbeat-worker.js", import.meta.url), { workerData: { url: storage.url, intervalMs } });
    this.worker.on("message", (m: { error?: string; ready?: boolean }) => {
      if (m.error) this.lastError = m.error;
      if (m.ready) {
        // from now on the thread does not keep the process alive by itself
        this.worker?.unref();
        ready();
      }
    });
    this.worker.on("error", (e) => {
      this.lastError = e.message;
      ready();
    });
    this.worker.on("exit", () => ready());
  }

  add(trialId: number): void {
    this.worker?.postMessage({ add: trialId });
  }

  remove(trialId: number): void {
    this.worker?.postMessage({ remove: trialId });
  }

  get error(): string | null {
    return this.lastError;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => void w.terminate().then(() => resolve()), 2000);
      w.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      w.postMessage({ stop: true });
    });
  }
}
