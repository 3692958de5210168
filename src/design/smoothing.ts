// The smoothness penalty λ·(mean (∂x Δz)² + mean (∂y Δz)²) taken as a proximal step rather than in the
// gradient: the surrogate's HR gradient sets the step size η at the first iteration, when Δz = 0 and
// the penalty has no gradient yet, and an explicit step of η on the penalty later overshoots (the
// change oscillates cell to cell between ±clip). The proximal step solves
//   (I + η·λ·(2/cell²)·(Ax/Nx + Ay/Ny)) Δz = v
// (Ax, Ay: the 1-D difference Laplacians along x and y, Nx, Ny: the number of differences), which is
// stable for any η: implicit diffusion. Conjugate gradients; the operator is symmetric positive definite
// and its rows sum to one, so the mean change (the cut/fill balance) is kept exactly.

export interface SmoothingGrid {
  width: number;
  height: number;
  cell: number;
}

function applyOperator(x: Float64Array, out: Float64Array, g: SmoothingGrid, kx: number, ky: number): void {
  const { width: W, height: H } = g;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      let lx = 0, ly = 0;
      if (c > 0) lx += x[i] - x[i - 1];
      if (c < W - 1) lx += x[i] - x[i + 1];
      if (r > 0) ly += x[i] - x[i - W];
      if (r < H - 1) ly += x[i] - x[i + W];
      out[i] = x[i] + kx * lx + ky * ly;
    }
}

/** argmin_Δz ½‖Δz − v‖² + t·λ·P(Δz), with P the mean squared slope of the change (1/m² · m² = 1). */
export function smoothingProx(v: Float64Array, g: SmoothingGrid, tLambda: number, tolerance = 1e-10, maxIterations = 500): Float64Array {
  const { width: W, height: H, cell } = g;
  const nx = H * (W - 1), ny = (H - 1) * W;
  const kx = nx > 0 ? (tLambda * 2) / (cell * cell * nx) : 0;
  const ky = ny > 0 ? (tLambda * 2) / (cell * cell * ny) : 0;
  const n = v.length;
  const x = Float64Array.from(v);
  if (!(tLambda > 0)) return x;
  const r = new Float64Array(n);
  const ap = new Float64Array(n);
  applyOperator(x, ap, g, kx, ky);
  let rr = 0, vv = 0;
  for (let i = 0; i < n; i++) {
    r[i] = v[i] - ap[i];
    rr += r[i] * r[i];
    vv += v[i] * v[i];
  }
  const p = Float64Array.from(r);
  const stop = tolerance * tolerance * Math.max(vv, 1e-300);
  for (let k = 0; k < maxIterations && rr > stop; k++) {
    applyOperator(p, ap, g, kx, ky);
    let pap = 0;
    for (let i = 0; i < n; i++) pap += p[i] * ap[i];
    const alpha = rr / pap;
    let rrNew = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
      rrNew += r[i] * r[i];
    }
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
  }
  return x;
}

/** The penalty itself, P(Δz) = mean (∂x Δz)² + mean (∂y Δz)², for reports and tests. */
export function smoothnessOf(dz: Float64Array, g: SmoothingGrid): number {
  const { width: W, height: H, cell } = g;
  let sx = 0, sy = 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      if (c < W - 1) sx += ((dz[i + 1] - dz[i]) / cell) ** 2;
      if (r < H - 1) sy += ((dz[i + W] - dz[i]) / cell) ** 2;
    }
  return (W > 1 ? sx / (H * (W - 1)) : 0) + (H > 1 ? sy / ((H - 1) * W) : 0);
}
