// Durations as on the command line: a number with a unit (90s, 30m, 2h, 1d); a bare number is seconds.
import { z } from "zod";

function secondsOf(text: string | number): number | string {
  if (typeof text === "number") return text >= 0 ? text : `expected a duration ≥ 0, got ${text}`;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$/.exec(text);
  if (!m) return `'${text}' is not a duration; expected e.g. 90s, 30m, 2h or a number of seconds`;
  const unit = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s"];
  return Number(m[1]) * unit;
}

export function parseDuration(text: string | number, what: string): number {
  const s = secondsOf(text);
  if (typeof s === "string") throw new Error(`${what}: ${s}`);
  return s;
}

/** A config value that is a duration (number of seconds or text with a unit), validated and turned into seconds. */
export const durationSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = secondsOf(v);
  if (typeof s === "string") {
    ctx.addIssue({ code: "custom", message: s });
    return z.NEVER;
  }
  return s;
});
