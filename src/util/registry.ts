// Things by name (models of a capability, samplers, …): adding one is one file and one line where
// the registry is filled; configs take their enum of names from it.
import { z } from "zod";

export class Registry<T> {
  private readonly entries = new Map<string, T>();
  constructor(readonly what: string) {}

  add(name: string, entry: T): this {
    if (this.entries.has(name)) throw new Error(`${this.what} '${name}' is registered twice`);
    this.entries.set(name, entry);
    return this;
  }

  get(name: string): T {
    const e = this.entries.get(name);
    if (e === undefined) throw new Error(`unknown ${this.what} '${name}'; known: ${this.names().join(", ")}`);
    return e;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): [string, ...string[]] {
    const n = [...this.entries.keys()];
    if (n.length === 0) throw new Error(`no ${this.what} is registered`);
    return n as [string, ...string[]];
  }

  /** The config's enum of names. */
  schema(): z.ZodEnum<{ [k: string]: string }> {
    return z.enum(this.names());
  }
}
