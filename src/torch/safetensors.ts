// safetensors (https://github.com/huggingface/safetensors): 8-byte little-endian header length,
// a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then raw data.
import { readFileSync, existsSync } from "node:fs";
import { tensor } from "./creation.js";
import { DType } from "./dtype.js";
import { Tensor } from "./tensor.js";
import { dispose } from "./scope.js";
import { writeFileAtomic } from "../util/atomic-write.js";

const toCode: Partial<Record<DType, string>> = { float32: "F32", float64: "F64", int32: "I32", int64: "I64", uint8: "U8", bool: "BOOL" };
const fromCode: Record<string, { dtype: DType; bytes: number; array: (b: ArrayBuffer, o: number, n: number) => ArrayBufferView }> = {
  F32: { dtype: "float32", bytes: 4, array: (b, o, n) => new Float32Array(b, o, n) },
  F64: { dtype: "float64", bytes: 8, array: (b, o, n) => new Float64Array(b, o, n) },
  I32: { dtype: "int32", bytes: 4, array: (b, o, n) => new Int32Array(b, o, n) },
  I64: { dtype: "int64", bytes: 8, array: (b, o, n) => new BigInt64Array(b, o, n) },
  U8: { dtype: "uint8", bytes: 1, array: (b, o, n) => new Uint8Array(b, o, n) },
  BOOL: { dtype: "bool", bytes: 1, array: (b, o, n) => new Uint8Array(b, o, n) },
};

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

export function saveSafetensors(path: string, tensors: Map<string, Tensor>, metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const code = toCode[t.dtype];
    if (!code) throw new TypeError(`safetensors: tensor '${name}' has dtype ${t.dtype}; convert it to float32 first`);
    const d = t.data();
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    header[name] = { dtype: code, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    blobs.push(bytes);
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  writeFileAtomic(path, [len, json, ...blobs]);
}

export function loadSafetensors(path: string): SafetensorsFile {
  if (!existsSync(path)) throw new Error(`${path}: no such safetensors file`);
  const file = readFileSync(path);
  if (file.length < 8) throw new Error(`${path}: not a safetensors file (shorter than its 8-byte header length)`);
  const headerLen = Number(file.readBigUInt64LE(0));
  if (8 + headerLen > file.length) throw new Error(`${path}: not a safetensors file (header length ${headerLen} exceeds the file)`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(file.subarray(8, 8 + headerLen).toString("utf8"));
  } catch {
    throw new Error(`${path}: not a safetensors file (header is not JSON)`);
  }
  const dataStart = 8 + headerLen;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const kind = fromCode[dtype];
    if (!kind) throw new Error(`${path}: tensor '${name}' has dtype ${dtype}; catchment reads F32, F64, I32, I64, U8, BOOL`);
    const n = shape.reduce((a, b) => a * b, 1);
    if (data_offsets[1] - data_offsets[0] !== n * kind.bytes) throw new Error(`${path}: tensor '${name}' byte range does not match shape [${shape.join(", ")}]`);
    const copy = new Uint8Array(n * kind.bytes);
    copy.set(file.subarray(dataStart + data_offsets[0], dataStart + data_offsets[1]));
    const view = kind.array(copy.buffer, 0, n);
    tensors.set(name, tensor(view as Float32Array, shape, { dtype: kind.dtype }));
  }
  return { tensors, metadata };
}

/** Loads a safetensors file into a module's parameters and buffers; an error names the file. */
export function loadWeights(module: { loadStateDict(tensors: Map<string, Tensor>): void }, path: string): void {
  const { tensors } = loadSafetensors(path);
  try {
    module.loadStateDict(tensors);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  } finally {
    dispose([...tensors.values()]);
  }
}
