// GR2M, the monthly rainfall-runoff model of Mouelhi et al. (2006) in the form of the Cemagref
// spreadsheet: a production store of capacity X1 fed by rain and emptied by evaporation and
// percolation, and a routing store of fixed capacity 60 mm whose content is multiplied by the
// groundwater exchange coefficient X2 before it drains. The exchange F = (X2 − 1)·R1 is water
// gained (F > 0) or lost (F < 0) across the catchment boundary underground, so the balance is
// P + F = AE + Q + ΔS + ΔR.
import { WaterBalanceModel } from "./model.js";

/** Capacity of the routing store (mm), fixed in GR2M. */
export const GR2M_ROUTING_CAPACITY = 60;

export const gr2m: WaterBalanceModel = {
  name: "gr2m",
  title: "GR2M",
  reference: "Mouelhi, S., Michel, C., Perrin, C., Andréassian, V. (2006), J. Hydrol. 318, 200–214",
  parameters: [
    { name: "X1", lower: 10, upper: 2000, unit: "mm", description: "capacity of the production store" },
    { name: "X2", lower: 0.1, upper: 2, unit: "-", description: "groundwater exchange coefficient (1: none)" },
  ],
  capacity: "X1",
  states: ["S", "R"],
  diagnostics: ["S1", "P1", "S2", "P2", "P3", "R1", "F", "R2", "AE"],
  balance: { evaporation: "AE", exchange: "F" },
  initialStates(n, params, states) {
    const [x1] = params;
    const [s, r] = states;
    for (let j = 0; j < n; j++) {
      s[j] = 0.5 * x1[j];
      r[j] = 0.5 * GR2M_ROUTING_CAPACITY;
    }
  },
  step(n, p, pet, params, states, q, diag) {
    const [x1, x2] = params;
    const [s, r] = states;
    for (let j = 0; j < n; j++) {
      const X1 = x1[j];
      const S = s[j];
      const phi = Math.tanh(p[j] / X1);
      const S1 = (S + X1 * phi) / (1 + (phi * S) / X1);
      const P1 = p[j] + S - S1;
      const psi = Math.tanh(pet[j] / X1);
      const S2 = (S1 * (1 - psi)) / (1 + psi * (1 - S1 / X1));
      const ratio = S2 / X1;
      const Snew = S2 / Math.cbrt(1 + ratio * ratio * ratio);
      const P2 = S2 - Snew;
      const P3 = P1 + P2;
      const R1 = r[j] + P3;
      const R2 = x2[j] * R1;
      const Q = (R2 * R2) / (R2 + GR2M_ROUTING_CAPACITY);
      s[j] = Snew;
      r[j] = R2 - Q;
      q[j] = Q;
      if (diag) {
        diag[0][j] = S1;
        diag[1][j] = P1;
        diag[2][j] = S2;
        diag[3][j] = P2;
        diag[4][j] = P3;
        diag[5][j] = R1;
        diag[6][j] = R2 - R1;
        diag[7][j] = R2;
        diag[8][j] = S1 - S2;
      }
    }
  },
};
