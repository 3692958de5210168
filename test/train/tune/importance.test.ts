// fANOVA importances against analytic main effects: for f = a·x + b·y on a uniform design the main
// effects' variances are a²·Var(x) and b²·Var(y); a parameter the objective ignores gets ~0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy, NopPruner, parameterImportances, RandomSampler } from "../../../src/train/tune/index.js";

test("importances follow the variance each parameter explains", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
  await study.optimize(
    (t) => {
      const x = t.suggestFloat("x", 0, 1);
      const y = t.suggestFloat("y", 0, 1);
      t.suggestFloat("unused", 0, 1);
      return 2 * x + 1 * y;
    },
    { nTrials: 300 },
  );
  const imp = Object.fromEntries(parameterImportances(study.trials, { seed: 0 }).map((r) => [r.name, r.importance]));
  // main-effect variances 4/12 and 1/12: shares 0.8 and 0.2
  assert.ok(Math.abs(imp.x - 0.8) < 0.06, `x: ${imp.x}`);
  assert.ok(Math.abs(imp.y - 0.2) < 0.06, `y: ${imp.y}`);
  assert.ok(imp.unused < 0.03, `unused: ${imp.unused}`);
  const total = Object.values(imp).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
});

test("a log-scaled parameter is judged on its log scale, and a choice by its categories", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }), pruner: new NopPruner() });
  await study.optimize(
    (t) => {
      const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
      const opt = t.suggestCategorical("opt", ["adam", "sgd", "rmsprop"]);
      return Math.log10(lr) + (opt === "sgd" ? 0 : 0.01);
    },
    { nTrials: 200 },
  );
  const [first, second] = parameterImportances(study.trials);
  assert.equal(first.name, "lr");
  assert.ok(first.importance > 0.95, `lr: ${first.importance}`);
  assert.ok(second.importance < 0.05);
});
