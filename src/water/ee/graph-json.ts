// Earth Engine's serialised expression format (what ee.Serializer writes and the Cloud API reads):
// {"result": "<id>", "values": {"<id>": <ValueNode>, …}}, where a ValueNode is one of constantValue,
// integerValue, nullValue, valueReference, arrayValue {values}, dictionaryValue {values} and
// functionInvocationValue {functionName, arguments}.
import { existsSync, readFileSync } from "node:fs";

export type ValueNode =
  | { constantValue: unknown }
  | { integerValue: string }
  | { nullValue: null }
  | { valueReference: string }
  | { arrayValue: { values?: ValueNode[] } }
  | { dictionaryValue: { values?: Record<string, ValueNode> } }
  | { functionInvocationValue: { functionName: string; arguments?: Record<string, ValueNode> } };

export interface SerializedGraph {
  result: string;
  values: Record<string, ValueNode>;
}

const KINDS = ["constantValue", "integerValue", "nullValue", "valueReference", "arrayValue", "dictionaryValue", "functionInvocationValue"];

export function nodeKind(node: ValueNode, where: string): string {
  if (node === null || typeof node !== "object") throw new Error(`${where}: expected a value node object`);
  const keys = Object.keys(node);
  const kind = keys.find((k) => KINDS.includes(k));
  if (!kind || keys.length !== 1)
    throw new Error(`${where}: a value node holds exactly one of ${KINDS.join(", ")}; found [${keys.join(", ")}]${keys.includes("functionDefinitionValue") || keys.includes("argumentReference") ? " (custom functions are not supported by this evaluator)" : ""}`);
  return kind;
}

export function parseGraph(text: string, source: string): SerializedGraph {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const g = raw as Partial<SerializedGraph>;
  if (!g || typeof g !== "object" || typeof g.result !== "string" || !g.values || typeof g.values !== "object")
    throw new Error(`${source}: not an Earth Engine serialised expression (expected {"result": id, "values": {…}} as ee.Serializer writes it)`);
  if (!(g.result in g.values)) throw new Error(`${source}: result '${g.result}' is not among the values`);
  return g as SerializedGraph;
}

export function readGraph(path: string): SerializedGraph {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  return parseGraph(readFileSync(path, "utf8"), path);
}

/** Every functionName the graph invokes, with how often. */
export function algorithmsUsed(g: SerializedGraph): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (n: ValueNode, where: string): void => {
    const kind = nodeKind(n, where);
    if (kind === "arrayValue") (n as { arrayValue: { values?: ValueNode[] } }).arrayValue.values?.forEach((v, i) => visit(v, `${where}[${i}]`));
    else if (kind === "dictionaryValue") for (const [k, v] of Object.entries((n as { dictionaryValue: { values?: Record<string, ValueNode> } }).dictionaryValue.values ?? {})) visit(v, `${where}.${k}`);
    else if (kind === "functionInvocationValue") {
      const f = (n as { functionInvocationValue: { functionName: string; arguments?: Record<string, ValueNode> } }).functionInvocationValue;
      counts.set(f.functionName, (counts.get(f.functionName) ?? 0) + 1);
      for (const [k, v] of Object.entries(f.arguments ?? {})) visit(v, `${where}.${f.functionName}.${k}`);
    }
  };
  for (const [id, v] of Object.entries(g.values)) visit(v, `values.${id}`);
  return counts;
}
