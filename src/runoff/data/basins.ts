// Basin list files and the dataset switch.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LruCache } from "../../util/lru-cache.js";
import { BasinData } from "./basin-data.js";
import { loadCamelsUs } from "./camels-us.js";
import { loadModelOutput } from "./model-output.js";
import { loadGeneric } from "./generic.js";
import { AttributeTable, readCamelsAttributes, readGenericAttributes } from "./attributes.js";

/** One basin id per line; CAMELS ids keep their leading zeros. */
export function readBasinFile(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: basin file not found`);
  const ids = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  if (ids.length === 0) throw new Error(`${path}: no basin ids (one per line expected)`);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`${path}: basin ${dup} is listed twice`);
  return ids;
}

export interface DatasetSpec {
  dataset: "camels_us" | "camels_model_output" | "generic";
  dataDir: string;
  forcings: string[];
  attributesDir?: string;
}

/** Loaded basins, bounded by their arrays' bytes (CATCHMENT_BASIN_CACHE_MB, default 1024). */
export const basinCache = new LruCache<string, BasinData>((Number(process.env.CATCHMENT_BASIN_CACHE_MB) || 1024) * 2 ** 20, (d) => [...d.variables.values()].reduce((s, v) => s + v.byteLength, 0));

export function loadBasin(spec: DatasetSpec, basin: string): BasinData {
  const key = `${spec.dataset}|${spec.dataDir}|${spec.forcings.join(",")}|${basin}`;
  let d = basinCache.get(key);
  if (!d) {
    d =
      spec.dataset === "camels_us"
        ? loadCamelsUs(spec.dataDir, spec.forcings, basin)
        : spec.dataset === "camels_model_output"
          ? loadModelOutput(spec.dataDir, basin)
          : loadGeneric(spec.dataDir, basin);
    basinCache.set(key, d);
  }
  return d;
}

export function loadAttributes(spec: DatasetSpec): AttributeTable {
  if (spec.dataset === "generic") return readGenericAttributes(spec.attributesDir ? join(spec.attributesDir, "attributes.csv") : join(spec.dataDir, "attributes.csv"));
  return readCamelsAttributes(spec.attributesDir ?? join(spec.dataDir, "camels_attributes_v2.0"));
}
