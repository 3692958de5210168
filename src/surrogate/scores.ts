// The seed's accuracy table for predicted against simulated maxima: per output d1 (Willmott et al.
// 1985) and RMSE, with MAE, RMSE over wet cells (simulated depth above 0.1 m), and the CSI of the
// flooded area at 0.05, 0.1 and 0.3 m, pooled over every cell given.
import { confusion, csi, d1, mae, rmse } from "../metrics/index.js";

export const CSI_DEPTHS = [0.05, 0.1, 0.3] as const;

export interface SurrogateScores {
  depth_d1: number;
  depth_rmse: number;
  depth_mae: number;
  depth_rmse_wet: number;
  "depth_csi0.05": number;
  "depth_csi0.1": number;
  "depth_csi0.3": number;
  velocity_d1: number;
  velocity_rmse: number;
  velocity_mae: number;
}

function wetRmse(obsDepth: ArrayLike<number>, obs: ArrayLike<number>, sim: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < obs.length; i++)
    if (obsDepth[i] > 0.1) {
      s += (sim[i] - obs[i]) ** 2;
      n++;
    }
  return n ? Math.sqrt(s / n) : NaN;
}

export function scoreMaps(obsDepth: ArrayLike<number>, simDepth: ArrayLike<number>, obsVelocity: ArrayLike<number>, simVelocity: ArrayLike<number>): SurrogateScores {
  const c = (t: number) => csi(confusion(obsDepth, simDepth, t));
  return {
    depth_d1: d1(obsDepth, simDepth),
    depth_rmse: rmse(obsDepth, simDepth),
    depth_mae: mae(obsDepth, simDepth),
    depth_rmse_wet: wetRmse(obsDepth, obsDepth, simDepth),
    "depth_csi0.05": c(0.05),
    "depth_csi0.1": c(0.1),
    "depth_csi0.3": c(0.3),
    velocity_d1: d1(obsVelocity, simVelocity),
    velocity_rmse: rmse(obsVelocity, simVelocity),
    velocity_mae: mae(obsVelocity, simVelocity),
  };
}
