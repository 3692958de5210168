// Loaded into each trial's process (node --import): a thread that ends the process when its parent,
// the tune worker, is gone (killed), so no trial trains on as an orphan. A thread, because the trial's
// main thread is busy in a synchronous training loop and runs no timers.
import { Worker } from "node:worker_threads";

const parent = process.ppid;
new Worker(
  `const { workerData } = require("node:worker_threads");
   setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, "SIGKILL"); }, 1000);`,
  { eval: true, workerData: parent },
).unref();
