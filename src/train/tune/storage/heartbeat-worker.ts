// The heartbeat thread: its own connection to the storage, beating for the trials the main thread
// names, so that a trial stays alive while its objective keeps the main thread busy (a synchronous
// training loop), and goes stale only when the process is gone.
import { parentPort, workerData } from "node:worker_threads";
import { openStorage } from "./open.js";

interface Data {
  url: string;
  intervalMs: number;
}

const { url, intervalMs } = workerData as Data;
const storage = openStorage(url);
const alive = new Set<number>();
let busy = false;

async function beat(): Promise<void> {
  if (busy || alive.size === 0) return;
  busy = true;
  try {
    await storage.heartbeat([...alive]);
  } catch (e) {
    parentPort?.postMessage({ error: (e as Error).message });
  } finally {
    busy = false;
  }
}

const timer = setInterval(beat, intervalMs);
// the first round trip opens the connection (and for SQLite the file), so that later beats are quick
storage
  .heartbeat([-1])
  .then(() => parentPort?.postMessage({ ready: true }))
  .catch((e: Error) => parentPort?.postMessage({ ready: true, error: e.message }));
parentPort?.on("message", async (m: { add?: number; remove?: number; stop?: boolean }) => {
  if (m.add !== undefined) {
    alive.add(m.add);
    await beat();
  }
  if (m.remove !== undefined) alive.delete(m.remove);
  if (m.stop) {
    clearInterval(timer);
    await storage.close().catch(() => {});
    parentPort?.close();
  }
});
