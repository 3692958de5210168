// The job worker: one process per design or simulation check, so that the server never waits on
// the library. It takes one job message, streams the job's events back, and exits when it is done.
// The server stops a design by a stop file (the design ends after its current iteration) and a
// simulation by ending this process.
import { setNumThreads } from "../../torch/index.js";
import { JobEvent, runDesignJob, DesignJobSpec } from "../design-job.js";
import { runCheckJob, CheckJobSpec } from "../check-job.js";

type JobMessage = { kind: "design"; spec: DesignJobSpec } | { kind: "check"; spec: CheckJobSpec };

const send = (e: JobEvent) => process.send?.(e);

process.once("message", (msg: JobMessage) => {
  setNumThreads(msg.spec.threads);
  if (msg.kind === "design") runDesignJob(msg.spec, send);
  else runCheckJob(msg.spec, send);
  // exit once the last event has left
  process.send?.({ type: "exit" }, () => process.exit(0));
});
// the server decides when a job ends; a worker whose server is gone ends too
process.on("SIGINT", () => {});
process.on("disconnect", () => process.exit(0));
