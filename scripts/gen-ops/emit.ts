// Turns ATen schemas into TypeScript wrappers: required arguments (no default in the schema) are
// positional, in schema order; arguments with a default go into one options object whose fields
// may be left out (the addon then uses the schema's default, so defaults are never copied here).
import { dtypeName } from "../../src/torch/dtype.js";
import { parseSchema, Schema, SchemaArg, SchemaReturn } from "./schema.js";

export interface ListEntry {
  name: string;
  overload: string;
  tsName: string;
}

const reserved = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval").split(" "),
);

const camel = (snake: string) => snake.replace(/_+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (snake: string) => (snake ? camel(snake)[0].toUpperCase() + camel(snake).slice(1) : "");

/** "add_.Scalar as addScalar_" → entry; without `as`, camelCase of the name plus the overload. */
export function parseListLine(line: string): ListEntry {
  const m = /^([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?(?:\s+as\s+([A-Za-z_$][A-Za-z0-9_$]*))?$/.exec(line.trim());
  if (!m) throw new Error(`op list: cannot read '${line}'; expected "name[.overload] [as tsName]"`);
  const [, name, overload = "", explicit] = m;
  const inPlace = name.endsWith("_") && !name.endsWith("__");
  const base = camel(name.replace(/^_+/, "").replace(/_$/, ""));
  const tsName = explicit ?? base + pascal(overload) + (inPlace ? "_" : "");
  if (reserved.has(tsName)) throw new Error(`op list: '${line}' would be named '${tsName}', a reserved word; give it a name with 'as'`);
  return { name, overload, tsName };
}

// ---- value kinds with names instead of codes -------------------------------------------------------

interface Enum {
  type: string;
  values: readonly string[];
  /** the operator's int codes for the values, in order; absent when the operator takes the string */
  coded: boolean;
}

const enums: Record<string, Enum> = {
  Reduction: { type: "Reduction", values: ["none", "mean", "sum"], coded: true },
  GridSampleMode: { type: "GridSampleMode", values: ["bilinear", "nearest", "bicubic"], coded: true },
  GridSamplePadding: { type: "GridSamplePadding", values: ["zeros", "border", "reflection"], coded: true },
  MemoryFormat: { type: "MemoryFormat", values: ["contiguous", "preserve", "channels_last", "channels_last_3d"], coded: true },
  Layout: { type: "Layout", values: ["strided"], coded: true },
  GeluApproximation: { type: "GeluApproximation", values: ["none", "tanh"], coded: false },
  PadMode: { type: "PadMode", values: ["constant", "reflect", "replicate", "circular"], coded: false },
  QuantileInterpolation: { type: "QuantileInterpolation", values: ["linear", "lower", "higher", "midpoint", "nearest"], coded: false },
  RoundingMode: { type: "RoundingMode", values: ["trunc", "floor"], coded: false },
  SearchSide: { type: "SearchSide", values: ["left", "right"], coded: false },
  ScatterReduce: { type: "ScatterReduce", values: ["sum", "prod", "mean", "amax", "amin"], coded: false },
  ScatterReduceLegacy: { type: "ScatterReduceLegacy", values: ["add", "multiply"], coded: false },
  MeshgridIndexing: { type: "MeshgridIndexing", values: ["ij", "xy"], coded: false },
  QrMode: { type: "QrMode", values: ["reduced", "complete", "r"], coded: false },
  Triangle: { type: "Triangle", values: ["L", "U"], coded: false },
  LstsqDriver: { type: "LstsqDriver", values: ["gels", "gelsy", "gelsd", "gelss"], coded: false },
};

/** Which enum an argument takes: by operator and argument name, or by argument name alone. */
const enumOfArg: Record<string, keyof typeof enums> = {
  "int reduction": "Reduction",
  "int grid_sampler.interpolation_mode": "GridSampleMode",
  "int grid_sampler.padding_mode": "GridSamplePadding",
  "str gelu.approximate": "GeluApproximation",
  "str pad.mode": "PadMode",
  "str quantile.interpolation": "QuantileInterpolation",
  "str nanquantile.interpolation": "QuantileInterpolation",
  "str div.rounding_mode": "RoundingMode",
  "str searchsorted.side": "SearchSide",
  "str scatter_reduce.reduce": "ScatterReduce",
  "str scatter.reduce": "ScatterReduceLegacy",
  "str meshgrid.indexing": "MeshgridIndexing",
  "str linalg_qr.mode": "QrMode",
  "str linalg_eigh.UPLO": "Triangle",
  "str linalg_lstsq.driver": "LstsqDriver",
};

function enumFor(op: Schema, arg: SchemaArg): Enum | null {
  if (arg.type.list) return null;
  if (arg.type.base === "MemoryFormat") return enums.MemoryFormat;
  if (arg.type.base === "Layout") return enums.Layout;
  const base = arg.type.base === "SymInt" ? "int" : arg.type.base;
  const key = enumOfArg[`${base} ${op.name.replace(/^aten::/, "")}.${arg.name}`] ?? enumOfArg[`${base} ${arg.name}`];
  return key ? enums[key] : null;
}

// ---- argument types and conversions -----------------------------------------------------------------

interface ArgCode {
  type: string;
  /** the value handed to the addon, given the TypeScript expression of the argument */
  convert: (expr: string) => string;
}

const plain = (type: string): ArgCode => ({ type, convert: (e) => e });

function scalarArg(op: Schema, arg: SchemaArg): ArgCode {
  const t = arg.type;
  const e = enumFor(op, arg);
  if (e) return e.coded ? { type: e.type, convert: (x) => `$code($${e.type}, ${x})` } : plain(e.type);
  switch (t.base) {
    case "Tensor":
      return { type: "Tensor", convert: (x) => `${x}${t.optional || arg.defaultText !== null ? "?" : ""}.id` };
    case "int":
    case "SymInt":
    case "float":
      return plain("number");
    case "bool":
      return plain("boolean");
    case "Scalar":
      return plain("Scalar");
    case "str":
    case "Device":
      return plain("string");
    case "ScalarType":
      return { type: "DType", convert: (x) => `$dtype(${x})` };
  }
  throw new Error(`${op.text}: argument '${arg.name}' has the type ${t.text}, which the addon cannot pass`);
}

function listArg(op: Schema, arg: SchemaArg): ArgCode {
  const t = arg.type;
  const nullable = t.optional || arg.defaultText !== null;
  switch (t.base) {
    case "int":
    case "SymInt":
      return plain(t.length > 0 ? "number | number[]" : "number[]");
    case "float":
      return plain("number[]");
    case "bool":
      return plain("boolean[]");
    case "Tensor":
      return t.elementOptional
        ? { type: "(Tensor | null)[]", convert: (x) => `${x}${nullable ? "?" : ""}.map($optionalId)` }
        : { type: "Tensor[]", convert: (x) => `${x}${nullable ? "?" : ""}.map($id)` };
  }
  throw new Error(`${op.text}: argument '${arg.name}' has the type ${t.text}, which the addon cannot pass`);
}

function argCode(op: Schema, arg: SchemaArg): ArgCode {
  return arg.type.list ? listArg(op, arg) : scalarArg(op, arg);
}

/** A default as TypeScript would write it, for the doc comment. */
function defaultShown(op: Schema, arg: SchemaArg): string {
  const d = arg.defaultText ?? "";
  const e = enumFor(op, arg);
  if (e?.coded && /^-?\d+$/.test(d)) return JSON.stringify(e.values[Number(d)] ?? d);
  if (arg.type.base === "ScalarType" && /^\d+$/.test(d)) return JSON.stringify(dtypeName(Number(d)));
  if (d === "None") return "null";
  if (d === "True") return "true";
  if (d === "False") return "false";
  if (/^-?[\d.]+(e[-+]?\d+)?$/i.test(d)) return String(Number(d));
  return d;
}

// ---- returns --------------------------------------------------------------------------------------

function returnCode(op: Schema, r: SchemaReturn): { type: string; wrap: (expr: string) => string } {
  const t = r.type;
  if (t.base === "Tensor" && t.list) return { type: "Tensor[]", wrap: (x) => `$tensors(${x})` };
  if (t.base === "Tensor") return t.optional ? { type: "Tensor | null", wrap: (x) => `$optionalTensor(${x})` } : { type: "Tensor", wrap: (x) => `$T(${x})` };
  const asIs = (type: string) => ({ type, wrap: (x: string) => `${x} as ${type}` });
  if (t.list) throw new Error(`${op.text}: returns ${t.text}, which has no wrapper yet`);
  switch (t.base) {
    case "bool":
      return asIs("boolean");
    case "int":
    case "SymInt":
    case "float":
    case "Scalar":
      return asIs("number");
    case "str":
      return asIs("string");
  }
  throw new Error(`${op.text}: returns ${t.text}, which has no wrapper yet`);
}

/** The argument an in-place operator returns: the one whose writable alias set the result shares. */
function aliasedArgument(op: Schema): SchemaArg | null {
  if (op.returns.length !== 1) return null;
  const alias = op.returns[0].type.alias;
  if (!alias || !alias.endsWith("!")) return null;
  return op.args.find((a) => a.type.alias === alias) ?? null;
}

// ---- emitting ------------------------------------------------------------------------------------

interface Param {
  schema: SchemaArg;
  tsName: string;
  code: ArgCode;
  positional: boolean;
}

function docComment(lines: string[], indent = ""): string {
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, "*\\/")}`).join("\n")}\n${indent} */\n`;
}

function emitOp(entry: ListEntry, schema: Schema): string {
  const params: Param[] = [];
  for (const a of schema.args) {
    if (a.type.base === "Generator") {
      if (!a.type.optional) throw new Error(`${schema.text}: a Generator argument that is not optional`);
      continue;
    }
    let tsName = camel(a.name);
    if (reserved.has(tsName) || tsName === "o") tsName += "_";
    params.push({ schema: a, tsName, code: argCode(schema, a), positional: a.defaultText === null });
  }
  const positional = params.filter((p) => p.positional);
  const options = params.filter((p) => !p.positional);
  const signature = positional.map((p) => `${p.tsName}: ${p.code.type}${p.schema.type.optional ? " | null" : ""}`);
  if (options.length > 0) {
    const fields = options.map((p) => {
      const nullable = p.schema.defaultText === "None" ? " | null" : "";
      return `    /** default: ${defaultShown(schema, p.schema)} */ ${p.tsName}?: ${p.code.type}${nullable};`;
    });
    signature.push(`o?: {\n${fields.join("\n")}\n  }`);
  }

  const values = schema.args.map((a) => {
    const p = params.find((q) => q.schema === a);
    if (!p) return "null";
    return p.code.convert(p.positional ? p.tsName : `o?.${p.tsName}`);
  });
  while (values.length > 0 && values[values.length - 1] === "null") values.pop();
  const handle = `$${entry.tsName}`;
  const call = `${handle}([${values.join(", ")}])`;

  const self = aliasedArgument(schema);
  let returnType: string;
  let body: string;
  let lookup: string;
  if (self) {
    const p = params.find((q) => q.schema === self);
    if (!p || !p.positional || p.code.type !== "Tensor") throw new Error(`${schema.text}: an in-place result aliasing ${self.name}, which is not a required Tensor`);
    returnType = "Tensor";
    body = `  ${call};\n  return ${p.tsName};`;
    lookup = "rawOpInPlace";
  } else if (schema.returns.length === 0) {
    returnType = "void";
    body = `  ${handle}([${values.join(", ")}]);`;
    lookup = "rawOpInPlace";
  } else if (schema.returns.length === 1) {
    const r = returnCode(schema, schema.returns[0]);
    returnType = r.type;
    body = `  return ${r.wrap(call)};`;
    lookup = "rawOp";
  } else {
    const rs = schema.returns.map((r) => returnCode(schema, r));
    const named = schema.returns.every((r) => r.name !== null);
    returnType = `[${rs.map((r, i) => (named ? `${camel(schema.returns[i].name!)}: ${r.type}` : r.type)).join(", ")}]`;
    body = `  const r = ${call} as unknown[];\n  return [${rs.map((r, i) => r.wrap(`r[${i}]`)).join(", ")}];`;
    lookup = "rawOp";
  }

  const head = `export function ${entry.tsName}(${signature.join(", ")}): ${returnType} {`;
  const oneLine = head.length <= 140 && options.length === 0;
  const header = oneLine ? head : `export function ${entry.tsName}(\n${signature.map((s) => `  ${s},`).join("\n")}\n): ${returnType} {`;
  return (
    `const ${handle} = ${lookup}(${JSON.stringify(schema.name)}, ${JSON.stringify(schema.overload)});\n` +
    docComment([`\`${schema.text}\``]) +
    `${header}\n${body}\n}\n`
  );
}

/** The named values the operators use, each with its table of codes when the operator takes an int. */
function emitEnums(body: string): string {
  let out = "";
  for (const e of Object.values(enums)) {
    if (!new RegExp(`\\b${e.type}\\b`).test(body)) continue;
    out += `export type ${e.type} = ${e.values.map((v) => JSON.stringify(v)).join(" | ")};\n`;
    if (e.coded) out += `const $${e.type}: Record<${e.type}, number> = { ${e.values.map((v, i) => `${v}: ${i}`).join(", ")} };\n`;
  }
  return out;
}

const helpers: [string, string][] = [
  ["$T", "const $T = (id: unknown) => new Tensor(id as number);"],
  ["$optionalTensor", "const $optionalTensor = (id: unknown) => (id === null ? null : new Tensor(id as number));"],
  ["$tensors", "const $tensors = (ids: unknown) => (ids as number[]).map((id) => new Tensor(id));"],
  ["$id", "const $id = (t: Tensor) => t.id;"],
  ["$optionalId", "const $optionalId = (t: Tensor | null) => (t === null ? null : t.id);"],
  ["$dtype", "const $dtype = (d: DType | null | undefined) => (d === null || d === undefined ? d : dtypeCode(d));"],
  [
    "$code",
    `function $code<K extends string>(codes: Record<K, number>, value: K | null | undefined): number | null | undefined {
  if (value === null || value === undefined) return value;
  const c = codes[value];
  if (c === undefined) throw new TypeError(\`'\${String(value)}' is not one of \${Object.keys(codes).join(", ")}\`);
  return c;
}`,
  ],
];

/** Helpers the operators use; those no operator calls are left out (the module compiles with noUnusedLocals). */
function emitHelpers(body: string): string {
  return helpers
    .filter(([name]) => body.includes(`${name}(`) || body.includes(`(${name})`))
    .map(([, code]) => code)
    .join("\n");
}

const preamble = (torchVersion: string) => `// Generated by scripts/gen-ops from the operator schemas of libtorch ${torchVersion}: do not edit.
// To wrap another ATen operator, add one line to scripts/gen-ops/list.ts and run \`npm run gen:ops\`.
// Required arguments are positional; those with a schema default go in the options object \`o\`,
// and a field left out (or undefined) takes the schema's default in the addon.
`;

/** Imports of what the body uses (the module compiles with noUnusedLocals). */
function emitImports(body: string): string {
  const dispatch = ["rawOp", "rawOpInPlace"].filter((f) => body.includes(`= ${f}(`));
  const lines = [`import { ${dispatch.join(", ")} } from "../dispatch.js";`];
  if (body.includes("$dtype(")) lines.push(`import { DType, dtypeCode } from "../dtype.js";`);
  lines.push(`import { Tensor } from "../tensor.js";`);
  if (/\bScalar\b/.test(body.replace(/`[^`\n]*`/g, ""))) lines.push(`import type { Scalar } from "../tensor.js";`);
  return lines.join("\n") + "\n\n";
}

/** The whole generated module, from the op list and a way to read each operator's schema. */
export function generate(list: readonly string[], schemaOf: (name: string, overload: string) => string, torchVersion: string): string {
  const entries = list.map(parseListLine);
  const seen = new Map<string, string>();
  for (const [i, e] of entries.entries()) {
    const other = seen.get(e.tsName);
    if (other !== undefined) throw new Error(`op list: '${list[i]}' and '${other}' are both named '${e.tsName}'`);
    seen.set(e.tsName, list[i]);
  }
  const body = entries.map((e) => emitOp(e, parseSchema(schemaOf(`aten::${e.name}`, e.overload)))).join("\n");
  const helperCode = emitHelpers(body);
  return `${preamble(torchVersion)}${emitImports(body + helperCode)}${helperCode}\n\n${emitEnums(body)}\n${body}`;
}
