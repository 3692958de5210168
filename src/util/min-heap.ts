// A binary min-heap of (key, integer value) pairs with numeric keys; ties pop in insertion order.
// Typed arrays that double when full, and sifts that move a hole instead of swapping.
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  private order: Float64Array;
  private n = 0;
  private counter = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.order = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const k = new Float64Array(cap), v = new Int32Array(cap), o = new Float64Array(cap);
    k.set(this.keys);
    v.set(this.values);
    o.set(this.order);
    this.keys = k;
    this.values = v;
    this.order = o;
  }

  push(key: number, value: number): void {
    if (this.n === this.keys.length) this.grow();
    const keys = this.keys, values = this.values, order = this.order;
    const o = this.counter++;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && order[p] < o)) break;
      keys[i] = keys[p];
      values[i] = values[p];
      order[i] = order[p];
      i = p;
    }
    keys[i] = key;
    values[i] = value;
    order[i] = o;
  }

  /** the smallest key's value, removed */
  popValue(): number {
    if (this.n === 0) throw new RangeError("pop from an empty heap");
    const keys = this.keys, values = this.values, order = this.order;
    const top = values[0];
    const last = --this.n;
    const key = keys[last], value = values[last], o = order[last];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const m = r < last && (keys[r] < keys[l] || (keys[r] === keys[l] && order[r] < order[l])) ? r : l;
      if (key < keys[m] || (key === keys[m] && o < order[m])) break;
      keys[i] = keys[m];
      values[i] = values[m];
      order[i] = order[m];
      i = m;
    }
    keys[i] = key;
    values[i] = value;
    order[i] = o;
    return top;
  }

  /** [key, value] of the smallest key, removed */
  pop(): [number, number] {
    if (this.n === 0) throw new RangeError("pop from an empty heap");
    const key = this.keys[0];
    return [key, this.popValue()];
  }
}
