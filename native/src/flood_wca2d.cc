// The weighted cellular automaton WCA2D of Guidolin et al. (2016) as the flux stage of the flood
// solver: outflow volumes per cell become face fluxes, and the rest of the step is shared.
#include <omp.h>

#include <algorithm>
#include <cmath>

#include "flood_solver.h"

namespace catchment::flood {

namespace {
constexpr double kG = 9.80665;
}

// WCA2D (Guidolin et al. 2016): each wet cell shares an outflow volume among its downstream
// neighbours (water level lower by more than the tolerance) with weights ΔV_i / (ΣΔV + ΔV_min);
// the total is the least of the cell's water, I_M / w_M with I_M from the critical or Manning
// velocity towards the largest weight, and ΔV_min plus the previous step's total. The volumes
// become face fluxes (m²/s) so rain, losses, maxima and the mass balance are those of the other
// solver. Also sets the next time step, (Δx²/4)·(2n/R^(5/3))·√S over wet cells.
void Solver::wcaFluxes(double dt) {
  const double invDx = 1.0 / dx;
  const double A = dx * dx, tol = wcaTolerance, slopeTol = wcaSlopeTolerance, freeDrop = boundarySlope * dx;
  const bool freeEdge = boundary == 1;
  double nextDt = maxDt;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(min : nextDt)
  for (int r = 0; r < H; ++r) {
    for (int c = 0; c < W; ++c) {
      const size_t i = static_cast<size_t>(r) * W + c;
      double* outs[4] = {&outE_[i], &outW_[i], &outN_[i], &outS_[i]};
      for (double* o : outs) *o = 0;
      const double d0 = depth[i];
      if (blocked[i] || d0 <= hmin) {
        iPrev_[i] = 0;
        continue;
      }
      const double l0 = z[i] + d0;
      // level differences to E, W, N, S and the flow depth across each face; an open edge is a
      // dry neighbour freeDrop lower
      double dl[4], hr[4];
      const int nc[4] = {c + 1, c - 1, c, c};
      const int nr[4] = {r, r, r - 1, r + 1};
      for (int k = 0; k < 4; ++k) {
        dl[k] = 0;
        hr[k] = 0;
        if (nc[k] < 0 || nc[k] >= W || nr[k] < 0 || nr[k] >= H) {
          if (freeEdge) {
            dl[k] = d0 + freeDrop;
            hr[k] = d0;
          }
          continue;
        }
        const size_t j = static_cast<size_t>(nr[k]) * W + nc[k];
        if (blocked[j]) continue;
        dl[k] = l0 - z[j] - depth[j];
        hr[k] = l0 - std::max(z[i], z[j]);
      }
      double sum = 0, vMin = 1e300, wMax = 0;
      int kM = -1;
      for (int k = 0; k < 4; ++k) {
        if (dl[k] <= tol) continue;
        const double v = A * dl[k];
        sum += v;
        vMin = std::min(vMin, v);
        if (v > wMax) {
          wMax = v;
          kM = k;
        }
        // the next time step (Guidolin et al. 2016, eq. 17) from the faces that carry flow
        const double slope = dl[k] * invDx;
        if (slope > slopeTol && hr[k] > hmin) nextDt = std::min(nextDt, 0.25 * A * 2.0 * std::sqrt(n2[i]) / std::pow(hr[k], 5.0 / 3.0) * std::sqrt(slope));
      }
      if (kM < 0) {
        iPrev_[i] = 0;
        continue;
      }
      const double denom = sum + vMin;
      const double wM = wMax / denom;
      const double slope = std::max(dl[kM], 0.0) * invDx;
      const double vM = std::min(std::sqrt(kG * d0), std::pow(d0, 2.0 / 3.0) * std::sqrt(slope / n2[i]));
      const double iM = vM * d0 * dt * dx;
      const double total = std::min({d0 * A, iM / wM, vMin + iPrev_[i]});
      iPrev_[i] = total;
      for (int k = 0; k < 4; ++k)
        if (dl[k] > tol) *outs[k] = A * dl[k] / denom * total;
    }
  }
  wcaDt_ = nextDt;
  // volumes → signed face fluxes: qx positive eastwards, qy positive southwards (row r+1 below r)
  const double toQ = 1.0 / (dx * dt);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < H; ++r) {
    const size_t row = static_cast<size_t>(r) * W;
    double* qx = &qx_[static_cast<size_t>(r) * (W + 1)];
    qx[0] = -outW_[row] * toQ;
    for (int c = 1; c < W; ++c) qx[c] = (outE_[row + c - 1] - outW_[row + c]) * toQ;
    qx[W] = outE_[row + W - 1] * toQ;
    double* qy = &qy_[row];
    for (int c = 0; c < W; ++c) qy[c] = (r == 0 ? 0.0 : outS_[row - W + c]) * toQ - outN_[row + c] * toQ;
    if (r == H - 1) {
      double* qb = &qy_[static_cast<size_t>(H) * W];
      for (int c = 0; c < W; ++c) qb[c] = outS_[row + c] * toQ;
    }
  }
}

}  // namespace catchment::flood
