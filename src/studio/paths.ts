// Every file the studio serves or writes lies inside one of its roots: a path built from client text
// is resolved and checked, and names with separators, "..", or control characters are refused.
import { isAbsolute, relative, resolve, sep } from "node:path";

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A single file or folder name from a client: letters, digits, dot, dash and underscore; no "..". */
export function safeName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name) || name.includes("..")) throw new HttpError(400, `'${name.slice(0, 80)}' is not a valid name`);
  return name;
}

/** root/parts… resolved, and refused unless it stays inside root. */
export function inside(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const p = resolve(base, ...parts);
  const rel = relative(base, p);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("..")) throw new HttpError(400, "path outside the studio's folders");
  return p;
}

/** The segments of a URL path, decoded; any "..", ".", empty inner segment, NUL or backslash is refused. */
export function pathSegments(pathname: string): string[] {
  let decoded: string[];
  try {
    decoded = pathname.split("/").slice(1).map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, "malformed URL");
  }
  for (const s of decoded) if (s === ".." || s === "." || s.includes("/") || s.includes("\\") || s.includes("\0")) throw new HttpError(400, "path outside the studio's folders");
  return decoded;
}
