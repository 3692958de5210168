// The flood simulator's state and time step, free of Node: the local-inertial scheme of Bates et al.
// (2010) as in LISFLOOD-FP's acceleration solver, and the weighted cellular automaton WCA2D of
// Guidolin et al. (2016). flood.cc fills the public settings and calls init().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace catchment::flood {

struct Series {
  std::vector<double> t, v;
  double at(double x) const;
  double integral(double a, double b) const;
};

struct Source {
  std::vector<int32_t> cells;
  Series q;  // m³/s shared equally by the cells
};

struct FixedLevel {
  std::vector<int32_t> cells;
  Series level;  // water-surface elevation, m
};

struct DepthRowConstants;

struct Balance {
  double rainIn = 0, inflowIn = 0, outflow = 0, losses = 0, fixedNet = 0, initialStorage = 0, clipped = 0;
};

class Solver {
 public:
  // grid and state (row-major, width W, height H)
  int W = 0, H = 0;
  double dx = 1;
  std::vector<double> z, n2, depth;  // bed (m), Manning's n squared, water depth (m)
  std::vector<uint8_t> blocked;
  // forcing and losses
  Series rain;  // m/s
  bool rainStepwise = true;
  std::vector<double> rainField;  // m/s per cell when rain comes as rasters; empty for uniform rain
  double loss = 0;                // m/s
  double gaKs = 0, gaPsiDeltaTheta = 0;  // Green-Ampt conductivity (m/s), suction × moisture deficit (m)
  std::vector<double> gaF;        // Green-Ampt cumulative infiltration per cell (m); empty when off
  std::vector<Source> sources;
  std::vector<FixedLevel> fixed;
  // 0 closed, 1 free outflow, 2 fixed level
  int boundary = 0;
  double boundarySlope = 0.001, boundaryLevel = 0;
  // numerics
  int solver = 0;  // 0 local inertial, 1 WCA2D
  double alpha = 0.7, theta = 0.9, maxDt = 10, hmin = 1e-3, wet = 0.01;
  double velocityDepth = 0;  // speeds (and the hazard's speed term) count only where the depth exceeds this and wet
  double wcaTolerance = 1e-4, wcaSlopeTolerance = 0.005;
  double dtGrowth = 0.01;  // largest relative growth of the local-inertial time step from one step to the next
  double dfDepth = 0.25, dfShallow = 0.5, dfDeep = 1;
  int threads = 1;
  // results
  std::vector<float> maxH, maxV, maxHR, tMax;
  Balance balance;
  double time = 0, hmax = 0;
  uint64_t steps = 0;

  void init();
  double step(double dtLimit);
  double courant() const;
  void updateMaxima();
  void updateMaxima(const std::vector<int32_t>& cells);
  double storage() const;

 private:
  struct StepConstants;
  struct Workspace;
  struct Sums {
    double rain = 0, loss = 0, clipped = 0, out = 0, hmax = 0;
  };
  std::vector<double> qx_, qy_;  // fluxes (m²/s): (W+1)×H faces east-west, W×(H+1) north-south
  std::vector<std::unique_ptr<Workspace>> work_;
  double edgeDepth_ = 0, wcaDt_ = 1.0;
  double freeDt_ = 0;      // the last time step before any cut to land on a requested time
  double uniformN2_ = 0;  // Manning's n² when every open cell has the same, else 0
  std::vector<double> open_;  // 1 − blocked
  // WCA2D: per-cell outflow volumes (m³) to E, W, N, S this step, and each cell's previous total
  std::vector<double> outE_, outW_, outN_, outS_, iPrev_;

  double rainRate(double a, double b) const;
  double edgeFlux(double qOut, std::size_t c, double hc, double dt) const;
  double greenAmptCapacity(double F, double dt) const;
  void depthRow(int r, const double* qx, const double* qyN, const double* qyS, const StepConstants& k, Workspace& w, Sums& s);
  double greenAmptRow(int r, double dt, float* hBuf, float* uBuf, float* vBuf);
  DepthRowConstants rowConstants(double dt, double rain, double lossDepth, float now) const;
  void inertialSweep(int r0, int r1, Workspace& w, const StepConstants& k, Sums& s);
  void wcaFluxes(double dt);

 public:
  Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;
  ~Solver();
};

}  // namespace catchment::flood
