// A calibration worker thread: runs SCE-UA for its share of the basins and posts the result.
import { parentPort, workerData } from "node:worker_threads";
import { runJob, WorkerJob } from "./stage.js";

parentPort?.postMessage(runJob(workerData as WorkerJob));
