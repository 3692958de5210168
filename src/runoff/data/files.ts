// Finding a basin's file in a data folder that is either flat or split into HUC subfolders.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { LruCache } from "../../util/lru-cache.js";

/** Folder listings, for the 64 folders used last. */
const listings = new LruCache<string, string[]>(64);

function walk(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (depth > 0) out.push(...walk(path, depth - 1));
    } else out.push(path);
  }
  return out;
}

/** The one file under dir (up to three folders deep) whose name starts with `${basin}_` and ends with suffix. */
export function findBasinFile(dir: string, basin: string, suffix: string, what: string): string {
  if (!existsSync(dir)) throw new Error(`${dir}: folder not found (${what})`);
  let files = listings.get(dir);
  if (!files) {
    files = walk(dir, 3);
    listings.set(dir, files);
  }
  const hits = files.filter((f) => {
    const name = f.slice(f.lastIndexOf("/") + 1);
    return name.startsWith(`${basin}_`) && name.endsWith(suffix);
  });
  if (hits.length === 0) throw new Error(`${dir}: no ${what} file for basin ${basin} (expected ${basin}_…${suffix})`);
  if (hits.length > 1) throw new Error(`${dir}: several ${what} files for basin ${basin}: ${hits.join(", ")}`);
  return hits[0];
}
