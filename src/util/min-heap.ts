// A binary min-heap of (key, value) pairs with numeric keys; ties pop in insertion order.
export class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  private order: number[] = [];
  private counter = 0;

  get size(): number {
    return this.keys.length;
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.order[a] < this.order[b]);
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a], v = this.values[a], o = this.order[a];
    this.keys[a] = this.keys[b];
    this.values[a] = this.values[b];
    this.order[a] = this.order[b];
    this.keys[b] = k;
    this.values[b] = v;
    this.order[b] = o;
  }

  push(key: number, value: number): void {
    this.keys.push(key);
    this.values.push(value);
    this.order.push(this.counter++);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): [number, number] {
    if (this.keys.length === 0) throw new RangeError("pop from an empty heap");
    const top: [number, number] = [this.keys[0], this.values[0]];
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.values.pop();
    this.order.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.keys.length && this.less(l, m)) m = l;
      if (r < this.keys.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
