// Small HTTP helpers for the studio's server: JSON in and out with size limits, files with their
// types, uploads streamed to disk with a byte limit.
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";
import { extname, basename } from "node:path";
import { HttpError } from "./paths.js";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".tif": "image/tiff",
};

export const securityHeaders = {
  // everything the page loads comes from this server
  "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...securityHeaders, "Content-Type": "application/json", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
  const status = e instanceof HttpError ? e.status : 500;
  const message = (e as Error).message ?? String(e);
  if (status === 500) process.stderr.write(`studio: ${(e as Error).stack ?? message}\n`);
  if (!res.headersSent) sendJson(res, status, { error: message });
  else res.end();
}

export function sendFile(res: ServerResponse, path: string, o: { download?: boolean; cache?: boolean } = {}): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error();
    size = st.size;
  } catch {
    throw new HttpError(404, "not found");
  }
  res.writeHead(200, {
    ...securityHeaders,
    "Content-Type": types[extname(path)] ?? "application/octet-stream",
    "Content-Length": size,
    "Cache-Control": o.cache ? "max-age=3600" : "no-cache",
    ...(o.download ? { "Content-Disposition": `attachment; filename="${basename(path)}"` } : {}),
  });
  createReadStream(path).pipe(res);
}

export async function readJson(req: IncomingMessage, limit = 2 << 20): Promise<unknown> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) throw new HttpError(413, `request larger than ${limit >> 20} MB`);
    chunks.push(c as Buffer);
  }
  if (n === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "the request is not valid JSON");
  }
}

/** Streams the request body to `path`; more than `limit` bytes is refused (413) and nothing is kept. */
export async function receiveFile(req: IncomingMessage, path: string, limit: number, name: string): Promise<number> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const tooLarge = () => new HttpError(413, `${name}: larger than the studio's limit of ${Math.round(limit / 2 ** 20)} MB per file`);
  if (declared > limit) throw tooLarge();
  const out = createWriteStream(path);
  let n = 0;
  try {
    for await (const c of req) {
      n += (c as Buffer).length;
      if (n > limit) throw tooLarge();
      if (!out.write(c)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (e) {
    out.destroy();
    rmSync(path, { force: true });
    throw e;
  }
  if (n === 0) {
    rmSync(path, { force: true });
    throw new HttpError(400, `${name}: the file is empty`);
  }
  return n;
}
