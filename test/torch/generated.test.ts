// The committed ATen wrappers are exactly what the generator writes from the addon's schemas, so they
// cannot drift from libtorch's operators; and the generator reads schemas the way the addon prints them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { generatedAten } from "../../scripts/gen-ops/generated-source.js";
import { generate, parseListLine } from "../../scripts/gen-ops/emit.js";
import { parseSchema } from "../../scripts/gen-ops/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

test("src/torch/generated/aten.ts is what scripts/gen-ops writes from this addon's schemas", () => {
  const committed = readFileSync(join(root, "src", "torch", "generated", "aten.ts"), "utf8");
  const fresh = generatedAten();
  if (fresh !== committed) {
    const a = committed.split("\n");
    const b = fresh.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`the committed wrappers differ from the schemas at line ${line + 1}:\n  committed: ${a[line]}\n  generated: ${b[line]}\nrun \`npm run gen:ops\` and commit the result`);
  }
});

test("schema parsing: alias sets, fixed-length and optional lists, keyword-only arguments, named returns", () => {
  const s = parseSchema("aten::split.Tensor(Tensor(a -> *) self, int split_size, int[1]? dim=None, *, Tensor?[] xs, float eps=1e-05) -> (Tensor(a)[] parts, bool ok)");
  assert.equal(s.name, "aten::split");
  assert.equal(s.overload, "Tensor");
  assert.deepEqual(
    s.args.map((a) => [a.name, a.type.base, a.type.alias, a.type.list, a.type.length, a.type.optional, a.type.elementOptional, a.defaultText, a.keywordOnly]),
    [
      ["self", "Tensor", "a -> *", false, 0, false, false, null, false],
      ["split_size", "int", null, false, 0, false, false, null, false],
      ["dim", "int", null, true, 1, true, false, "None", false],
      ["xs", "Tensor", null, true, 0, false, true, null, true],
      ["eps", "float", null, false, 0, false, false, "1e-05", true],
    ],
  );
  assert.deepEqual(
    s.returns.map((r) => [r.name, r.type.base, r.type.alias, r.type.list]),
    [
      ["parts", "Tensor", "a", true],
      ["ok", "bool", null, false],
    ],
  );
  assert.deepEqual(parseSchema("aten::_foreach_zero_(Tensor(a!)[] self) -> ()").returns, []);
});

test("list lines: names from the operator and overload, or given with `as`; reserved words and duplicates refused", () => {
  assert.deepEqual(parseListLine("add.Scalar"), { name: "add", overload: "Scalar", tsName: "addScalar" });
  assert.deepEqual(parseListLine("masked_fill_.Scalar"), { name: "masked_fill_", overload: "Scalar", tsName: "maskedFillScalar_" });
  assert.deepEqual(parseListLine("_upsample_nearest_exact2d.vec as upsampleNearestExact2d").tsName, "upsampleNearestExact2d");
  assert.throws(() => parseListLine("var"), /reserved word/);
  assert.equal(parseListLine("var.correction as variance").tsName, "variance");
  const schemas: Record<string, string> = { "aten::relu.": "aten::relu(Tensor self) -> Tensor" };
  assert.throws(() => generate(["relu", "relu"], (n, o) => schemas[`${n}.${o}`], "x"), /both named 'relu'/);
});

test("an in-place operator returns the tensor it was given; an argument type the addon cannot pass is refused", () => {
  const schemas: Record<string, string> = {
    "aten::relu_.": "aten::relu_(Tensor(a!) self) -> Tensor(a!)",
    "aten::names.": "aten::names(Tensor self, Dimname[] names) -> Tensor",
  };
  const code = generate(["relu_"], (n, o) => schemas[`${n}.${o}`], "x");
  assert.match(code, /const \$relu_ = rawOpInPlace\("aten::relu_", ""\);/);
  assert.match(code, /export function relu_\(self: Tensor\): Tensor \{\n {2}\$relu_\(\[self\.id\]\);\n {2}return self;\n\}/);
  assert.throws(() => generate(["names"], (n, o) => schemas[`${n}.${o}`], "x"), /Dimname\[\], which the addon cannot pass/);
});
