// catchment's samplers and pruners against Optuna 3.1 itself: the same seeded studies
// (scripts/fixtures/tune.py) must propose the same parameters trial by trial and prune the same trials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createStudy,
  externalParams,
  FrozenTrial,
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  Pruner,
  RandomSampler,
  Sampler,
  SuccessiveHalvingPruner,
  TPESampler,
  Trial,
  TrialPruned,
} from "../../../src/train/tune/index.js";
import { repoRoot } from "./helpers.js";
import { numpyArgsort } from "../../../src/train/tune/samplers/argsort.js";

interface RefTrial {
  number: number;
  state: string;
  params: Record<string, number | string>;
  values: number[] | null;
  intermediate: Record<string, number>;
}
const ref = JSON.parse(readFileSync(join(repoRoot, "test/fixtures/tune/optuna_studies.json"), "utf8")) as {
  cases: Record<string, { name: string; trials: RefTrial[] }[]>;
  argsort: { values: number[]; order: number[] }[];
};

function mixed(t: Trial): number {
  const x = t.suggestFloat("x", -5, 10);
  const y = t.suggestFloat("y", 1e-3, 10, { log: true });
  const n = t.suggestInt("n", 1, 20);
  const s = t.suggestFloat("s", 0, 1, { step: 0.1 });
  const k = t.suggestInt("k", 1, 64, { log: true });
  const c = t.suggestCategorical("c", ["a", "b", "c"]);
  return (x - 1) ** 2 + Math.log(y) ** 2 + (n - 7) ** 2 / 10 + (s - 0.3) ** 2 + (Math.log(k) - 2) ** 2 + { a: 0.5, b: 0, c: 1 }[c];
}

function curve(t: Trial): number {
  const a = t.suggestFloat("a", 0, 4);
  const b = t.suggestFloat("b", 0.1, 10, { log: true });
  let v = NaN;
  for (let step = 0; step < 9; step++) {
    v = (a - 1.5) ** 2 + Math.log(b) ** 2 + 2 / (step + 1);
    t.report(v, step);
    if (t.shouldPrune()) throw new TrialPruned();
  }
  return v;
}

function twoObjectives(t: Trial): number[] {
  const x = t.suggestFloat("x", 0, 5);
  const y = t.suggestFloat("y", 0, 3);
  return [4 * x * x + 4 * y * y, (x - 5) ** 2 + (y - 5) ** 2];
}

function close(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

function assertSameTrials(ours: readonly FrozenTrial[], theirs: RefTrial[], label: string): void {
  assert.equal(ours.length, theirs.length, `${label}: number of trials`);
  for (let i = 0; i < theirs.length; i++) {
    const o = ours[i];
    const r = theirs[i];
    const p = externalParams(o);
    for (const [k, v] of Object.entries(r.params)) assert.ok(close(p[k], v), `${label}, trial ${i}, ${k}: ours ${p[k]}, Optuna ${v}`);
    assert.equal(o.state, r.state, `${label}, trial ${i}: state`);
    if (r.values) r.values.forEach((v, j) => assert.ok(close(o.values?.[j], v), `${label}, trial ${i}: value ${j}`));
  }
}

async function replay(name: string, sampler: Sampler, objective: (t: Trial) => number | number[], nTrials: number, o: { pruner?: Pruner; directions?: ("minimize" | "maximize")[] } = {}) {
  const study = await createStudy({ name, sampler, pruner: o.pruner ?? new NopPruner(), directions: o.directions });
  await study.optimize(objective, { nTrials });
  return study.trials;
}

const optuna31 = { density: "optuna-3.1" as const };

test("univariate TPE proposes what Optuna proposes, over float, log, int, step, log-int and choice parameters", async () => {
  for (const [i, seed] of [1, 2, 3].entries()) {
    const ours = await replay("u", new TPESampler({ seed, ...optuna31 }), mixed, 60);
    assertSameTrials(ours, ref.cases.tpe_univariate[i].trials, `univariate seed ${seed}`);
  }
});

test("multivariate TPE proposes what Optuna proposes", async () => {
  for (const [i, seed] of [1, 2].entries()) {
    const ours = await replay("m", new TPESampler({ seed, multivariate: true, ...optuna31 }), mixed, 50);
    assertSameTrials(ours, ref.cases.tpe_multivariate[i].trials, `multivariate seed ${seed}`);
  }
});

test("the median pruner prunes the trials Optuna prunes, and TPE learns from them as Optuna does", async () => {
  const ours = await replay("p", new TPESampler({ seed: 7, ...optuna31 }), curve, 40, { pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 2 }) });
  assertSameTrials(ours, ref.cases.tpe_median_pruner[0].trials, "median pruner");
  assert.ok(ours.filter((t) => t.state === "pruned").length > 5);
});

test("Hyperband puts trials into Optuna's brackets and prunes the same ones", async () => {
  const ours = await replay("hb", new TPESampler({ seed: 11, ...optuna31 }), curve, 40, { pruner: new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 }) });
  assertSameTrials(ours, ref.cases.tpe_hyperband[0].trials, "hyperband");
});

test("successive halving prunes the trials Optuna prunes", async () => {
  const ours = await replay("sh", new TPESampler({ seed: 5, ...optuna31 }), curve, 30, { pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
  assertSameTrials(ours, ref.cases.tpe_successive_halving[0].trials, "successive halving");
});

test("the constant liar treats running trials as Optuna does", async () => {
  const study = await createStudy({ name: "liar", sampler: new TPESampler({ seed: 3, constantLiar: true, nStartupTrials: 5, ...optuna31 }), pruner: new NopPruner() });
  const flight: [Trial, number][] = [];
  for (let i = 0; i < 30; i++) {
    const t = (await study.ask()) as Trial;
    const x = t.suggestFloat("x", -3, 3);
    const y = t.suggestFloat("y", -3, 3);
    flight.push([t, (x - 1) ** 2 + (y + 0.5) ** 2]);
    if (flight.length === 3) {
      const [done, value] = flight.shift() as [Trial, number];
      await study.tell(done, value);
    }
  }
  for (const [t, v] of flight) await study.tell(t, v);
  assertSameTrials(study.trials, ref.cases.tpe_constant_liar[0].trials, "constant liar");
});

test("multi-objective TPE proposes what Optuna proposes", async () => {
  const ours = await replay("mo", new TPESampler({ seed: 2, ...optuna31 }), twoObjectives, 40, { directions: ["minimize", "minimize"] });
  assertSameTrials(ours, ref.cases.tpe_two_objectives[0].trials, "two objectives");
});

test("the random sampler draws what Optuna's draws", async () => {
  const ours = await replay("r", new RandomSampler({ seed: 4 }), mixed, 20);
  assertSameTrials(ours, ref.cases.random[0].trials, "random");
});

test("argsort orders ties as numpy's quicksort does", () => {
  for (const c of ref.argsort) assert.deepEqual(Array.from(numpyArgsort(c.values)), c.order, `${c.values.length} values`);
});
