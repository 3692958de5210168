// The run folder of a cwsc command: the resolved config with the software, seed, threads, device
// and times that made it; refuses to reuse a folder that holds another run unless resuming.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { writeFileAtomic } from "../util/atomic-write.js";
import { catchmentVersion, gitCommit } from "../util/run-info.js";

export interface RunInfo {
  command: string;
  seed: number;
  threads: number;
  device?: string;
  started: string;
}

const META_KEYS = ["run"];

/** Writes config.yml: the config as resolved, and what made the run. */
export function writeRunConfig(runDir: string, cfg: object, info: RunInfo): void {
  const run = { ...info, catchment_version: catchmentVersion(), git_commit: gitCommit() };
  writeFileAtomic(join(runDir, "config.yml"), stringify({ ...cfg, run }));
}

/** The config a run folder was made with (without its run record). */
export function readRunConfig(runDir: string): Record<string, unknown> {
  const path = join(runDir, "config.yml");
  if (!existsSync(path)) throw new Error(`${path}: not found; is ${runDir} a cwsc run folder?`);
  const raw = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  for (const k of META_KEYS) delete raw[k];
  return raw;
}

/** On resume the stored config must equal the one given, key by key. */
export function checkSameConfig(runDir: string, cfg: object, mayDiffer: string[] = []): void {
  const stored = readRunConfig(runDir);
  const given = JSON.parse(JSON.stringify(cfg)) as Record<string, unknown>;
  const keys = new Set([...Object.keys(stored), ...Object.keys(given)]);
  for (const k of keys)
    if (!mayDiffer.includes(k) && JSON.stringify(stored[k]) !== JSON.stringify(given[k]))
      throw new Error(`${join(runDir, "config.yml")}: key '${k}' differs from the config given; a resumed run keeps its config`);
}

/** Resolves the given path-valued keys relative to the config file's folder (nested by dotted name, lists included). */
export function resolveRelative<T>(value: T, base: string, isPath: (key: string) => boolean, key = ""): T {
  if (typeof value === "string") return (isPath(key) && !isAbsolute(value) ? resolve(base, value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => resolveRelative(v, base, isPath, key)) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRelative(v, base, isPath, k)])) as T;
  return value;
}

export const configDir = (configPath: string) => dirname(resolve(configPath));
