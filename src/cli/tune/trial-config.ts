// A trial's config: the study's base config with the trial's parameters at their (dotted) keys and
// the capability's path keys made absolute, since the trial's config lives in the trial's folder.
import { dirname } from "node:path";
import type { ParamValue } from "../../train/tune/index.js";
import { resolvePathKeys } from "../../util/config.js";
import { setKey, StudyFile } from "./study-file.js";

export function trialConfig(study: StudyFile, params: Record<string, ParamValue>): Record<string, unknown> {
  let cfg = resolvePathKeys(study.baseConfig, dirname(study.configPath), study.tunable.pathKeys);
  for (const [k, v] of Object.entries(params)) cfg = setKey(cfg, k, v);
  return cfg;
}
