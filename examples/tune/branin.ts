// The tuner from TypeScript: a seeded TPE study on the Branin function in a SQLite file, with a
// learning-curve-like report so that the median pruner has something to judge. Run it with
//   node dist/examples/tune/branin.js [study.db]
// and run it again: the study continues from the file (loadIfExists) until it has 60 trials.
import { createStudy, MedianPruner, TPESampler, TrialPruned } from "../../src/train/tune/index.js";

const branin = (x: number, y: number) => (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;

const study = await createStudy({
  name: "branin",
  storage: `sqlite:${process.argv[2] ?? "branin.db"}`,
  direction: "minimize",
  sampler: new TPESampler({ seed: 1 }),
  pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 2 }),
  loadIfExists: true,
});
await study.optimize(
  (trial) => {
    const x = trial.suggestFloat("x", -5, 10);
    const y = trial.suggestFloat("y", 0, 15);
    const value = branin(x, y);
    // pretend to train for 10 epochs: the value approaches the true one
    for (let epoch = 1; epoch <= 10; epoch++) {
      trial.report(value + 20 / epoch, epoch);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
    return value;
  },
  { maxTrials: 60 },
);
const pruned = study.trials.filter((t) => t.state === "pruned").length;
console.log(`best value ${study.bestValue.toFixed(4)} at trial ${study.bestTrial.number} (${JSON.stringify(study.bestParams)}), ${pruned} of ${study.trials.length} pruned`);
await study.close();
