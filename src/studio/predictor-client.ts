// The server's side of the predictor process: requests answered in order, a restart when the
// process dies (its pending requests fail with a message), and a clean stop.
import { ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PredictorRequest } from "./worker/predictor.js";

const script = join(dirname(fileURLToPath(import.meta.url)), "worker", "predictor.js");

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class Predictor {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private pending = new Map<number, Pending>();
  private next = 1;
  private stopping = false;

  constructor(private readonly o: { model: string; device: string; threads: number }) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    const child = fork(script, [], {
      env: { ...process.env, STUDIO_MODEL: this.o.model, STUDIO_DEVICE: this.o.device, CATCHMENT_THREADS: String(this.o.threads), OMP_NUM_THREADS: String(this.o.threads) },
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    this.child = child;
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    this.ready = new Promise((resolve, reject) => {
      child.on("message", (m: { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
        if (m.ready) return resolve();
        const p = this.pending.get(m.id as number);
        if (!p) return;
        this.pending.delete(m.id as number);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(m.error));
      });
      child.on("exit", (code, signal) => {
        const why = `the predictor process ended (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim().split("\n").pop()}` : ""}`;
        reject(new Error(why));
        for (const p of this.pending.values()) p.reject(new Error(why));
        this.pending.clear();
        this.child = null;
        this.ready = null;
        // a crash restarts it for the next request
        if (!this.stopping) process.stderr.write(`studio: ${why}; it starts again with the next request\n`);
      });
    });
    return this.ready;
  }

  async request<T>(msg: Without<PredictorRequest, "id">): Promise<T> {
    await this.start();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child?.send({ ...msg, id });
    });
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill("SIGKILL");
  }
}
