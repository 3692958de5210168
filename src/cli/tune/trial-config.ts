// A trial's config: the study's base config with the trial's parameters at their (dotted) keys and
// the capability's path keys made absolute, since the trial's config lives in the trial's folder.
import { dirname, isAbsolute, resolve } from "node:path";
import type { ParamValue } from "../../train/tune/index.js";
import { getKey, setKey, StudyFile } from "./study-file.js";

export function trialConfig(study: StudyFile, params: Record<string, ParamValue>): Record<string, unknown> {
  let cfg: Record<string, unknown> = { ...study.baseConfig };
  const base = dirname(study.configPath);
  for (const key of study.tunable.pathKeys) {
    const v = getKey(cfg, key);
    if (typeof v === "string" && !isAbsolute(v)) cfg = setKey(cfg, key, resolve(base, v));
  }
  for (const [k, v] of Object.entries(params)) cfg = setKey(cfg, k, v);
  return cfg;
}
