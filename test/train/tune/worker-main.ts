// A worker process for the multi-process tests (started by workers.test.ts with TUNE_TEST_WORKER set;
// as a plain test file it does nothing). It joins a shared study and runs trials of a cheap objective
// that keeps its thread busy (a synchronous sleep, like a training loop), logging each trial's start
// and end with its pid, so the test can tell which process ran which trial.
import { appendFileSync } from "node:fs";
import { createStudy, TPESampler } from "../../../src/train/tune/index.js";

const spec = process.env.TUNE_TEST_WORKER;
if (spec) {
  const { storage, study: name, maxTrials, log, sleepMs, seed } = JSON.parse(spec) as { storage: string; study: string; maxTrials: number; log: string; sleepMs: number; seed: number };
  const busy = new Int32Array(new SharedArrayBuffer(4));
  const study = await createStudy({
    name,
    storage,
    direction: "minimize",
    loadIfExists: true,
    sampler: new TPESampler({ nStartupTrials: 5, constantLiar: true }),
    seed,
    heartbeat: { intervalMs: 100, timeoutMs: 1500 },
  });
  await study.optimize(
    (t) => {
      const x = t.suggestFloat("x", -2, 2);
      const y = t.suggestFloat("y", -2, 2);
      appendFileSync(log, `start ${process.pid} ${t.number}\n`);
      Atomics.wait(busy, 0, 0, sleepMs);
      const v = (x - 0.5) ** 2 + (y + 0.25) ** 2;
      appendFileSync(log, `end ${process.pid} ${t.number} ${v}\n`);
      return v;
    },
    { maxTrials },
  );
  await study.close();
  appendFileSync(log, `exit ${process.pid}\n`);
}
