// Simulated series of a trained model over a period, one per basin, in the target's own units.
import { dayNumber } from "../util/dates.js";
import { noGrad, tidy } from "../torch/index.js";
import { RunoffModel } from "./models/registry.js";
import { PreparedBasin, batchOf, samplesOf, Normalization } from "./data/samples.js";

export interface BasinSeries {
  basin: string;
  /** Day numbers of the period. */
  days: number[];
  observed: Float64Array;
  simulated: Float64Array;
  benchmark: Float64Array | null;
}

export function predictPeriod(
  model: RunoffModel,
  basins: PreparedBasin[],
  norm: Normalization,
  seqLength: number,
  start: string,
  end: string,
  clipToZero: boolean,
  device = "cpu",
  batchSize = 512,
): BasinSeries[] {
  const F = norm.inputs.length;
  const samples = samplesOf(basins, seqLength, F, start, end, false);
  const a = dayNumber(start);
  const n = dayNumber(end) - a + 1;
  const out: BasinSeries[] = basins.map((p) => {
    const days = Array.from({ length: n }, (_, i) => a + i);
    const pick = (v: Float64Array) => Float64Array.from(days, (d) => v[d - p.firstDay] ?? NaN);
    return { basin: p.basin, days, observed: pick(p.observed), simulated: new Float64Array(n).fill(NaN), benchmark: p.benchmark ? pick(p.benchmark) : null };
  });
  const wasTraining = model.training;
  model.eval();
  noGrad(() => {
    for (let i = 0; i < samples.length; i += batchSize) {
      const chunk = samples.slice(i, i + batchSize);
      const y = tidy(() => {
        const b = batchOf(basins, chunk, seqLength, F, device);
        return model.forward(b.x, b.statics).toFloat64Array();
      });
      chunk.forEach(({ basin, end: t }, k) => {
        const v = y[k] * norm.target.std + norm.target.mean;
        out[basin].simulated[basins[basin].firstDay + t - a] = clipToZero ? Math.max(v, 0) : v;
      });
    }
  });
  if (wasTraining) model.train();
  return out;
}
