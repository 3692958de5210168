// A cwsc run folder's stored config (written by RunFolder): read back for evaluation, and compared
// with the config given when a run is resumed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The config a run folder was made with (without its run record). */
export function readRunConfig(runDir: string): Record<string, unknown> {
  const path = join(runDir, "config.yml");
  if (!existsSync(path)) throw new Error(`${path}: not found; is ${runDir} a cwsc run folder?`);
  const raw = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  delete raw.run; // the run record of folders written before run.json existed
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
