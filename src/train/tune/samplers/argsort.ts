// numpy's default argsort (introsort: median-of-three quicksort, insertion sort below 17 elements,
// heapsort when the recursion gets too deep). It is not stable; the Parzen bandwidths depend on how
// it orders equal observations (an observation equal to the prior's centre gives up its bandwidth),
// so TPE sorts exactly as numpy does to make the same choices as Optuna.

const less = (a: number, b: number) => a < b || (b !== b && a === a);

export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const n = v.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  const swap = (i: number, j: number) => {
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = n - 1;
  let depth = 2 * (31 - Math.clz32(n));
  for (;;) {
    if (depth < 0) heapsort(v, idx, pl, pr - pl + 1);
    else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[idx[pm]], v[idx[pl]])) swap(pm, pl);
        if (less(v[idx[pr]], v[idx[pm]])) swap(pr, pm);
        if (less(v[idx[pm]], v[idx[pl]])) swap(pm, pl);
        const vp = v[idx[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(v[idx[pi]], vp));
          do --pj;
          while (less(vp, v[idx[pj]]));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--depth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = idx[pi];
        const vp = v[vi];
        let pj = pi;
        while (pj > pl && less(vp, v[idx[pj - 1]])) {
          idx[pj] = idx[pj - 1];
          pj--;
        }
        idx[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    depth = depths.pop() as number;
  }
  return idx;
}

function heapsort(v: ArrayLike<number>, idx: Int32Array, start: number, n: number): void {
  // 1-based heap over idx[start .. start + n - 1]
  const a = (k: number) => idx[start + k - 1];
  const set = (k: number, x: number) => {
    idx[start + k - 1] = x;
  };
  for (let l = n >> 1; l > 0; l--) {
    const tmp = a(l);
    let i = l;
    for (let j = l << 1; j <= n; ) {
      if (j < n && less(v[a(j)], v[a(j + 1)])) j++;
      if (less(v[tmp], v[a(j)])) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  for (let m = n; m > 1; ) {
    const tmp = a(m);
    set(m, a(1));
    m--;
    let i = 1;
    for (let j = 2; j <= m; ) {
      if (j < m && less(v[a(j)], v[a(j + 1)])) j++;
      if (less(v[tmp], v[a(j)])) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}
