// bench:flood: cell updates per second of the native solver with 1 and 2 threads on the urban
// case, and the ratio against a plain one-thread TypeScript loop of the same scheme. The two native
// runs advance in alternating 60 s chunks, so that drifts in the machine's speed (this VM's vary by a
// third over minutes) fall on both alike.
import { massBalanceOf, nativeSimulation } from "../../src/flood/engine.js";
import { urbanCase } from "./urban-case.js";
import { referenceSimulate } from "./reference-loop.js";

const c = urbanCase();
const cells = c.width * c.height;
const runs = [1, 2].map((threads) => ({ threads, sim: nativeSimulation({ ...c, threads }), seconds: 0, steps: 0 }));
const chunk = 60;
for (let t = chunk; t <= c.duration + 1e-9; t += chunk) {
  for (const run of runs) {
    const t0 = performance.now();
    run.steps = run.sim.advance(Math.min(t, c.duration)).steps;
    run.seconds += (performance.now() - t0) / 1000;
  }
}
const rates: Record<number, number> = {};
for (const run of runs) {
  rates[run.threads] = (run.steps * cells) / run.seconds;
  const error = massBalanceOf(run.sim.balance()).error_percent;
  console.log(`native, ${run.threads} thread${run.threads > 1 ? "s" : ""}: ${run.steps} steps in ${run.seconds.toFixed(2)} s = ${(rates[run.threads] / 1e6).toFixed(1)} M cell-updates/s (mass balance error ${error.toExponential(1)} %)`);
}
const seconds = 600; // the plain loop is slow: time its first 10 simulated minutes
const t0 = performance.now();
const ref = referenceSimulate(c, seconds);
const refRate = (ref.steps * cells) / ((performance.now() - t0) / 1000);
console.log(`TypeScript loop, 1 thread: ${ref.steps} steps (first ${seconds} s) = ${(refRate / 1e6).toFixed(1)} M cell-updates/s`);
console.log(`flood cell-updates/s: 1 thread ${rates[1].toExponential(2)}, 2 threads ${rates[2].toExponential(2)}; ratio native(2 threads)/TypeScript = ${(rates[2] / refRate).toFixed(1)}`);
