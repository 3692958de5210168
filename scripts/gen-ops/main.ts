// Writes src/torch/generated/aten.ts from the op list and the schemas the addon reads from libtorch.
// Run after tsc:  npm run gen:ops   (= tsc -p tsconfig.json && node dist/scripts/gen-ops/main.js)
// test/torch/generated.test.ts fails when the committed file differs from what this writes.
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../../src/util/atomic-write.js";
import { generatedAten } from "./generated-source.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const target = join(root, "src", "torch", "generated", "aten.ts");
const source = generatedAten();
writeFileAtomic(target, source);
console.log(`wrote ${target} (${source.split("\n").length} lines)`);
