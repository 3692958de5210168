// The basins of a calibration config, checked before anything runs.
import { CalibrateConfig, DatasetConfig } from "../calibration/config.js";
import { loadAu20 } from "./au20.js";
import { MonthlyBasin, checkBasin } from "./basin.js";
import { loadBudget189 } from "./budget189.js";
import { loadCamelsFr } from "./camels-fr.js";
import { loadGeneric } from "./generic.js";
import { readBioclim } from "./grids.js";

export function loadDataset(d: DatasetConfig): MonthlyBasin[] {
  switch (d.type) {
    case "au20":
      return loadAu20(d.dir);
    case "camels_fr":
      return loadCamelsFr(d.dir);
    case "budget189":
      return loadBudget189(d.dir, readBioclim(d.bioclim), d.precipitation);
    case "generic":
      return loadGeneric(d.dir);
  }
}

export function loadBasins(cfg: Pick<CalibrateConfig, "datasets" | "basins" | "warm_up_months" | "min_scored_months">): MonthlyBasin[] {
  let basins = cfg.datasets.flatMap(loadDataset);
  const seen = new Map<string, MonthlyBasin>();
  for (const b of basins) {
    const other = seen.get(b.id);
    if (other) throw new Error(`basin id '${b.id}' is in two data sets (${other.source} and ${b.source}); ids must be unique`);
    seen.set(b.id, b);
  }
  if (cfg.basins) {
    const missing = cfg.basins.filter((id) => !seen.has(id));
    if (missing.length) throw new Error(`key 'basins': ${missing.map((m) => `'${m}'`).join(", ")} not in the data sets`);
    const wanted = new Set(cfg.basins);
    basins = basins.filter((b) => wanted.has(b.id));
  }
  for (const b of basins) checkBasin(b, cfg.warm_up_months, cfg.min_scored_months);
  return basins;
}
