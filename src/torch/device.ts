// Device strings as libtorch takes them. CUDA needs a CUDA build of libtorch (LIBTORCH=… at set-up);
// Debian's libtorch is CPU-only, so "cuda" is refused up front with a clear message instead of
// failing inside the first operator.
import { cudaAvailable } from "./runtime.js";

export type Device = string;

export function parseDevice(text: string, what = "device"): Device {
  const t = text.trim().toLowerCase();
  if (t === "cpu") return "cpu";
  const m = /^cuda(?::(\d+))?$/.exec(t);
  if (!m) throw new Error(`${what}: expected cpu or cuda:N, got '${text}'`);
  if (!cudaAvailable())
    throw new Error(`${what} ${text}: this libtorch has no CUDA (Debian's libtorch-dev is CPU-only); build the addon against a CUDA libtorch with LIBTORCH=/path bash scripts/setup.sh`);
  return m[1] === undefined ? "cuda:0" : `cuda:${m[1]}`;
}
