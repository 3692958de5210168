// The native flood entry points check what programmatic callers hand them: bad cell indices,
// lengths, non-finite numbers and unknown names are JS errors that say what is wrong, never
// undefined behaviour, and the simulator stays usable after one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nativeSimulation, SimulationInput } from "../../src/flood/engine.js";
import { native } from "../../src/native/addon.js";

const W = 8, H = 6, n = W * H;
const base = (): SimulationInput => ({
  width: W,
  height: H,
  dx: 2,
  z: new Float64Array(n),
  blocked: new Uint8Array(n),
  manning: new Float64Array(n).fill(0.03),
  duration: 60,
  boundary: "closed",
});
const FloodSim = (native as unknown as { FloodSim: new (o: unknown) => unknown }).FloodSim;

test("cell indices out of the grid are refused in sources, fixed levels and samples", () => {
  const source = (cells: number[]) => ({ cells: Int32Array.from(cells), t: Float64Array.of(0, 60), q: Float64Array.of(1, 1) });
  assert.throws(() => nativeSimulation({ ...base(), sources: [source([3, n])] }), /flood: sources\[0\]\.cells\[1\] is cell 48, outside the grid's 48 cells/);
  assert.throws(() => nativeSimulation({ ...base(), sources: [source([0]), source([-1])] }), /sources\[1\]\.cells\[0\] is cell -1/);
  assert.throws(
    () => nativeSimulation({ ...base(), fixed: [{ cells: Int32Array.of(1e9), t: Float64Array.of(0), level: Float64Array.of(1) }] }),
    /fixed\[0\]\.cells\[0\] is cell 1000000000, outside the grid/,
  );
  const sim = nativeSimulation({ ...base(), sources: [source([0])] });
  sim.advance(10);
  assert.throws(() => sim.sample(Int32Array.of(0, n)), /sample: cells\[1\] is cell 48, outside the grid's 48 cells/);
  assert.throws(() => sim.sample(Int32Array.of(-7)), /cell -7/);
  assert.throws(() => sim.sample(Float64Array.of(0) as unknown as Int32Array), /must be an Int32Array/);
  // the simulator still works after refusing
  const d = sim.sample(Int32Array.of(0));
  assert.ok(d[0] > 0, `depth at the source ${d[0]}`);
});

test("lengths, non-finite numbers, decreasing times and unknown names are refused with their name", () => {
  assert.throws(() => nativeSimulation({ ...base(), z: new Float64Array(n - 1) }), /flood: z has 47 values, expected 48/);
  assert.throws(() => nativeSimulation({ ...base(), blocked: new Uint8Array(3) }), /blocked has 3 values, expected 48/);
  assert.throws(() => nativeSimulation({ ...base(), dx: NaN }), /dx must be finite, got NaN/);
  assert.throws(() => nativeSimulation({ ...base(), dx: -1 }), /dx must be > 0, got -1/);
  const z = new Float64Array(n);
  z[9] = NaN;
  assert.throws(() => nativeSimulation({ ...base(), z }), /z at open cell 9 \(column 1, row 1\) is NaN; mark holes as blocked/);
  const blocked = new Uint8Array(n);
  blocked[9] = 1;
  assert.doesNotThrow(() => nativeSimulation({ ...base(), z, blocked }), "NaN under a closed cell is never read");
  assert.throws(() => nativeSimulation({ ...base(), manning: new Float64Array(n).fill(-0.03) }), /manning at open cell 0 .* is -0.03/);
  assert.throws(() => nativeSimulation({ ...base(), h0: new Float64Array(n).fill(Infinity) }), /h0 at cell 0 .* is Infinity/);
  assert.throws(() => nativeSimulation({ ...base(), rain: { t: Float64Array.of(0, 600, 300), rate: Float64Array.of(1e-5, 0, 0) } }), /rain\.t must not decrease: 300 follows 600/);
  assert.throws(() => nativeSimulation({ ...base(), rain: { t: Float64Array.of(0, 600), rate: Float64Array.of(-1e-5, 0) } }), /rain\.rate\[0\] is -0.00001, expected a finite value ≥ 0/);
  assert.throws(() => nativeSimulation({ ...base(), sources: [{ cells: Int32Array.of(0), t: Float64Array.of(0, 1), q: Float64Array.of(1) }] }), /sources\[0\]\.q has 1 values for 2 times/);
  assert.throws(() => nativeSimulation({ ...base(), threads: 0 }), /threads must be a whole number in 1…1024, got 0/);
  assert.throws(() => nativeSimulation({ ...base(), threads: 1e6 }), /threads must be a whole number in 1…1024/);
  assert.throws(() => nativeSimulation({ ...base(), alpha: 2 }), /alpha must be ≤ 1, got 2/);
  assert.throws(() => nativeSimulation({ ...base(), solver: "lisflood" as "inertial" }), /unknown solver 'lisflood'; expected inertial or wca2d/);
  assert.throws(() => nativeSimulation({ ...base(), velocityDepthThreshold: -0.05 }), /velocityDepth must be ≥ 0, got -0.05/);
  assert.throws(() => new FloodSim({ width: 2 ** 20, height: 2 ** 12, dx: 1 }), /width × height is 4294967296 cells; cells are 32-bit indices/);
  assert.throws(() => new FloodSim(undefined), /FloodSim needs an options object/);
  assert.throws(() => new FloodSim({ ...base(), width: "8" }), /flood: width must be a number/);

  const sim = nativeSimulation(base());
  assert.throws(() => sim.field("velocity" as "depth"), /unknown field 'velocity'; expected depth, maxDepth/);
  assert.throws(() => (sim.field as (x: unknown) => unknown)(3), /field\(name\) needs a name/);
  assert.throws(() => sim.advance(NaN), /advance: tEnd must be finite, got NaN/);
  assert.throws(() => sim.advance(10, -1), /maxSteps must be ≥ 0/);
  assert.throws(() => sim.setRainField(new Float64Array(n - 1)), /rain field has 47 values, expected 48/);
  const field = new Float64Array(n);
  field[5] = NaN;
  assert.throws(() => sim.setRainField(field), /rain field at cell 5 \(column 5, row 0\) is NaN/);
  assert.equal(sim.advance(5).t, 5, "still usable");
});

test("the errors are JS Errors a caller can catch, of the kind that fits (TypeError for a wrong type, RangeError for a wrong value)", () => {
  assert.throws(() => nativeSimulation({ ...base(), z: new Float32Array(n) as unknown as Float64Array }), (e: unknown) => e instanceof TypeError && /z must be a Float64Array/.test(e.message));
  assert.throws(() => nativeSimulation({ ...base(), dx: 0 }), (e: unknown) => e instanceof RangeError);
});
