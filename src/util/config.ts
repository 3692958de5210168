// YAML run configs validated by a zod schema: unknown keys are rejected by name, and every invalid
// key is reported at once, in one line. Paths in a config file are relative to the file.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export type RawConfig = Record<string, unknown>;

export interface LoadOptions {
  /** values that replace the file's (command-line options); paths in them are relative to the working directory */
  overrides?: RawConfig;
  /** keys holding paths, dotted, with `*` for every element of a list: "dem", "manning_zones.*.vector" */
  pathKeys?: readonly string[];
  /** how override keys are named in errors (e.g. "dem" → "--dem") */
  optionNames?: ReadonlyMap<string, string>;
}

export function readYamlMapping(path: string): RawConfig {
  if (!existsSync(path)) throw new Error(`${path}: config file not found`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${path}: expected a mapping of keys to values`);
  return raw as RawConfig;
}

/** A number written as text is a value, not a path (e.g. `rain: "20"`). */
const looksNumeric = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));

/** Resolves the string values at `pathKeys` against `base`; other values are left as they are. */
export function resolvePathKeys(raw: RawConfig, base: string, pathKeys: readonly string[]): RawConfig {
  const out = structuredClone(raw);
  const visit = (node: unknown, parts: string[]): unknown => {
    if (parts.length === 0) return typeof node === "string" && !looksNumeric(node) && !isAbsolute(node) ? resolve(base, node) : node;
    const [head, ...rest] = parts;
    if (head === "*") return Array.isArray(node) ? node.map((v) => visit(v, rest)) : node;
    if (node && typeof node === "object" && !Array.isArray(node) && head in (node as RawConfig)) (node as RawConfig)[head] = visit((node as RawConfig)[head], rest);
    return node;
  };
  for (const key of pathKeys) visit(out, key.split("."));
  return out;
}

export function loadConfig<S extends z.ZodType>(path: string, schema: S, o: LoadOptions | RawConfig = {}): z.infer<S> {
  const opts: LoadOptions = "overrides" in o || "pathKeys" in o || "optionNames" in o ? (o as LoadOptions) : { overrides: o as RawConfig };
  const fromFile = resolvePathKeys(readYamlMapping(path), dirname(resolve(path)), opts.pathKeys ?? []);
  const overrides = resolvePathKeys(opts.overrides ?? {}, process.cwd(), opts.pathKeys ?? []);
  return validateConfig(path, { ...fromFile, ...overrides }, schema, { fromOptions: new Set(Object.keys(overrides)), optionNames: opts.optionNames });
}

/** Builds a config from command-line values alone (no file). */
export function configFromOptions<S extends z.ZodType>(values: RawConfig, schema: S, o: Omit<LoadOptions, "overrides"> = {}): z.infer<S> {
  const raw = resolvePathKeys(values, process.cwd(), o.pathKeys ?? []);
  return validateConfig("command line", raw, schema, { fromOptions: new Set(Object.keys(raw)), optionNames: o.optionNames });
}

export interface ValidateContext {
  /** top-level keys whose value came from a command-line option: errors name the option */
  fromOptions?: ReadonlySet<string>;
  optionNames?: ReadonlyMap<string, string>;
}

/** Validates; on failure one line naming every offending key (or option) and what was expected. */
export function validateConfig<S extends z.ZodType>(source: string, raw: unknown, schema: S, ctx: ValidateContext = {}): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new Error(`${source}: ${describeIssues(result.error.issues, ctx)}`);
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], ctx: ValidateContext = {}): string {
  const parts: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const prefix = issue.path.length ? `${issue.path.join(".")}.` : "";
      parts.push(`unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${prefix}${k}'`).join(", ")}`);
      continue;
    }
    const top = String(issue.path[0] ?? "");
    const key = issue.path.length ? issue.path.join(".") : "(top level)";
    const option = ctx.fromOptions?.has(top) ? (ctx.optionNames?.get(top) ?? `--${top.replace(/_/g, "-")}`) : null;
    const name = option ? (issue.path.length > 1 ? `${option} (${key})` : option) : `key '${key}'`;
    parts.push(`${name}: ${issue.message}`);
  }
  return parts.join("; ");
}
