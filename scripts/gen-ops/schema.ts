// Parses the text of an ATen operator schema as the c10 dispatcher prints it, e.g.
//   aten::sort(Tensor self, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)

export interface SchemaType {
  /** Tensor, int, SymInt, float, bool, Scalar, str, ScalarType, Layout, Device, Generator, MemoryFormat, … */
  base: string;
  /** alias annotation inside the parentheses: "a", "a!", "a -> *" */
  alias: string | null;
  /** element type is optional: Tensor?[] */
  elementOptional: boolean;
  /** a list: int[], int[2] */
  list: boolean;
  /** fixed length of a list (int[2]); 0 when unsized */
  length: number;
  /** the value may be None: int?, int[1]? */
  optional: boolean;
  text: string;
}

export interface SchemaArg {
  name: string;
  type: SchemaType;
  /** the default as printed (None, 1, [0, 1], "mean", False), or null when there is none */
  defaultText: string | null;
  keywordOnly: boolean;
}

export interface SchemaReturn {
  name: string | null;
  type: SchemaType;
}

export interface Schema {
  text: string;
  name: string;
  overload: string;
  args: SchemaArg[];
  returns: SchemaReturn[];
}

/** Splits at commas that are not inside brackets, parentheses or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

/** Index of the `=` of a default value, outside brackets, or -1. */
function defaultSign(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "=" && depth === 0) return i;
  }
  return -1;
}

const typePattern = /^(\w+)(?:\(([^)]*)\))?(\?)?(?:\[(\d*)\])?(\?)?$/;

export function parseType(text: string): SchemaType {
  const m = typePattern.exec(text.trim());
  if (!m) throw new Error(`cannot parse the schema type '${text}'`);
  const [, base, alias, firstMark, length, secondMark] = m;
  const list = length !== undefined;
  return {
    base,
    alias: alias ?? null,
    elementOptional: list && firstMark === "?",
    list,
    length: list && length !== "" ? Number(length) : 0,
    optional: list ? secondMark === "?" : firstMark === "?",
    text: text.trim(),
  };
}

/** "Tensor(a -> *) self" → type and name: the name is the last word. */
function typeAndName(text: string): { type: SchemaType; name: string } {
  const cut = text.lastIndexOf(" ");
  if (cut < 0) throw new Error(`cannot parse the schema argument '${text}'`);
  return { type: parseType(text.slice(0, cut)), name: text.slice(cut + 1) };
}

function parseReturns(text: string): SchemaReturn[] {
  const t = text.trim();
  const inner = t.startsWith("(") && t.endsWith(")") ? t.slice(1, -1) : null;
  const parts = inner === null ? [t] : splitTopLevel(inner);
  return parts.map((p) => {
    try {
      return { name: null, type: parseType(p) };
    } catch {
      const { type, name } = typeAndName(p);
      return { name, type };
    }
  });
}

export function parseSchema(text: string): Schema {
  const open = text.indexOf("(");
  const arrow = text.lastIndexOf(") -> ");
  if (open < 0 || arrow < 0) throw new Error(`cannot parse the schema '${text}'`);
  const qualified = text.slice(0, open);
  const dot = qualified.indexOf(".");
  const name = dot < 0 ? qualified : qualified.slice(0, dot);
  const overload = dot < 0 ? "" : qualified.slice(dot + 1);
  const args: SchemaArg[] = [];
  let keywordOnly = false;
  for (const part of splitTopLevel(text.slice(open + 1, arrow))) {
    if (part === "*") {
      keywordOnly = true;
      continue;
    }
    const eq = defaultSign(part);
    const { type, name: argName } = typeAndName(eq < 0 ? part : part.slice(0, eq));
    args.push({ name: argName, type, defaultText: eq < 0 ? null : part.slice(eq + 1), keywordOnly });
  }
  return { text, name, overload, args, returns: parseReturns(text.slice(arrow + 5)) };
}
