// Grid search: every combination of the listed values once, in random order; a trial takes a grid
// point that no complete, pruned or running trial has, so parallel workers share the grid out and a
// failed point is run again. When every point has been run the study stops.
import { Choice, Distribution, ParamValue } from "../distributions.js";
import { FrozenTrial } from "../frozen-trial.js";
import { MersenneTwister } from "../rng.js";
import { Sampler, StudyView } from "./sampler.js";

const GRID_ID = "grid_id";
const GRID_SPACE = "grid_search_space";

export class GridSampler implements Sampler {
  private readonly space: Record<string, Choice[]>;
  private readonly names: string[];
  private readonly size: number;
  private rng: MersenneTwister;

  constructor(space: Record<string, readonly Choice[]>, o: { seed?: number } = {}) {
    this.names = Object.keys(space).sort();
    if (this.names.length === 0) throw new RangeError("GridSampler: the grid has no parameters");
    this.space = Object.fromEntries(this.names.map((n) => [n, [...space[n]]]));
    for (const n of this.names) if (this.space[n].length === 0) throw new RangeError(`GridSampler: parameter '${n}' has no values`);
    this.size = this.names.reduce((p, n) => p * this.space[n].length, 1);
    this.rng = new MersenneTwister(o.seed);
  }

  get gridSize(): number {
    return this.size;
  }

  reseed(seed: number): void {
    this.rng = new MersenneTwister(seed);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(study: StudyView, trial: FrozenTrial): Record<string, ParamValue> {
    if (GRID_ID in trial.systemAttrs || "fixed_params" in trial.systemAttrs) return {};
    const free = this.unvisited(study);
    const pool = free.length ? free : Array.from({ length: this.size }, (_, i) => i);
    const id = pool[this.rng.below(pool.length)];
    study.setTrialSystemAttr(trial.id, GRID_SPACE, this.space);
    study.setTrialSystemAttr(trial.id, GRID_ID, id);
    trial.systemAttrs[GRID_ID] = id;
    return {};
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string): ParamValue {
    const id = trial.systemAttrs[GRID_ID];
    if (typeof id !== "number") throw new Error(`GridSampler: trial ${trial.number} has no grid point (enqueued trials must give every grid parameter)`);
    if (!(name in this.space)) throw new Error(`GridSampler: parameter '${name}' is not in the grid (${this.names.join(", ")})`);
    return this.point(id)[name];
  }

  /** Every point is done or being run (a point whose trial fails is free again for a later optimize). */
  exhausted(study: StudyView): boolean {
    return this.visited(study, false).size >= this.size;
  }

  /** The grid point with this id, the last parameter (in name order) varying fastest. */
  point(id: number): Record<string, Choice> {
    const out: Record<string, Choice> = {};
    let rest = id;
    for (let k = this.names.length - 1; k >= 0; k--) {
      const values = this.space[this.names[k]];
      out[this.names[k]] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    return out;
  }

  /** Grid points taken by complete and pruned trials, and by running ones unless finishedOnly; a failed point is run again. */
  private visited(study: StudyView, finishedOnly: boolean): Set<number> {
    const out = new Set<number>();
    for (const t of study.trials(finishedOnly ? ["complete", "pruned"] : ["complete", "pruned", "running"])) {
      const id = t.systemAttrs[GRID_ID];
      if (typeof id === "number" && this.sameSpace(t.systemAttrs[GRID_SPACE])) out.add(id);
    }
    return out;
  }

  private unvisited(study: StudyView): number[] {
    let taken = this.visited(study, false);
    if (taken.size >= this.size) taken = this.visited(study, true);
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (!taken.has(i)) out.push(i);
    return out;
  }

  private sameSpace(other: unknown): boolean {
    if (!other || typeof other !== "object") return false;
    const o = other as Record<string, unknown[]>;
    const keys = Object.keys(o).sort();
    return keys.length === this.names.length && keys.every((k, i) => k === this.names[i] && Array.isArray(o[k]) && o[k].length === this.space[k].length && o[k].every((v, j) => v === this.space[k][j]));
  }
}
