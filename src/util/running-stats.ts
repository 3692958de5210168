// Count, mean, population standard deviation, min and max in one pass (Welford 1962), in double
// precision.
export class RunningStats {
  count = 0;
  mean = 0;
  min = Infinity;
  max = -Infinity;
  private m2 = 0;

  add(v: number): void {
    this.count++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    const d = v - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (v - this.mean);
  }

  get std(): number {
    return Math.sqrt(this.m2 / this.count);
  }
}
