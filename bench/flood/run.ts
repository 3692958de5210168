// bench:flood: cell updates per second of the native solver with 1 and 2 threads on the urban
// case, and the ratio against a plain one-thread TypeScript loop of the same scheme.
import { simulate } from "../../src/flood/engine.js";
import { urbanCase } from "./urban-case.js";
import { referenceSimulate } from "./reference-loop.js";

const c = urbanCase();
const cells = c.width * c.height;
const rates: Record<number, number> = {};
for (const threads of [1, 2]) {
  const r = simulate({ ...c, threads });
  rates[threads] = r.cellUpdates / r.wallSeconds;
  console.log(`native, ${threads} thread${threads > 1 ? "s" : ""}: ${r.timeSteps} steps in ${r.wallSeconds.toFixed(2)} s = ${(rates[threads] / 1e6).toFixed(1)} M cell-updates/s (mass balance error ${r.massBalance.error_percent.toExponential(1)} %)`);
}
const seconds = 600; // the plain loop is slow: time its first 10 simulated minutes
const t0 = performance.now();
const ref = referenceSimulate(c, seconds);
const refRate = (ref.steps * cells) / ((performance.now() - t0) / 1000);
console.log(`TypeScript loop, 1 thread: ${ref.steps} steps (first ${seconds} s) = ${(refRate / 1e6).toFixed(1)} M cell-updates/s`);
console.log(`flood cell-updates/s: 1 thread ${rates[1].toExponential(2)}, 2 threads ${rates[2].toExponential(2)}; ratio native(2 threads)/TypeScript = ${(rates[2] / refRate).toFixed(1)}`);
