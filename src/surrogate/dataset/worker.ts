// A dataset worker process: simulates the patches its parent sends, one at a time, on one thread.
import { serveJobs } from "../../util/process-pool.js";
import { readManifest } from "./manifest.js";
import { simulatePatch } from "./simulate-patch.js";

serveJobs(
  (dir) => ({ dir: dir as string, manifest: readManifest(dir as string) }),
  ({ dir, manifest }, id) => {
    const p = manifest.patches.find((q) => q.id === id);
    if (!p) throw new Error(`patch ${id} is not in dataset.json`);
    return simulatePatch(dir, manifest, p, 1);
  },
);
