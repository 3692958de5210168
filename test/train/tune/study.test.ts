// The study API's contract: trial states and what ends in each, enqueued parameters, user attributes,
// the grid, concurrent workers in one process, budgets and timeouts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy, GridSampler, NopPruner, RandomSampler, TPESampler, TrialPruned } from "../../../src/train/tune/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("what an objective returns or throws decides the trial's state", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
  const outcomes = [() => 1.5, () => NaN, () => [1, 2], () => { throw new TrialPruned(); }, () => { throw new Error("boom"); }];
  let i = 0;
  await study.optimize((t) => {
    t.suggestFloat("x", 0, 1);
    t.report(0.25, 0);
    t.setUserAttr("i", i);
    return outcomes[i++]() as number;
  }, { nTrials: 5, catch: true });
  const [a, b, c, d, e] = study.trials;
  assert.equal(a.state, "complete");
  assert.deepEqual(a.values, [1.5]);
  assert.equal(b.state, "failed");
  assert.match(String(b.systemAttrs.fail_reason), /not a number/);
  assert.equal(c.state, "failed");
  assert.match(String(c.systemAttrs.fail_reason), /2 values for 1 objective/);
  assert.equal(d.state, "pruned");
  assert.deepEqual(d.values, [0.25], "a pruned trial keeps its last intermediate value");
  assert.equal(e.state, "failed");
  assert.equal(e.systemAttrs.fail_reason, "boom");
  assert.deepEqual(study.trials.map((t) => t.userAttrs.i), [0, 1, 2, 3, 4]);
  assert.equal(study.bestTrial.number, 0);
  // without catch the objective's error ends optimize, after the trial is recorded as failed
  await assert.rejects(study.optimize(() => { throw new Error("stop here"); }, { nTrials: 3 }), /stop here/);
  assert.equal(study.trials.length, 6);
  assert.equal(study.trials[5].state, "failed");
});

test("enqueued parameters are used first; suggestions keep their kind across trials", async () => {
  const study = await createStudy({ sampler: new TPESampler({ seed: 2 }), pruner: new NopPruner() });
  await study.enqueueTrial({ x: 0.125, n: 7, c: "b" });
  await study.optimize((t) => t.suggestFloat("x", 0, 1) + t.suggestInt("n", 1, 10) + (t.suggestCategorical("c", ["a", "b"]) === "b" ? 1 : 0), { nTrials: 3 });
  assert.deepEqual(study.trials[0].params, { x: 0.125, n: 7, c: 1 });
  assert.equal(study.trials[0].values?.[0], 8.125);
  await assert.rejects(study.optimize((t) => t.suggestInt("x", 0, 5), { nTrials: 1 }), /x: was suggested as float before, now as int/);
});

test("the grid runs every point once, then the study stops, also with several workers at once", async () => {
  const grid = new GridSampler({ a: [1, 2, 3], b: ["u", "v"] }, { seed: 3 });
  const study = await createStudy({ sampler: grid, pruner: new NopPruner() });
  await study.optimize(
    async (t) => {
      const a = t.suggestInt("a", 1, 3);
      const b = t.suggestCategorical("b", ["u", "v"]);
      await sleep(5);
      return a + (b === "u" ? 0 : 10);
    },
    { nTrials: 20, workers: 3 },
  );
  const values = study.trials.map((t) => t.values?.[0]).sort((x, y) => (x as number) - (y as number));
  assert.deepEqual(values, [1, 2, 3, 11, 12, 13]);
});

test("workers run trials at once; with the constant liar they do not start from the same point", async () => {
  const study = await createStudy({ sampler: new TPESampler({ seed: 4, nStartupTrials: 4, constantLiar: true }), pruner: new NopPruner() });
  let running = 0;
  let most = 0;
  await study.optimize(
    async (t) => {
      const x = t.suggestFloat("x", -1, 1);
      running++;
      most = Math.max(most, running);
      await sleep(10);
      running--;
      return x * x;
    },
    { maxTrials: 24, workers: 4 },
  );
  assert.equal(study.trials.length, 24);
  assert.equal(most, 4);
  const xs = study.trials.map((t) => t.params.x);
  assert.equal(new Set(xs).size, xs.length, "no two trials got the same x");
});

test("timeout stops new trials; maxTrials counts the study's trials, nTrials this call's", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }), pruner: new NopPruner() });
  await study.optimize(async (t) => { await sleep(30); return t.suggestFloat("x", 0, 1); }, { timeout: 0.1 });
  const n = study.trials.length;
  assert.ok(n >= 1 && n <= 5, `${n} trials in 0.1 s of 30 ms each`);
  await study.optimize((t) => t.suggestFloat("x", 0, 1), { maxTrials: n + 2 });
  assert.equal(study.trials.length, n + 2);
  await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(study.trials.length, n + 4);
  await assert.rejects(study.optimize((t) => t.suggestFloat("x", 0, 1)), /would run forever/);
});

test("TPE beats random search on a smooth function (same budget, 10 seeds)", async () => {
  const f = (x: number, y: number) => (x - 0.3) ** 2 + (y + 0.6) ** 2;
  const best = async (seed: number, tpe: boolean) => {
    const s = await createStudy({ sampler: tpe ? new TPESampler({ seed }) : new RandomSampler({ seed }), pruner: new NopPruner() });
    await s.optimize((t) => f(t.suggestFloat("x", -2, 2), t.suggestFloat("y", -2, 2)), { nTrials: 60 });
    return s.bestValue;
  };
  let wins = 0;
  for (let seed = 0; seed < 10; seed++) if ((await best(seed, true)) < (await best(seed, false))) wins++;
  assert.ok(wins >= 8, `TPE better on ${wins} of 10 seeds`);
});
