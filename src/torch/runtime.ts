import { native, defaultThreads } from "../native/addon.js";

export { defaultThreads };

/** Intra-op threads for libtorch and OpenBLAS together. */
export function setNumThreads(n: number): void {
  native.setNumThreads(n);
}
export function getNumThreads(): number {
  return native.getNumThreads();
}
export function manualSeed(seed: number): void {
  native.manualSeed(seed);
}
export function setFlushDenormal(on: boolean): boolean {
  return native.setFlushDenormal(on);
}
export function cudaAvailable(): boolean {
  return native.cudaAvailable();
}
export function buildConfig(): string {
  return native.buildConfig();
}
