// A dataset worker process: simulates the patches its parent sends, one at a time, on one thread.
import { readManifest, Manifest } from "./manifest.js";
import { simulatePatch } from "./simulate-patch.js";

let dir = "";
let manifest: Manifest | null = null;

process.on("message", (msg: { type: "init"; dir: string } | { type: "patch"; id: string } | { type: "stop" }) => {
  if (msg.type === "init") {
    dir = msg.dir;
    manifest = readManifest(dir);
    process.send?.({ type: "ready" });
  } else if (msg.type === "patch") {
    const m = manifest as Manifest;
    const p = m.patches.find((q) => q.id === msg.id);
    try {
      if (!p) throw new Error(`patch ${msg.id} is not in dataset.json`);
      process.send?.({ type: "done", result: simulatePatch(dir, m, p, 1) });
    } catch (e) {
      process.send?.({ type: "failed", id: msg.id, error: (e as Error).message });
    }
  } else if (msg.type === "stop") process.exit(0);
});
// Ctrl-C goes to the whole process group: the parent decides when workers stop
process.on("SIGINT", () => {});
