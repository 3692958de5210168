// Writes a file so that readers see either the old content or the complete new one: data goes to
// a temporary file beside the target, is flushed, then renamed over it.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync, mkdirSync } from "node:fs";
import { dirname, basename, join } from "node:path";

export function writeFileAtomic(path: string, chunks: Uint8Array | string | (Uint8Array | string)[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
      if (typeof chunk === "string") writeSync(fd, chunk);
      else {
        let offset = 0;
        while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset);
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}
