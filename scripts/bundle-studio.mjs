// Bundles the studio's page (src/studio/page → dist/studio) with esbuild; does nothing when the
// bundle is newer than its sources. Called by scripts/setup.sh after TypeScript; `--force` rebuilds.
import { ensureBundle } from "../dist/src/studio/bundle.js";

await ensureBundle({ force: process.argv.includes("--force"), log: (line) => console.log(`setup: ${line}`) });
