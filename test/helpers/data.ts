import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

/** ../shared/data beside the checkout (CI puts shared/ next to the clone). */
export const sharedData = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let d = here, i = 0; i < 8; i++, d = resolve(d, "..")) {
    const candidate = join(d, "shared", "data");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("../shared/data not found beside the checkout");
})();

export const data = (...parts: string[]) => join(sharedData, ...parts);
