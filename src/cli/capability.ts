// One shape for `catchment <capability> <verb>`: a zod-validated config (YAML file and/or options),
// paths resolved by one mechanism, options mapped to config keys by one mechanism, and the run
// options every capability shares (--threads, --device, --seed, --run-dir, --resume) handled once.
import { Command, Option } from "commander";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import { configFromOptions, loadConfig, RawConfig } from "../util/config.js";
import { parseDevice } from "../torch/device.js";
import { setNumThreads } from "../torch/index.js";

export interface OptionSpec {
  /** commander flags, e.g. "--dem <raster>" or "--resume" */
  flags: string;
  description: string;
  /** the config key it sets; default: the long flag in snake_case (--building-height → building_height) */
  key?: string;
  /** turns the text into the config value (numbers, lists); default: the text itself */
  parse?: (text: string) => unknown;
  /** an option of the command alone, not a config key: its value is in ctx.options */
  cliOnly?: boolean;
  /** a default for a cliOnly option */
  default?: unknown;
}

export type CommonOption = "threads" | "device" | "seed" | "run-dir" | "resume";

export interface RunContext {
  /** intra-op threads in use (libtorch, OpenBLAS and native kernels) */
  threads: number;
  /** libtorch device string, e.g. "cpu" or "cuda:0" */
  device: string;
  seed?: number;
  runDir?: string;
  resume: boolean;
  /** the config file, when one was given */
  configPath?: string;
  /** the command line, for the run record */
  command: string;
  /** every option's value by commander's attribute name (cliOnly options among them) */
  options: Record<string, unknown>;
}

export interface CapabilityCommandSpec<S extends z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** config keys that hold paths (see loadConfig) */
  pathKeys?: readonly string[];
  options?: OptionSpec[];
  common?: CommonOption[];
  /** common options that must be given */
  requiredCommon?: CommonOption[];
  /** whether --config is required, optional (options alone may make the config) or absent */
  config?: "required" | "optional" | "none";
  /** the config file used when --config is not given */
  configDefault?: string;
  /** positional arguments, as commander's `.argument()` */
  args?: { name: string; description: string }[];
  run(cfg: z.infer<S>, ctx: RunContext, args: string[]): void | Promise<void>;
}

const snake = (s: string) => s.replace(/-/g, "_");
const longName = (flags: string) => {
  const m = /--([a-z0-9-]+)/.exec(flags);
  if (!m) throw new Error(`option '${flags}' needs a long name`);
  return m[1];
};

/** Text → number for an option, the error naming the option. */
export function numberOption(flag: string, o: { integer?: boolean; min?: number } = {}) {
  return (t: string): number => {
    const v = Number(t);
    if (t.trim() === "" || !Number.isFinite(v) || (o.integer && !Number.isInteger(v)) || (o.min !== undefined && v < o.min))
      throw new Error(`${flag}: expected ${o.integer ? "a whole number" : "a number"}${o.min !== undefined ? ` ≥ ${o.min}` : ""}, got '${t}'`);
    return v;
  };
}

export const listOption = (t: string) => t.split(",").map((s) => s.trim()).filter(Boolean);

const threadsOf = numberOption("--threads", { integer: true, min: 1 });
const seedOf = numberOption("--seed", { integer: true, min: 0 });

/** The global options (before the command) that every command also accepts after its name. */
export function addGlobalOptions(program: Command): void {
  program
    .enablePositionalOptions()
    .option("--threads <n>", "intra-op threads (libtorch, OpenBLAS, native kernels); default: CATCHMENT_THREADS or all cores")
    .option("--device <device>", "cpu (default) or cuda:N (needs a CUDA libtorch, see README)");
}

function schemaKeys(schema: z.ZodType): Set<string> {
  let s: unknown = schema;
  // unwrap effects/pipes/defaults to reach the object's shape
  for (let i = 0; i < 8 && s && typeof s === "object"; i++) {
    const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; in?: unknown; innerType?: unknown; schema?: unknown } }).def;
    if (!def) break;
    if (def.type === "object" && def.shape) return new Set(Object.keys(def.shape));
    s = def.in ?? def.innerType ?? def.schema;
  }
  return new Set();
}

export function addCapabilityCommand<S extends z.ZodType>(parent: Command, spec: CapabilityCommandSpec<S>): Command {
  const cmd = parent.command(spec.name).description(spec.description);
  for (const a of spec.args ?? []) cmd.argument(a.name, a.description);
  const configMode = spec.config ?? "required";
  if (configMode === "required" && spec.configDefault) cmd.option("--config <yaml>", "the run's YAML config (options given here override its keys)", spec.configDefault);
  else if (configMode === "required") cmd.requiredOption("--config <yaml>", "the run's YAML config (options given here override its keys)");
  else if (configMode === "optional") cmd.option("--config <yaml>", "the same keys as the options, in YAML (options given here override it)");
  const keyOf = new Map<string, string>();
  const optionNames = new Map<string, string>();
  for (const o of spec.options ?? []) {
    const long = longName(o.flags);
    const key = o.key ?? snake(long);
    const opt = new Option(o.flags, o.description);
    if (o.parse) opt.argParser(o.parse);
    if (o.default !== undefined) opt.default(o.default);
    cmd.addOption(opt);
    if (o.cliOnly) continue;
    keyOf.set(opt.attributeName(), key);
    optionNames.set(key, `--${long}`);
  }
  const required = new Set(spec.requiredCommon ?? []);
  const common = new Set([...(spec.common ?? []), ...required]);
  if (common.has("threads")) cmd.option("--threads <n>", "intra-op threads; default: the global --threads, CATCHMENT_THREADS or all cores");
  if (common.has("device")) cmd.option("--device <device>", "cpu (default) or cuda:N");
  if (common.has("seed")) cmd.option("--seed <n>", "random seed (overrides the config's seed)", seedOf);
  if (required.has("run-dir")) cmd.requiredOption("--run-dir <dir>", "the run's folder");
  else if (common.has("run-dir")) cmd.option("--run-dir <dir>", "the run's own folder");
  if (common.has("resume")) cmd.option("--resume", "continue the run in --run-dir from its latest checkpoint");
  const keys = schemaKeys(spec.schema);

  cmd.action(async function (this: Command, ...actionArgs: unknown[]) {
    const o = this.opts<Record<string, unknown>>();
    const globals = this.optsWithGlobals<{ threads?: string; device?: string }>();
    // the command's own value wins over the global one (commander keeps both apart thanks to positional options)
    const threadsText = (o.threads as string | undefined) ?? globals.threads;
    const deviceText = (o.device as string | undefined) ?? globals.device;
    const overrides: RawConfig = {};
    for (const [attr, key] of keyOf) if (o[attr] !== undefined) overrides[key] = o[attr];
    const threadsOption = threadsText === undefined ? undefined : threadsOf(threadsText);
    const device = parseDevice(deviceText ?? "cpu", "--device");
    if (threadsOption !== undefined && keys.has("threads")) overrides.threads = threadsOption;
    if (deviceText !== undefined && keys.has("device")) overrides.device = device;
    if (o.seed !== undefined && keys.has("seed")) overrides.seed = o.seed;
    for (const [k, flag] of [["threads", "--threads"], ["device", "--device"], ["seed", "--seed"]] as const) if (!optionNames.has(k)) optionNames.set(k, flag);
    const configPath = o.config as string | undefined;
    const load = { pathKeys: spec.pathKeys, optionNames };
    const cfg = configPath ? loadConfig(configPath, spec.schema, { ...load, overrides }) : configFromOptions(overrides, spec.schema, load);
    const c = cfg as Record<string, unknown>;
    const threads = threadsOption ?? (typeof c.threads === "number" ? c.threads : undefined) ?? (Number(process.env.CATCHMENT_THREADS) || availableParallelism());
    setNumThreads(threads);
    const ctx: RunContext = {
      threads,
      device: deviceText === undefined && typeof c.device === "string" ? parseDevice(c.device, "device") : device,
      seed: (o.seed as number | undefined) ?? (typeof c.seed === "number" ? c.seed : undefined),
      runDir: o.runDir === undefined ? undefined : resolve(o.runDir as string),
      resume: o.resume === true,
      configPath: configPath === undefined ? undefined : resolve(configPath),
      command: ["catchment", ...process.argv.slice(2)].join(" "),
      options: o,
    };
    const positional = actionArgs.slice(0, spec.args?.length ?? 0) as string[];
    await spec.run(cfg, ctx, positional);
  });
  return cmd;
}
