// YAML run configs validated by a zod schema; unknown keys are rejected by name.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export function loadConfig<S extends z.ZodType>(path: string, schema: S, overrides: Record<string, unknown> = {}): z.infer<S> {
  if (!existsSync(path)) throw new Error(`${path}: config file not found`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${path}: expected a mapping of keys to values`);
  return validateConfig(path, { ...(raw as Record<string, unknown>), ...overrides }, schema);
}

export function validateConfig<S extends z.ZodType>(source: string, raw: unknown, schema: S): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") throw new Error(`${source}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`);
  const key = issue.path.length ? issue.path.join(".") : "(top level)";
  throw new Error(`${source}: key '${key}': ${issue.message}`);
}
