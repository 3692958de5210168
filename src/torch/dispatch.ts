// The addon's generic operator call. An operator is looked up by name and overload once, on first
// use; later calls pass only its handle and the converted arguments. The typed wrappers in
// generated/aten.ts are built on rawOp and rawOpInPlace; call those rather than these directly.
import { native } from "../native/addon.js";

export type RawOp = (args: unknown[]) => unknown;

export function rawOp(name: string, overload = ""): RawOp {
  let id = -1;
  return (args) => {
    if (id < 0) id = native.opHandle(name, overload).id;
    return native.callOp(id, args);
  };
}

/** Same as rawOp, but the result is dropped in native code (in-place ops, whose result is `self`). */
export function rawOpInPlace(name: string, overload = ""): (args: unknown[]) => void {
  let id = -1;
  return (args) => {
    if (id < 0) id = native.opHandle(name, overload).id;
    native.callOp(id, args, true);
  };
}

export function schemaOf(name: string, overload = ""): string {
  return native.opSchema(native.opHandle(name, overload).id);
}
