// The abcd model of Thomas (1981): available water W = P + S is split into evapotranspiration
// opportunity Y (at most b) and surplus W − Y; Y becomes soil moisture S = Y·exp(−PET/b) and
// evapotranspiration Y − S; a fraction c of the surplus recharges groundwater, which drains at the
// rate d, the rest runs off directly. b is the upper limit of evapotranspiration plus soil moisture,
// the storage capacity. Balance: P = E + Q + ΔS + ΔG.
import { WaterBalanceModel } from "./model.js";

export const abcd: WaterBalanceModel = {
  name: "abcd",
  title: "abcd",
  reference: "Thomas, H. A. (1981), Improved methods for national water assessment, USGS report WR15249270",
  parameters: [
    { name: "a", lower: 0.01, upper: 1, unit: "-", description: "propensity for runoff before the soil is saturated (1: none)" },
    { name: "b", lower: 10, upper: 2000, unit: "mm", description: "upper limit of evapotranspiration plus soil moisture" },
    { name: "c", lower: 0, upper: 1, unit: "-", description: "fraction of the surplus that recharges groundwater" },
    { name: "d", lower: 0.001, upper: 1, unit: "1/month", description: "groundwater recession rate" },
  ],
  capacity: "b",
  states: ["S", "G"],
  diagnostics: ["W", "Y", "E", "direct", "recharge", "baseflow"],
  balance: { evaporation: "E" },
  initialStates(n, params, states) {
    const b = params[1];
    const [s, g] = states;
    for (let j = 0; j < n; j++) {
      s[j] = 0.5 * b[j];
      g[j] = 10;
    }
  },
  step(n, p, pet, params, states, q, diag) {
    const [a, b, c, d] = params;
    const [s, g] = states;
    for (let j = 0; j < n; j++) {
      const B = b[j];
      const W = p[j] + s[j];
      // Y = (W+b)/2a − √(((W+b)/2a)² − Wb/a), written without the cancellation of the difference
      const sum = W + B;
      const Y = Math.min(W, (2 * W * B) / (sum + Math.sqrt(Math.max(0, sum * sum - 4 * a[j] * W * B))));
      const S = Y * Math.exp(-pet[j] / B);
      const surplus = W - Y;
      const recharge = c[j] * surplus;
      const direct = surplus - recharge;
      const G = (g[j] + recharge) / (1 + d[j]);
      const baseflow = d[j] * G;
      s[j] = S;
      g[j] = G;
      q[j] = direct + baseflow;
      if (diag) {
        diag[0][j] = W;
        diag[1][j] = Y;
        diag[2][j] = Y - S;
        diag[3][j] = direct;
        diag[4][j] = recharge;
        diag[5][j] = baseflow;
      }
    }
  },
};
