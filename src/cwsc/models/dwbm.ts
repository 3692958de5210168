// The dynamic water balance model of Zhang et al. (2008): Fu's form of the Budyko curve applied
// month by month, twice. Rain is retained up to the demand X0 = PET + Smax − S (efficiency α1), the
// rest runs off directly; retained water plus soil moisture W is split by the demand PET + Smax
// into evapotranspiration opportunity Y and recharge W − Y (efficiency α2); evapotranspiration
// follows the same curve with demand PET, soil moisture is Y − E; groundwater drains at the rate d.
// Smax is the storage capacity. Balance: P = E + Q + ΔS + ΔG.
import { WaterBalanceModel } from "./model.js";

/**
 * Fu's curve F(φ, α) = 1 + φ − (1 + φ^k)^(1/k), k = 1/(1 − α): the supply fraction used for a
 * demand/supply ratio φ, between 0 and min(1, φ).
 */
export function fuCurve(phi: number, alpha: number): number {
  return fuK(phi, 1 / (1 - alpha));
}

/**
 * Fu's curve by its exponent k, written so that large k and large φ neither overflow nor cancel:
 * with u = φ^(−k|log φ|/log φ) ≤ 1 and g = log(1 + u)/k, F = 1 + φ − e^g for φ ≤ 1 and
 * F = 1 − φ(e^g − 1) for φ > 1.
 */
export function fuK(phi: number, k: number): number {
  if (!(phi > 0)) return 0;
  const l = Math.log(phi);
  const t = k * Math.abs(l);
  let f: number;
  if (t > 36) {
    // u = e^−t < 2.4e−16: log(1 + u) = u and e^g = 1 + g to double precision
    const g = Math.exp(-t) / k;
    f = l <= 0 ? phi - g : 1 - phi * g;
  } else {
    const g = Math.log1p(Math.exp(-t)) / k;
    f = l <= 0 ? 1 + phi - Math.exp(g) : 1 - phi * Math.expm1(g);
  }
  return f < 0 ? 0 : f > 1 ? 1 : f > phi ? phi : f;
}

export const dwbm: WaterBalanceModel = {
  name: "dwbm",
  title: "DWBM",
  reference: "Zhang, L., Potter, N., Hickel, K., Zhang, Y., Shao, Q. (2008), J. Hydrol. 360, 117–131",
  parameters: [
    { name: "alpha1", lower: 0.01, upper: 0.99, unit: "-", description: "retention efficiency" },
    { name: "alpha2", lower: 0.01, upper: 0.99, unit: "-", description: "evapotranspiration efficiency" },
    { name: "Smax", lower: 10, upper: 2000, unit: "mm", description: "soil water storage capacity" },
    { name: "d", lower: 0.001, upper: 1, unit: "1/month", description: "groundwater recession rate" },
  ],
  capacity: "Smax",
  states: ["S", "G"],
  diagnostics: ["X0", "X", "direct", "W", "Y", "E", "recharge", "baseflow"],
  balance: { evaporation: "E" },
  initialStates(n, params, states) {
    const smax = params[2];
    const [s, g] = states;
    for (let j = 0; j < n; j++) {
      s[j] = 0.5 * smax[j];
      g[j] = 10;
    }
  },
  step(n, p, pet, params, states, q, diag) {
    const [alpha1, alpha2, smax, d] = params;
    const [s, g] = states;
    for (let j = 0; j < n; j++) {
      const P = p[j];
      const E0 = pet[j];
      const Sm = smax[j];
      const X0 = Math.max(0, E0 + Sm - s[j]);
      const k2 = 1 / (1 - alpha2[j]);
      const X = P > 0 ? P * fuK(X0 / P, 1 / (1 - alpha1[j])) : 0;
      const direct = P - X;
      const W = X + s[j];
      const Y = W > 0 ? W * fuK((E0 + Sm) / W, k2) : 0;
      const E = W > 0 ? Math.min(Y, W * fuK(E0 / W, k2)) : 0;
      const recharge = W - Y;
      const baseflow = d[j] * g[j];
      s[j] = Y - E;
      g[j] = g[j] + recharge - baseflow;
      q[j] = direct + baseflow;
      if (diag) {
        diag[0][j] = X0;
        diag[1][j] = X;
        diag[2][j] = direct;
        diag[3][j] = W;
        diag[4][j] = Y;
        diag[5][j] = E;
        diag[6][j] = recharge;
        diag[7][j] = baseflow;
      }
    }
  },
};
