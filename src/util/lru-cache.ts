// A least-recently-used cache bounded by a total weight (bytes, entries…), so a long process (a
// tuning study, a server) does not keep everything it ever loaded.
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;
  constructor(readonly maxWeight: number, private readonly weigh: (v: V) => number = () => 1) {}

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.weight;
      this.entries.delete(key);
    }
    const weight = this.weigh(value);
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxWeight || this.entries.size === 1) break;
      this.entries.delete(k);
      this.total -= e.weight;
    }
  }

  get weight(): number {
    return this.total;
  }
  get size(): number {
    return this.entries.size;
  }
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
