// The page's bundle: src/studio/page (TypeScript, HTML, CSS) with Leaflet and Geoman bundled by
// esbuild into dist/studio, so that the page loads nothing from the network. Rebuilt only when a
// source (or the lockfile) is newer than the bundle.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./examples.js";

export const pageSources = join(packageRoot, "src", "studio", "page");
export const bundleDir = join(packageRoot, "dist", "studio");
const stamp = join(bundleDir, ".built");

function newestInput(): number {
  let t = statSync(join(packageRoot, "package-lock.json"), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  for (const f of readdirSync(pageSources)) t = Math.max(t, statSync(join(pageSources, f)).mtimeMs);
  return t;
}

export function bundleUpToDate(): boolean {
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  return built !== undefined && existsSync(join(bundleDir, "app.js")) && built >= newestInput();
}

/** Builds the bundle when it is missing or older than its sources; returns its folder. */
export async function ensureBundle(o: { force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  if (!o.force && bundleUpToDate()) return bundleDir;
  if (!existsSync(join(pageSources, "main.ts"))) {
    if (existsSync(join(bundleDir, "app.js"))) return bundleDir;
    throw new Error(`the studio's page is missing (${pageSources}); reinstall catchment`);
  }
  const esbuild = await import("esbuild");
  const t0 = performance.now();
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(pageSources, "main.ts") },
    bundle: true,
    outdir: bundleDir,
    format: "iife",
    target: ["es2020"],
    minify: true,
    sourcemap: true,
    loader: { ".png": "file", ".svg": "file" },
    assetNames: "[name]-[hash]",
    logLevel: "warning",
  });
  copyFileSync(join(pageSources, "index.html"), join(bundleDir, "index.html"));
  writeFileSync(stamp, new Date().toISOString() + "\n");
  o.log?.(`bundled the studio's page into ${bundleDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return bundleDir;
}
