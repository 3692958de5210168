// Where a run lives and what it keeps: the run tree of seed 004 and the files every run folder holds.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parse } from "yaml";
import { validateConfig } from "../util/config.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { RunoffConfig, runoffSchema } from "./config.js";
import { DatasetSpec } from "./data/basins.js";
import { Normalization } from "./data/samples.js";
import { StaticVectors, parseStaticsCsv, staticsCsv } from "./statics.js";

/** runs/<basin list>/<model>/<static option>/[d_<d>/static_seed_<s>/]seed_<n> */
export function runTreeDir(cfg: RunoffConfig, root = "runs"): string {
  const list = basename(cfg.train_basin_file, extname(cfg.train_basin_file));
  const random = cfg.static_vector === "gaussian" || cfg.static_vector === "mixed";
  const parts = [root, list, cfg.model, cfg.static_vector, ...(random ? [`d_${cfg.static_dim}`, `static_seed_${cfg.static_seed}`] : []), `seed_${cfg.seed}`];
  return resolve(join(...parts));
}

/** Paths in the config are relative to the config file; the run keeps them absolute. */
export function resolvePaths(cfg: RunoffConfig, configPath: string): RunoffConfig {
  const base = dirname(resolve(configPath));
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(base, p));
  return {
    ...cfg,
    data_dir: abs(cfg.data_dir) as string,
    attributes_dir: abs(cfg.attributes_dir),
    train_basin_file: abs(cfg.train_basin_file) as string,
    validation_basin_file: abs(cfg.validation_basin_file),
    test_basin_file: abs(cfg.test_basin_file),
  };
}

export function datasetSpec(cfg: RunoffConfig): DatasetSpec {
  const forcings = cfg.forcings === undefined ? ["daymet"] : Array.isArray(cfg.forcings) ? cfg.forcings : [cfg.forcings];
  return { dataset: cfg.dataset, dataDir: cfg.data_dir, forcings, attributesDir: cfg.attributes_dir };
}

export function benchmarkVariable(cfg: RunoffConfig): string | undefined {
  return cfg.benchmark_variable ?? (cfg.dataset === "camels_model_output" ? "MOD_RUN" : undefined);
}

/** What a runoff run keeps beside config.yml and run.json (written by the run folder). */
export function writeRunFiles(runDir: string, norm: Normalization, statics: StaticVectors): void {
  writeFileAtomic(join(runDir, "normalization.json"), JSON.stringify(norm, null, 2) + "\n");
  writeFileAtomic(join(runDir, "statics.csv"), staticsCsv(statics));
}

export interface StoredRun {
  cfg: RunoffConfig;
  norm: Normalization;
  statics: StaticVectors;
}

export function readRunFiles(runDir: string): StoredRun {
  for (const f of ["config.yml", "normalization.json", "statics.csv"])
    if (!existsSync(join(runDir, f))) throw new Error(`${join(runDir, f)}: not found; is ${runDir} a runoff run folder?`);
  const raw = parse(readFileSync(join(runDir, "config.yml"), "utf8")) as Record<string, unknown>;
  // runs of catchment 0.1 kept these in config.yml; run.json holds them now
  for (const k of ["catchment_version", "git_commit", "threads"]) delete raw[k];
  const cfg = validateConfig(join(runDir, "config.yml"), raw, runoffSchema);
  const norm = JSON.parse(readFileSync(join(runDir, "normalization.json"), "utf8")) as Normalization;
  const statics = parseStaticsCsv(readFileSync(join(runDir, "statics.csv"), "utf8"), join(runDir, "statics.csv"));
  return { cfg, norm, statics };
}
