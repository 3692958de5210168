// Durations as on the command line: a number with a unit (90s, 30m, 2h, 1d); a bare number is seconds.
export function parseDuration(text: string | number, what: string): number {
  if (typeof text === "number") {
    if (!(text >= 0)) throw new Error(`${what}: expected a duration ≥ 0, got ${text}`);
    return text;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$/.exec(text);
  if (!m) throw new Error(`${what}: '${text}' is not a duration; expected e.g. 90s, 30m, 2h or a number of seconds`);
  const unit = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s"];
  return Number(m[1]) * unit;
}
