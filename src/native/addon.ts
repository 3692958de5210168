// Floor 1: loads the native addon (libtorch and the flood solver). Runtimes that read their settings
// once, when they are loaded, get them here first, in process.env, where child processes inherit
// them: OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of spinning), OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
// (CATCHMENT_THREADS or all cores) and, on AVX-512 machines, OPENBLAS_CORETYPE=SkylakeX. A value the
// user set is never replaced. After loading, only setNumThreads() changes threads.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { registerSignalProbe } from "../util/interrupt.js";

export interface NativeOpInfo {
  id: number;
  returns: string[];
}

export interface NativeBinding {
  opHandle(name: string, overload: string): NativeOpInfo;
  callOp(id: number, args: unknown[], discard?: boolean): unknown;
  opSchema(id: number): string;
  fromTypedArray(data: ArrayBufferView, shape: number[], dtype: number | null, device: string | null, requiresGrad: boolean): number;
  toTypedArray(id: number): Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
  shape(id: number): number[];
  dtype(id: number): number;
  device(id: number): string;
  item(id: number): number | boolean;
  release(id: number): void;
  keep(id: number): void;
  isLive(id: number): boolean;
  scopeBegin(): number;
  scopeEnd(survivors: number[]): void;
  liveCount(): number;
  backward(id: number, grad: number | null, retainGraph: boolean | null, createGraph: boolean): void;
  grad(id: number): number | null;
  setGrad(id: number, grad: number | null): void;
  setData(id: number, source: number): void;
  setRequiresGrad(id: number, value: boolean): void;
  requiresGrad(id: number): boolean;
  setGradEnabled(value: boolean): boolean;
  autogradGrad(outputs: number[], inputs: number[], gradOutputs: (number | null)[] | null, retainGraph: boolean | null, createGraph: boolean, allowUnused: boolean): (number | null)[];
  setNumThreads(n: number): void;
  getNumThreads(): number;
  setFlushDenormal(on: boolean): boolean;
  manualSeed(seed: number): void;
  cudaAvailable(): boolean;
  buildConfig(): string;
  tuneAllocator(): boolean;
  /** Counts SIGINT/SIGTERM as they arrive, even during synchronous work (see util/interrupt). */
  watchSignals(): void;
  signalCount(): number;
}

function cpuHasAvx512(): boolean {
  try {
    return /\bavx512f\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return false;
  }
}

export const defaultThreads = Number(process.env.CATCHMENT_THREADS) || availableParallelism();

function prepareEnvironment(): void {
  process.env.OMP_WAIT_POLICY ??= "PASSIVE";
  process.env.OPENBLAS_NUM_THREADS ??= String(defaultThreads);
  process.env.OMP_NUM_THREADS ??= String(defaultThreads);
  // OpenBLAS 0.3.21 takes AVX-512 Xeons of this VM for "Prescott"; its SkylakeX kernels are
  // several times faster and pass the PyTorch-reference tests.
  if (process.env.OPENBLAS_CORETYPE === undefined && cpuHasAvx512()) process.env.OPENBLAS_CORETYPE = "SkylakeX";
}

function addonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = resolve(dir, "..")) {
    const candidate = join(dir, "native", "build", "Release", "catchment_native.node");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("catchment's native addon is not built: run `bash scripts/setup.sh` (it builds native/ against libtorch)");
}

function load(): NativeBinding {
  prepareEnvironment();
  const require = createRequire(import.meta.url);
  const binding = require(addonPath()) as NativeBinding;
  binding.setNumThreads(defaultThreads);
  binding.setFlushDenormal(true);
  if (process.env.CATCHMENT_DEFAULT_MALLOC !== "1") binding.tuneAllocator();
  registerSignalProbe({ arm: () => binding.watchSignals(), count: () => binding.signalCount() });
  return binding;
}

export const native: NativeBinding = load();
