// A surrogate dataset folder: dataset.json (format, version, scenario, config, sources, and every
// planned patch with its source, split, seed and georeference) and patches/<id>.tif, one GeoTIFF per
// simulated patch with four bands (ground, buildings, max_depth, max_velocity) on the patch's grid.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GeoTransform } from "../../geo/index.js";
import { Scenario } from "../scenario.js";
import { DatasetConfig } from "./config.js";

export const DATASET_FORMAT = "catchment-surrogate-dataset";
export const DATASET_VERSION = 1;
export const PATCH_BANDS = ["ground_m", "buildings_m", "max_depth_m", "max_velocity_m_s"] as const;

export type SplitName = "train" | "validation" | "test";
export type SourceKind = "procedural" | "real" | "layout";

export interface SourceInfo {
  name: string;
  kind: SourceKind;
  /** materialised rasters on the scenario's cells (relative to the dataset folder) */
  ground?: string;
  buildings?: string;
  width?: number;
  height?: number;
  notes: string[];
}

export interface PatchSpec {
  id: string;
  source: string;
  kind: SourceKind;
  /** 0 for an original patch, k for its k-th bump variant */
  variant: number;
  parent?: string;
  split: SplitName;
  /** seed of the procedural ground (procedural and layout sources) */
  seed: number;
  /** seed of the artificial bumps of a variant */
  bumpSeed?: number;
  /** the window in the source rasters (real and layout sources) */
  x?: number;
  y?: number;
  geotransform: GeoTransform;
  /** index into manifest.crs (null: no CRS, metres assumed) */
  crs: number | null;
}

export interface Manifest {
  format: typeof DATASET_FORMAT;
  version: number;
  catchment_version: string;
  created: string;
  scenario: Scenario;
  config: DatasetConfig;
  sources: SourceInfo[];
  crs: string[];
  patches: PatchSpec[];
}

export const manifestPath = (dir: string) => join(dir, "dataset.json");
export const patchPath = (dir: string, id: string) => join(dir, "patches", `${id}.tif`);

export function readManifest(dir: string): Manifest {
  const path = manifestPath(dir);
  if (!existsSync(path)) throw new Error(`${dir}: not a surrogate dataset (no dataset.json); build one with catchment surrogate dataset --config d.yml --out ${dir}`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (m.format !== DATASET_FORMAT) throw new Error(`${path}: format '${String(m.format)}' is not a catchment surrogate dataset`);
  if (m.version !== DATASET_VERSION)
    throw new Error(`${path}: dataset format version ${m.version}, this catchment reads version ${DATASET_VERSION}; rebuild it with this version (catchment surrogate dataset)`);
  return m;
}

export function isSimulated(dir: string, id: string): boolean {
  return existsSync(patchPath(dir, id));
}
