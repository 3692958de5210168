// The same local-inertial scheme as a plain one-thread TypeScript loop: the peer for bench:flood.
// Not used by catchment itself.
import { SimulationInput } from "../../src/flood/engine.js";

const g = 9.80665;

/** Runs `seconds` of simulated time and returns the number of time steps taken. */
export function referenceSimulate(c: SimulationInput, seconds: number): { steps: number; storage: number } {
  const { width: W, height: H, dx, z } = c;
  const n = W * H;
  const h = new Float64Array(n);
  let qx = new Float64Array((W + 1) * H), qy = new Float64Array(W * (H + 1));
  let ox = new Float64Array(qx.length), oy = new Float64Array(qy.length);
  const n2 = c.manning.map((m) => m * m);
  const factor = new Float64Array(n);
  const theta = 0.9, alpha = Math.min(0.7, 0.9 * Math.sqrt(theta / 2)), hmin = 1e-3, maxDt = 10, slope = c.boundarySlope ?? 0.001;
  const rainAt = (t: number) => (c.rain && t < c.rain.t[1] ? c.rain.rate[0] : 0);
  let t = 0, steps = 0, hmax = 0;
  const face = (q: number, qi: number, a: number, b: number, dt: number) => {
    const ea = z[a] + h[a], eb = z[b] + h[b];
    const hf = Math.max(ea, eb) - Math.max(z[a], z[b]);
    if (hf <= hmin) return 0;
    const nn = 0.5 * (n2[a] + n2[b]);
    return (q - (g * hf * dt * (eb - ea)) / dx) / (1 + (g * dt * nn * Math.abs(qi)) / hf ** (7 / 3));
  };
  const edge = (qo: number, cell: number, dt: number) => {
    const hh = h[cell];
    if (hh <= hmin) return 0;
    return Math.max((qo + g * hh * dt * slope) / (1 + (g * dt * n2[cell] * Math.abs(qo)) / hh ** (7 / 3)), 0);
  };
  while (t < seconds) {
    const dt = Math.min(hmax > hmin ? (alpha * dx) / Math.sqrt(g * hmax) : maxDt, maxDt, seconds - t);
    [qx, ox] = [ox, qx];
    [qy, oy] = [oy, qy];
    for (let r = 0; r < H; r++) {
      const rx = r * (W + 1), row = r * W;
      qx[rx] = -edge(-ox[rx], row, dt);
      for (let col = 0; col + 1 < W; col++) {
        const qi = ox[rx + col + 1];
        qx[rx + col + 1] = face(theta * qi + 0.5 * (1 - theta) * (ox[rx + col] + ox[rx + col + 2]), qi, row + col, row + col + 1, dt);
      }
      qx[rx + W] = edge(ox[rx + W], row + W - 1, dt);
      for (let col = 0; col < W; col++) {
        if (r === 0) qy[col] = -edge(-oy[col], col, dt);
        else {
          const qi = oy[row + col];
          qy[row + col] = face(theta * qi + 0.5 * (1 - theta) * (oy[row - W + col] + oy[row + W + col]), qi, row - W + col, row + col, dt);
        }
        if (r === H - 1) qy[H * W + col] = edge(oy[H * W + col], row + col, dt);
      }
    }
    for (let i = 0; i < n; i++) {
      const r = Math.floor(i / W), col = i % W, rx = r * (W + 1) + col;
      const out = Math.max(-qx[rx], 0) + Math.max(qx[rx + 1], 0) + Math.max(-qy[i], 0) + Math.max(qy[i + W], 0);
      const vol = out * dt * dx;
      factor[i] = vol > h[i] * dx * dx && vol > 0 ? (h[i] * dx * dx) / vol : 1;
    }
    for (let r = 0; r < H; r++) {
      for (let col = 0; col <= W; col++) {
        const k = r * (W + 1) + col, q = qx[k];
        if (q > 0 && col > 0) qx[k] = q * factor[r * W + col - 1];
        else if (q < 0 && col < W) qx[k] = q * factor[r * W + col];
      }
      for (let col = 0; col < W; col++) {
        const k = r * W + col, q = qy[k];
        if (q > 0 && r > 0) qy[k] = q * factor[k - W];
        else if (q < 0) qy[k] = q * factor[k];
      }
    }
    const rain = rainAt(t) * dt;
    hmax = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.floor(i / W), rx = r * (W + 1) + (i % W);
      const v = Math.max(h[i] + (dt / dx) * (qx[rx] - qx[rx + 1] + qy[i] - qy[i + W]) + rain, 0);
      h[i] = v;
      if (v > hmax) hmax = v;
    }
    t += dt;
    steps++;
  }
  return { steps, storage: h.reduce((a, b) => a + b, 0) * dx * dx };
}
