// The study file of `catchment tune`: which capability command and config to run, the search space
// over that config's keys, the objective (a metric the run writes per epoch) and its direction, the
// number of trials, sampler, pruner and storage. Everything is checked before anything is written.
import { basename, dirname, extname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { Distribution, DistributionError, categoricalDistribution, floatDistribution, intDistribution } from "../../train/tune/index.js";
import { describeIssues, loadConfig, readYamlMapping, validateConfig } from "../../util/config.js";
import { parseDuration } from "../../util/duration.js";
import { TUNABLE, TunableCommand } from "./capabilities.js";

const samplerSchema = z
  .object({
    name: z.enum(["tpe", "random"]).default("tpe"),
    n_startup_trials: z.number().int().min(0).optional(),
    n_ei_candidates: z.number().int().min(1).optional(),
    multivariate: z.boolean().optional(),
    constant_liar: z.boolean().optional(),
  })
  .strict();

const prunerSchema = z
  .object({
    name: z.enum(["median", "percentile", "successive_halving", "hyperband", "none"]).default("median"),
    percentile: z.number().min(0).max(100).optional(),
    n_startup_trials: z.number().int().min(0).optional(),
    n_warmup_steps: z.number().int().min(0).optional(),
    interval_steps: z.number().int().min(1).optional(),
    min_resource: z.number().int().min(1).optional(),
    max_resource: z.number().int().min(1).optional(),
    reduction_factor: z.number().int().min(2).optional(),
  })
  .strict();

const objectiveSchema = z
  .object({
    metric: z.string().min(1),
    /** best: the best value over the run's epochs (the epoch whose model a trainer keeps); last: the final epoch's. */
    value: z.enum(["best", "last"]).default("best"),
  })
  .strict();

export const studySchema = z
  .object({
    study_name: z.string().min(1).optional(),
    command: z.string().min(1),
    config: z.string().min(1),
    objective: z.union([z.string().min(1).transform((metric) => ({ metric, value: "best" as const })), objectiveSchema]),
    direction: z.enum(["minimize", "maximize"]),
    trials: z.number().int().min(1),
    workers: z.number().int().min(1).default(1),
    threads: z.number().int().min(1).optional(),
    storage: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    seed: z.number().int().min(0).default(0),
    timeout: z.union([z.string(), z.number()]).optional(),
    sampler: samplerSchema.default({ name: "tpe" }),
    pruner: prunerSchema.default({ name: "median" }),
    search: z.record(z.string(), z.unknown()),
  })
  .strict();

export type StudyFileRaw = z.infer<typeof studySchema>;

/** Keys of the study file that are paths, relative to the study file (or to the working directory when given as options). */
export const studyPathKeys = ["config", "out"] as const;

export interface StudyFile extends Omit<StudyFileRaw, "search" | "timeout"> {
  path: string;
  studyName: string;
  /** The capability config, absolute. */
  configPath: string;
  /** The config as written (YAML), before validation, for trial configs. */
  baseConfig: Record<string, unknown>;
  tunable: TunableCommand;
  search: Record<string, Distribution>;
  timeout?: number;
}

/** Reads a value at a dotted key. */
export function getKey(obj: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** A copy of obj with the value at a dotted key set. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = key.split(".");
  if (rest.length === 0) return { ...obj, [head]: value };
  const inner = obj[head];
  return { ...obj, [head]: setKey(inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest.join("."), value) };
}

/** One search entry: {float: [lo, hi], log?, step?} | {int: [lo, hi], log?, step?} | {categorical: [choices]}. */
function parseSearchEntry(source: string, key: string, spec: unknown): Distribution {
  const where = `${source}: search.${key}`;
  const expected = `expected {float: [low, high]}, {int: [low, high]} or {categorical: [choice, …]} (with log: true or step: s for numbers)`;
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw new Error(`${where}: ${expected}`);
  const s = spec as Record<string, unknown>;
  const kinds = ["float", "int", "categorical"].filter((k) => k in s);
  if (kinds.length !== 1) throw new Error(`${where}: ${expected}`);
  const kind = kinds[0];
  const allowed = kind === "categorical" ? ["categorical"] : [kind, "log", "step"];
  const extra = Object.keys(s).filter((k) => !allowed.includes(k));
  if (extra.length) throw new Error(`${where}: unknown key${extra.length > 1 ? "s" : ""} ${extra.map((k) => `'${k}'`).join(", ")}; ${expected}`);
  try {
    if (kind === "categorical") {
      if (!Array.isArray(s.categorical) || s.categorical.length === 0) throw new DistributionError("a categorical needs a list of at least one choice");
      return categoricalDistribution(key, s.categorical as never[]);
    }
    const range = s[kind];
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === "number")) throw new DistributionError(`${kind}: expected [low, high] as two numbers, got ${JSON.stringify(range)}`);
    const [low, high] = range as number[];
    if (low === high) throw new DistributionError(`the range [${low}, ${high}] is empty; set the value in the config instead`);
    if (s.log !== undefined && typeof s.log !== "boolean") throw new DistributionError(`log: expected true or false`);
    if (s.step !== undefined && typeof s.step !== "number") throw new DistributionError(`step: expected a number`);
    const o = { log: s.log as boolean | undefined, step: s.step as number | undefined };
    return kind === "float" ? floatDistribution(key, low, high, o) : intDistribution(key, low, high, o);
  } catch (e) {
    if (e instanceof DistributionError) throw new Error(`${where}: ${e.message.replace(new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `), "")}`);
    throw e;
  }
}

/** Sample values that exercise a distribution: its ends and, for floats, a point inside that is not a whole number; or every choice. */
function probes(d: Distribution): unknown[] {
  if (d.kind === "categorical") return [...d.choices];
  if (d.kind === "int" || d.step !== null) return [d.low, d.high];
  const inner = d.log ? Math.exp(Math.log(d.low) + 0.381966 * (Math.log(d.high) - Math.log(d.low))) : d.low + 0.381966 * (d.high - d.low);
  return [d.low, d.high, Number.isInteger(inner) ? inner + (d.high - d.low) * 1e-3 : inner];
}

/** Reads and checks a study file; options override its keys (paths in them relative to the working directory). */
export function loadStudyFile(path: string, overrides: { storage?: string; workers?: number; trials?: number; out?: string; seed?: number; threads?: number } = {}): StudyFile {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const s = loadConfig(path, studySchema, { pathKeys: studyPathKeys, overrides: given });
  return prepareStudy(s, path, { storageFromOptions: overrides.storage !== undefined });
}

/** The rest of the checks on a validated study file: the command, its config, every search key, the metric. */
export function prepareStudy(s: StudyFileRaw, path: string, o: { storageFromOptions?: boolean } = {}): StudyFile {
  const file = resolve(path);
  const tunable = TUNABLE[s.command.trim().replace(/\s+/g, " ")];
  if (!tunable) throw new Error(`${path}: command '${s.command}': not a command catchment tune can run; it runs ${Object.keys(TUNABLE).map((k) => `'${k}'`).join(", ")}`);
  const configPath = resolve(dirname(file), s.config);
  const baseConfig = readYamlMapping(configPath);
  const validated = validateConfig(configPath, baseConfig, tunable.schema);
  const keys = Object.keys(s.search);
  if (keys.length === 0) throw new Error(`${path}: search: name at least one config key to tune`);
  const search: Record<string, Distribution> = {};
  for (const key of keys) {
    const d = parseSearchEntry(path, key, s.search[key]);
    // every end and choice must make a valid config: unknown keys and wrong types show up here
    for (const v of probes(d)) {
      const r = tunable.schema.safeParse(setKey(baseConfig, key, v));
      if (r.success) continue;
      if (r.error.issues.some((i) => i.code === "unrecognized_keys")) throw new Error(`${path}: search key '${key}' is not a key of the ${s.command} config (${configPath})`);
      throw new Error(`${path}: search.${key}: the value ${JSON.stringify(v)} is not valid for the ${s.command} config (${describeIssues(r.error.issues)})`);
    }
    search[key] = d;
  }
  const metrics = tunable.metrics(validated);
  if (!metrics.includes(s.objective.metric))
    throw new Error(`${path}: objective metric '${s.objective.metric}': a ${s.command} run with this config writes ${metrics.join(", ")} to ${tunable.metricsFile}`);
  const studyName = s.study_name ?? basename(file, extname(file));
  const timeout = s.timeout === undefined ? undefined : parseDuration(s.timeout, `${path}: timeout`);
  // a sqlite path in the study file is relative to the study file, one given as an option to the working directory
  let storage = s.storage;
  if (storage?.startsWith("sqlite:") && !o.storageFromOptions) {
    const rest = storage.slice("sqlite:".length);
    const p = rest.startsWith("///") ? rest.slice(3) : rest;
    if (!isAbsolute(p)) storage = `sqlite:${resolve(dirname(file), p)}`;
  }
  return {
    ...s,
    storage,
    out: s.out ? resolve(s.out) : resolve("runs", "tune", studyName),
    path: file,
    studyName,
    configPath,
    baseConfig,
    tunable,
    search,
    timeout,
  };
}
