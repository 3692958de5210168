// A design-experiment worker process: runs the jobs its parent sends and writes each result atomically.
import { join } from "node:path";
import { serveJobs } from "../../util/process-pool.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { SurrogateModel } from "../../surrogate/model-file.js";
import { ExperimentPlan } from "./plan.js";
import { runJob } from "./job.js";

serveJobs(
  (init) => ({ ...(init as { plan: ExperimentPlan; out: string }), models: new Map<string, SurrogateModel>() }),
  ({ plan, out, models }, id) => {
    const job = plan.jobs.find((j) => j.id === id);
    if (!job) throw new Error(`job ${id} is not in the plan`);
    const r = runJob(plan, job, models);
    writeFileAtomic(join(out, "results", `${id}.json`), JSON.stringify(r) + "\n");
    return r;
  },
);
