// Seed 002's experiments as jobs: the most heavily flooded test patches of a surrogate dataset (by
// simulated area with HR > 0.1), each designed by every model with every variant, then re-simulated.
import { readRaster } from "../../geo/index.js";
import { isSimulated, patchPath, readManifest, Manifest } from "../../surrogate/dataset/manifest.js";
import { hazardRatingMap } from "../../surrogate/hazard.js";

export interface ExperimentVariant {
  name: string;
  mode: "one-step" | "iterative";
  protectBuildings: boolean;
  maxChange?: number;
  budget?: number;
}

/** The seed's two experiments, and the iterative one with buildings protected and a 1 m limit. */
export const VARIANTS: Record<string, ExperimentVariant> = {
  "one-step": { name: "one-step", mode: "one-step", protectBuildings: false },
  iterative: { name: "iterative", mode: "iterative", protectBuildings: false },
  "iterative-protected": { name: "iterative-protected", mode: "iterative", protectBuildings: true, maxChange: 1 },
};

export interface ExperimentJob {
  id: string;
  patch: string;
  model: string;
  variant: string;
}

export interface ExperimentPlan {
  dataset: string;
  cases: { patch: string; aoi_cells: number }[];
  models: Record<string, string>;
  variants: string[];
  jobs: ExperimentJob[];
}

export const AOI_THRESHOLD = 0.1;

/** The simulated HR of an original patch and its AOI (HR > 0.1). */
export function simulatedAoi(dataset: string, id: string): { hr: Float32Array; aoi: Uint8Array } {
  const r = readRaster(patchPath(dataset, id));
  const hr = hazardRatingMap(r.bands[2].data, r.bands[3].data);
  return { hr, aoi: Uint8Array.from(hr, (v) => (v > AOI_THRESHOLD ? 1 : 0)) };
}

export function planExperiment(dataset: string, cases: number, models: Record<string, string>, variants: string[]): ExperimentPlan {
  const m: Manifest = readManifest(dataset);
  for (const v of variants) if (!(v in VARIANTS)) throw new Error(`--variants: unknown variant '${v}'; known: ${Object.keys(VARIANTS).join(", ")}`);
  const test = m.patches.filter((p) => p.split === "test" && p.variant === 0 && isSimulated(dataset, p.id));
  if (test.length === 0) throw new Error(`${dataset}: no simulated test patches`);
  const flooded = test
    .map((p) => ({ patch: p.id, aoi_cells: simulatedAoi(dataset, p.id).aoi.reduce((a, v) => a + v, 0) }))
    .filter((c) => c.aoi_cells > 0)
    .sort((a, b) => b.aoi_cells - a.aoi_cells || a.patch.localeCompare(b.patch))
    .slice(0, cases);
  if (flooded.length < cases) process.stderr.write(`note: only ${flooded.length} test patches have cells with simulated HR > ${AOI_THRESHOLD}\n`);
  const jobs: ExperimentJob[] = [];
  for (const c of flooded) for (const model of Object.keys(models)) for (const variant of variants) jobs.push({ id: `${c.patch}__${model}__${variant}`, patch: c.patch, model, variant });
  return { dataset, cases: flooded, models, variants, jobs };
}
