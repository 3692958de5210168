// Explicit memory ownership. tidy(fn) frees every tensor made inside fn except those it returns
// (anywhere inside arrays or plain objects) or keep()s. Node runs N-API finalizers from
// setImmediate, so a synchronous training loop cannot rely on garbage collection.
import { native } from "../native/addon.js";
import { Tensor } from "./tensor.js";

function collect(value: unknown, into: number[], depth = 0): void {
  if (value instanceof Tensor) into.push(value.id);
  else if (depth > 4 || value === null || typeof value !== "object") return;
  else if (Array.isArray(value)) for (const v of value) collect(v, into, depth + 1);
  else if (value instanceof Map) for (const v of value.values()) collect(v, into, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, into, depth + 1);
}

export function tidy<R>(fn: () => R): R {
  native.scopeBegin();
  let result: R | undefined;
  try {
    result = fn();
    if (result instanceof Promise) throw new TypeError("tidy() takes a synchronous function; await outside it");
  } finally {
    const survivors: number[] = [];
    collect(result, survivors);
    native.scopeEnd(survivors);
  }
  return result;
}

/** Exempts tensors from every enclosing tidy(); they live until dispose(). */
export function keep<X>(value: X): X {
  const ids: number[] = [];
  collect(value, ids);
  for (const id of ids) native.keep(id);
  return value;
}

export function dispose(value: unknown): void {
  const ids: number[] = [];
  collect(value, ids);
  for (const id of ids) native.release(id);
}

/** Number of live tensors in the handle table (for leak checks). */
export function liveTensors(): number {
  return native.liveCount();
}

export function noGrad<R>(fn: () => R): R {
  const previous = native.setGradEnabled(false);
  try {
    return fn();
  } finally {
    native.setGradEnabled(previous);
  }
}

export function enableGrad<R>(fn: () => R): R {
  const previous = native.setGradEnabled(true);
  try {
    return fn();
  } finally {
    native.setGradEnabled(previous);
  }
}
