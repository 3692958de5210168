// ATen scalar types by PyTorch's names; the numbers are c10::ScalarType's.
export const dtypes = {
  uint8: 0,
  int8: 1,
  int16: 2,
  int32: 3,
  int64: 4,
  float16: 5,
  float32: 6,
  float64: 7,
  bool: 11,
  bfloat16: 15,
} as const;

export type DType = keyof typeof dtypes;

const byCode = new Map<number, DType>(Object.entries(dtypes).map(([k, v]) => [v, k as DType]));

export function dtypeCode(d: DType): number {
  const code = dtypes[d];
  if (code === undefined) throw new TypeError(`unknown dtype '${String(d)}'; expected one of ${Object.keys(dtypes).join(", ")}`);
  return code;
}

export function dtypeName(code: number): DType {
  const name = byCode.get(code);
  if (name === undefined) throw new TypeError(`unsupported ATen scalar type ${code}`);
  return name;
}

export function isFloating(d: DType): boolean {
  return d === "float16" || d === "float32" || d === "float64" || d === "bfloat16";
}
