// The local-inertial shallow-water scheme of Bates et al. (2010), as in LISFLOOD-FP's acceleration
// solver, on a raster: one flux per cell face with semi-implicit Manning friction, an adaptive time
// step, a flux limiter that keeps every cell non-negative, rain, losses, point and fixed-level
// sources, closed / free / fixed-level domain boundaries. Rows are split over OpenMP threads.
#include "flood.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace catchment {

namespace {

constexpr double kG = 9.80665;

// h^(-7/3) without pow and in a form the compiler vectorizes: the first guess for h^(-1/3) comes from the float
// bit pattern (32-bit integer arithmetic), then three Newton steps in double.
inline double powMinus73(double h) {
  float f = static_cast<float>(h);
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  bits = 0x54A2FA8Cu - bits / 3;
  float g;
  std::memcpy(&g, &bits, 4);
  double y = g;
  constexpr double third = 1.0 / 3.0;
  y = y * (4.0 - h * y * y * y) * third;
  y = y * (4.0 - h * y * y * y) * third;
  y = y * (4.0 - h * y * y * y) * third;
  double y2 = y * y;
  return y2 * y2 * y2 * y;
}

// Fluxes on `count` faces between cells a[k] and b[k] = a[k] + stride, written branch-free so that
// the loop vectorizes. prev/prevLo/prevHi: the face's own and its two neighbours' previous fluxes.
inline void faceRun(int count, const double* __restrict z, const double* __restrict h, const double* __restrict n2, const uint8_t* __restrict blocked,
                    ptrdiff_t stride, const double* __restrict prev, const double* __restrict prevLo, const double* __restrict prevHi, double* __restrict out,
                    double theta, double dtg, double invDx, double hmin) {
  const double side = 0.5 * (1.0 - theta);
  for (int k = 0; k < count; ++k) {
    double za = z[k], zb = z[k + stride];
    double ea = za + h[k], eb = zb + h[k + stride];
    double hf = std::max(ea, eb) - std::max(za, zb);
    double qi = prev[k];
    double q = theta * qi + side * (prevLo[k] + prevHi[k]);
    double nn = 0.5 * (n2[k] + n2[k + stride]);
    double num = q - dtg * hf * (eb - ea) * invDx;
    double den = 1.0 + dtg * nn * std::fabs(qi) * powMinus73(std::max(hf, hmin));
    double res = num / den;  // den ≥ 1: computed for every face so the loop has no branch
    double open = 1.0 - static_cast<double>(blocked[k] | blocked[k + stride]);  // blocked holds 0 or 1
    out[k] = res * open * static_cast<double>(hf > hmin);  // masks, not branches, so the loop vectorizes
  }
}

struct Series {
  std::vector<double> t, v;
  // linear interpolation, constant beyond the ends
  double at(double x) const {
    if (t.empty()) return 0;
    if (x <= t.front()) return v.front();
    if (x >= t.back()) return v.back();
    size_t i = std::upper_bound(t.begin(), t.end(), x) - t.begin();
    double f = (x - t[i - 1]) / (t[i] - t[i - 1]);
    return v[i - 1] + f * (v[i] - v[i - 1]);
  }
  // volume of a piecewise-linear rate over [a, b] (trapezoids), for exact source accounting
  double integral(double a, double b) const {
    if (t.empty() || b <= a) return 0;
    double total = 0;
    double x = a;
    while (x < b) {
      size_t i = std::upper_bound(t.begin(), t.end(), x) - t.begin();
      double next = i < t.size() ? std::min(b, t[i]) : b;
      if (next <= x) next = b;
      total += 0.5 * (at(x) + at(next)) * (next - x);
      x = next;
    }
    return total;
  }
};

struct Source {
  std::vector<int32_t> cells;
  Series q;  // m³/s shared equally by the cells
};

struct FixedLevel {
  std::vector<int32_t> cells;
  Series level;  // water-surface elevation, m
};

std::vector<double> f64(const Napi::Value& v, size_t n, const char* what, Napi::Env env) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw Napi::TypeError::New(env, std::string("flood: ") + what + " must be a Float64Array");
  auto a = v.As<Napi::Float64Array>();
  if (n && a.ElementLength() != n) throw Napi::RangeError::New(env, std::string("flood: ") + what + " has the wrong length");
  return std::vector<double>(a.Data(), a.Data() + a.ElementLength());
}

Series seriesOf(const Napi::Object& o, const char* t, const char* v, Napi::Env env) {
  Series s;
  s.t = f64(o.Get(t), 0, t, env);
  s.v = f64(o.Get(v), s.t.size(), v, env);
  return s;
}

}  // namespace

class FloodSim : public Napi::ObjectWrap<FloodSim> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "FloodSim",
                       {InstanceMethod("advance", &FloodSim::Advance), InstanceMethod("field", &FloodSim::Field),
                        InstanceMethod("sample", &FloodSim::Sample), InstanceMethod("balance", &FloodSim::Balance),
                        InstanceMethod("setRainField", &FloodSim::SetRainField)});
  }

  explicit FloodSim(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FloodSim>(info) {
    Napi::Env env = info.Env();
    auto o = info[0].As<Napi::Object>();
    W_ = o.Get("width").As<Napi::Number>().Int32Value();
    H_ = o.Get("height").As<Napi::Number>().Int32Value();
    dx_ = o.Get("dx").As<Napi::Number>().DoubleValue();
    invDx_ = 1.0 / dx_;
    const size_t n = static_cast<size_t>(W_) * H_;
    z_ = f64(o.Get("z"), n, "z", env);
    n2_ = f64(o.Get("manning"), n, "manning", env);
    for (double& m : n2_) m = m * m;
    h_ = f64(o.Get("h0"), n, "h0", env);
    auto blocked = o.Get("blocked").As<Napi::Uint8Array>();
    if (blocked.ElementLength() != n) throw Napi::RangeError::New(env, "flood: blocked has the wrong length");
    blocked_.assign(blocked.Data(), blocked.Data() + n);
    rain_ = seriesOf(o.Get("rain").As<Napi::Object>(), "t", "rate", env);
    rainStep_ = o.Get("rainStepwise").ToBoolean().Value();
    loss_ = o.Get("lossRate").As<Napi::Number>().DoubleValue();
    if (o.Has("greenAmpt") && o.Get("greenAmpt").IsObject()) {
      auto ga = o.Get("greenAmpt").As<Napi::Object>();
      gaKs_ = ga.Get("ks").As<Napi::Number>().DoubleValue();
      gaPsiDtheta_ = ga.Get("psiDeltaTheta").As<Napi::Number>().DoubleValue();
      gaF_.assign(n, ga.Get("initial").As<Napi::Number>().DoubleValue());
    }
    boundary_ = o.Get("boundary").As<Napi::Number>().Int32Value();
    boundarySlope_ = o.Get("boundarySlope").As<Napi::Number>().DoubleValue();
    boundaryLevel_ = o.Get("boundaryLevel").As<Napi::Number>().DoubleValue();
    alpha_ = o.Get("alpha").As<Napi::Number>().DoubleValue();
    theta_ = o.Get("theta").As<Napi::Number>().DoubleValue();
    maxDt_ = o.Get("maxDt").As<Napi::Number>().DoubleValue();
    hmin_ = o.Get("depthThreshold").As<Napi::Number>().DoubleValue();
    wet_ = o.Get("wetThreshold").As<Napi::Number>().DoubleValue();
    dfDepth_ = o.Get("dfDepth").As<Napi::Number>().DoubleValue();
    dfShallow_ = o.Get("dfShallow").As<Napi::Number>().DoubleValue();
    dfDeep_ = o.Get("dfDeep").As<Napi::Number>().DoubleValue();
    threads_ = std::max(1, o.Get("threads").As<Napi::Number>().Int32Value());
    if (o.Has("solver") && o.Get("solver").IsString() && o.Get("solver").As<Napi::String>().Utf8Value() == "wca2d") {
      solver_ = 1;
      if (boundary_ == 2) throw Napi::RangeError::New(env, "flood: the wca2d solver supports closed and free boundaries, not a fixed level");
      if (o.Has("wcaTolerance")) wcaTolerance_ = o.Get("wcaTolerance").As<Napi::Number>().DoubleValue();
      if (o.Has("wcaSlopeTolerance")) wcaSlopeTolerance_ = o.Get("wcaSlopeTolerance").As<Napi::Number>().DoubleValue();
      outE_.assign(n, 0.0);
      outW_.assign(n, 0.0);
      outN_.assign(n, 0.0);
      outS_.assign(n, 0.0);
      iPrev_.assign(n, 0.0);
    }
    auto sources = o.Get("sources").As<Napi::Array>();
    for (uint32_t i = 0; i < sources.Length(); ++i) {
      auto s = sources.Get(i).As<Napi::Object>();
      auto cells = s.Get("cells").As<Napi::Int32Array>();
      sources_.push_back({std::vector<int32_t>(cells.Data(), cells.Data() + cells.ElementLength()), seriesOf(s, "t", "q", env)});
    }
    auto fixed = o.Get("fixed").As<Napi::Array>();
    for (uint32_t i = 0; i < fixed.Length(); ++i) {
      auto s = fixed.Get(i).As<Napi::Object>();
      auto cells = s.Get("cells").As<Napi::Int32Array>();
      fixed_.push_back({std::vector<int32_t>(cells.Data(), cells.Data() + cells.ElementLength()), seriesOf(s, "t", "level", env)});
    }
    qx_.assign(static_cast<size_t>(W_ + 1) * H_, 0.0);
    qy_.assign(static_cast<size_t>(W_) * (H_ + 1), 0.0);
    qxOld_ = qx_;
    qyOld_ = qy_;
    factor_.assign(n, 1.0);
    maxH_.assign(n, 0.0f);
    maxV_.assign(n, 0.0f);
    maxHR_.assign(n, 0.0f);
    tMax_.assign(n, 0.0f);
    for (size_t i = 0; i < n; ++i) {
      if (blocked_[i]) h_[i] = 0;
      initialStorage_ += h_[i];
    }
    initialStorage_ *= dx_ * dx_;
    if (boundary_ == 2) {
      for (int r = 0; r < H_; ++r)
        for (int c = 0; c < W_; ++c) {
          if (r != 0 && r != H_ - 1 && c != 0 && c != W_ - 1) continue;
          size_t i = static_cast<size_t>(r) * W_ + c;
          if (!blocked_[i]) edgeDepth_ = std::max(edgeDepth_, boundaryLevel_ - z_[i]);
        }
    }
    updateMaxima();
  }

 private:
  int W_ = 0, H_ = 0, threads_ = 1, boundary_ = 0;
  double dx_ = 1, invDx_ = 1, theta_ = 0.9, loss_ = 0, boundarySlope_ = 0.001, boundaryLevel_ = 0, alpha_ = 0.7, maxDt_ = 10, hmin_ = 1e-3, wet_ = 0.01;
  double dfDepth_ = 0.25, dfShallow_ = 0.5, dfDeep_ = 1;
  bool rainStep_ = true;
  std::vector<double> z_, n2_, h_, qx_, qy_, qxOld_, qyOld_, factor_;
  // Green-Ampt: saturated conductivity (m/s), suction head × moisture deficit (m), cumulative infiltration per cell (m)
  double gaKs_ = 0, gaPsiDtheta_ = 0;
  std::vector<double> gaF_;
  // rain rate per cell (m/s) when rain comes as rasters; empty for uniform rain
  std::vector<double> rainField_;
  std::vector<uint8_t> blocked_;
  std::vector<float> maxH_, maxV_, maxHR_, tMax_;
  Series rain_;
  std::vector<Source> sources_;
  std::vector<FixedLevel> fixed_;
  double t_ = 0;
  double hmax_ = 0;
  double edgeDepth_ = 0;
  // the weighted cellular automaton of Guidolin et al. (2016): solver_ 1; per-cell outflow volumes
  // (m³) to E, W, N, S this step, the cell's total outflow of the previous step, and the next step
  int solver_ = 0;
  // level-difference tolerance (m) and slope tolerance of the time-step rule (CADDIES' 0.5 %)
  double wcaTolerance_ = 1e-4, wcaSlopeTolerance_ = 0.005, wcaDt_ = 1.0;
  std::vector<double> outE_, outW_, outN_, outS_, iPrev_;
  double rainIn_ = 0, inflowIn_ = 0, outflow_ = 0, losses_ = 0, fixedNet_ = 0, initialStorage_ = 0, clipped_ = 0;
  uint64_t steps_ = 0;

  double rainRate(double a, double b) const {
    if (rain_.t.empty()) return 0;
    if (rainStep_) {
      // a hyetograph of blocks: rate v[i] holds on [t[i], t[i+1]); average over [a, b]
      double vol = 0;
      for (size_t i = 0; i < rain_.t.size(); ++i) {
        double lo = std::max(a, rain_.t[i]);
        double hi = std::min(b, i + 1 < rain_.t.size() ? rain_.t[i + 1] : lo);
        if (hi > lo) vol += rain_.v[i] * (hi - lo);
      }
      return vol / (b - a);
    }
    return rain_.integral(a, b) / (b - a);
  }

  // Flux on the face between cells a and b (a west/north of b), positive from a to b.
  // Flux through a domain-edge face, positive out of the domain (cell c inside).
  inline double edgeFlux(double qOut, size_t c, double dt) const {
    if (boundary_ == 0 || blocked_[c]) return 0.0;
    double h = h_[c];
    // free outflow needs water in the cell; a fixed level above the ground also fills a dry cell
    if (boundary_ == 1 && h <= hmin_) return 0.0;
    double slope;
    if (boundary_ == 1) slope = boundarySlope_;  // free outflow: normal-depth slope
    else slope = (z_[c] + h - boundaryLevel_) / dx_;  // fixed level outside
    double hf = boundary_ == 1 ? h : std::max(z_[c] + h, boundaryLevel_) - z_[c];
    if (hf <= hmin_) return 0.0;
    double q = (qOut + kG * hf * dt * slope) / (1.0 + kG * dt * n2_[c] * std::fabs(qOut) * powMinus73(hf));
    return boundary_ == 1 ? std::max(q, 0.0) : q;
  }

  // WCA2D (Guidolin et al. 2016): each wet cell shares an outflow volume among its downstream
  // neighbours (water level lower by more than the tolerance) with weights ΔV_i / (ΣΔV + ΔV_min);
  // the total is the least of the cell's water, I_M / w_M with I_M from the critical or Manning
  // velocity towards the largest weight, and ΔV_min plus the previous step's total. The volumes
  // become face fluxes (m²/s) so rain, losses, maxima and the mass balance are those of the other
  // solver. Also sets the next time step, (Δx²/4)·(2n/R^(5/3))·√S over wet cells.
  void wcaFluxes(double dt) {
    const int W = W_, H = H_;
    const double A = dx_ * dx_, tol = wcaTolerance_, slopeTol = wcaSlopeTolerance_, freeDrop = boundarySlope_ * dx_;
    const bool freeEdge = boundary_ == 1;
    double nextDt = maxDt_;
#pragma omp parallel for schedule(static) num_threads(threads_) reduction(min : nextDt)
    for (int r = 0; r < H; ++r) {
      for (int c = 0; c < W; ++c) {
        const size_t i = static_cast<size_t>(r) * W + c;
        double* outs[4] = {&outE_[i], &outW_[i], &outN_[i], &outS_[i]};
        for (double* o : outs) *o = 0;
        const double d0 = h_[i];
        if (blocked_[i] || d0 <= hmin_) {
          iPrev_[i] = 0;
          continue;
        }
        const double l0 = z_[i] + d0;
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
          if (blocked_[j]) continue;
          dl[k] = l0 - z_[j] - h_[j];
          hr[k] = l0 - std::max(z_[i], z_[j]);
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
          const double slope = dl[k] * invDx_;
          if (slope > slopeTol && hr[k] > hmin_) nextDt = std::min(nextDt, 0.25 * A * 2.0 * std::sqrt(n2_[i]) / std::pow(hr[k], 5.0 / 3.0) * std::sqrt(slope));
        }
        if (kM < 0) {
          iPrev_[i] = 0;
          continue;
        }
        const double denom = sum + vMin;
        const double wM = wMax / denom;
        const double slope = std::max(dl[kM], 0.0) * invDx_;
        const double vM = std::min(std::sqrt(kG * d0), std::pow(d0, 2.0 / 3.0) * std::sqrt(slope / n2_[i]));
        const double iM = vM * d0 * dt * dx_;
        const double total = std::min({d0 * A, iM / wM, vMin + iPrev_[i]});
        iPrev_[i] = total;
        for (int k = 0; k < 4; ++k)
          if (dl[k] > tol) *outs[k] = A * dl[k] / denom * total;
      }
    }
    wcaDt_ = nextDt;
    // volumes → signed face fluxes: qx positive eastwards, qy positive southwards (row r+1 below r)
    const double toQ = 1.0 / (dx_ * dt);
#pragma omp parallel for schedule(static) num_threads(threads_)
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

  double step(double dtLimit) {
    const int W = W_, H = H_;
    // a fixed level above the ground at the edge is water that will come in: it limits the step too
    double hmax = std::max(hmax_, edgeDepth_);
    double dt = hmax > hmin_ ? alpha_ * dx_ / std::sqrt(kG * hmax) : maxDt_;
    if (solver_ == 1) dt = wcaDt_;
    dt = std::min({dt, maxDt_, dtLimit});
    const double t0 = t_, t1 = t_ + dt;
    for (auto& f : fixed_) {
      double level = f.level.at(t1);
      for (int32_t c : f.cells) {
        double target = std::max(level - z_[c], 0.0);
        fixedNet_ += (target - h_[c]) * dx_ * dx_;
        h_[c] = target;
      }
    }
    const double area = dx_ * dx_;
    if (solver_ == 1) {
      wcaFluxes(dt);
    } else {
    // 1. fluxes from the current depths; the previous fluxes are smoothed with weight θ
    std::swap(qx_, qxOld_);
    std::swap(qy_, qyOld_);
    const double th = theta_;
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int r = 0; r < H; ++r) {
      const size_t row = static_cast<size_t>(r) * W;
      double* qx = &qx_[static_cast<size_t>(r) * (W + 1)];
      const double* ox = &qxOld_[static_cast<size_t>(r) * (W + 1)];
      qx[0] = (blocked_[row]) ? 0.0 : -edgeFlux(-ox[0], row, dt);
      faceRun(W - 1, &z_[row], &h_[row], &n2_[row], &blocked_[row], 1, ox + 1, ox, ox + 2, qx + 1, th, kG * dt, invDx_, hmin_);
      qx[W] = blocked_[row + W - 1] ? 0.0 : edgeFlux(ox[W], row + W - 1, dt);
      double* qy = &qy_[static_cast<size_t>(r) * W];  // face above row r
      const double* oy = &qyOld_[static_cast<size_t>(r) * W];
      if (r == 0) {
        for (int c = 0; c < W; ++c) qy[c] = blocked_[c] ? 0.0 : -edgeFlux(-oy[c], c, dt);
      } else {
        faceRun(W, &z_[row - W], &h_[row - W], &n2_[row - W], &blocked_[row - W], W, oy, oy - W, oy + W, qy, th, kG * dt, invDx_, hmin_);
      }
      if (r == H - 1) {
        double* qb = &qy_[static_cast<size_t>(H) * W];
        const double* ob = &qyOld_[static_cast<size_t>(H) * W];
        for (int c = 0; c < W; ++c) qb[c] = blocked_[row + c] ? 0.0 : edgeFlux(ob[c], row + c, dt);
      }
    }
    // 2. limiter: a cell may not lose more water than it holds (branch-free so the loops vectorize)
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int r = 0; r < H; ++r) {
      const double* __restrict qx = &qx_[static_cast<size_t>(r) * (W + 1)];
      const double* __restrict qn = &qy_[static_cast<size_t>(r) * W];
      const double* __restrict qs = qn + W;
      const double* __restrict h = &h_[static_cast<size_t>(r) * W];
      double* __restrict f = &factor_[static_cast<size_t>(r) * W];
      const double k = dt * dx_;
      for (int c = 0; c < W; ++c) {
        double vol = (std::max(-qx[c], 0.0) + std::max(qx[c + 1], 0.0) + std::max(-qn[c], 0.0) + std::max(qs[c], 0.0)) * k;
        f[c] = std::min(1.0, h[c] * area / std::max(vol, 1e-300));
      }
    }
    // 3. limit each face by the factor of the cell it drains (each face written once)
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int r = 0; r < H; ++r) {
      const size_t row = static_cast<size_t>(r) * W;
      double* __restrict qx = &qx_[static_cast<size_t>(r) * (W + 1)];
      const double* __restrict f = &factor_[row];
      if (qx[0] < 0) qx[0] *= f[0];
      for (int c = 1; c < W; ++c) {
        double q = qx[c];
        double pos = static_cast<double>(q > 0);
        qx[c] = q * (f[c] + pos * (f[c - 1] - f[c]));
      }
      if (qx[W] > 0) qx[W] *= f[W - 1];
      double* __restrict qy = &qy_[row];
      if (r == 0) {
        for (int c = 0; c < W; ++c)
          if (qy[c] < 0) qy[c] *= f[c];
      } else {
        const double* __restrict fa = f - W;
        for (int c = 0; c < W; ++c) {
          double q = qy[c];
          double pos = static_cast<double>(q > 0);
          qy[c] = q * (f[c] + pos * (fa[c] - f[c]));
        }
      }
      if (r == H - 1) {
        double* qb = &qy_[static_cast<size_t>(H) * W];
        for (int c = 0; c < W; ++c)
          if (qb[c] > 0) qb[c] *= f[c];
      }
    }
    }
    // boundary outflow volume this step
    double out = 0;
    for (int r = 0; r < H; ++r) out += -qx_[static_cast<size_t>(r) * (W + 1)] + qx_[static_cast<size_t>(r) * (W + 1) + W];
    for (int c = 0; c < W; ++c) out += -qy_[c] + qy_[static_cast<size_t>(H) * W + c];
    outflow_ += out * dt * dx_;
    // 4. depths: fluxes, rain, losses; then maxima of depth, speed and hazard on wet cells
    const double rain = rainRate(t0, t1) * dt;
    const double* rainField = rainField_.empty() ? nullptr : rainField_.data();
    const bool greenAmpt = !gaF_.empty();
    const double lossDepth = loss_ * dt;
    const float tNow = static_cast<float>(t1);
    double rainVol = 0, lossVol = 0, clipped = 0, newMax = 0;
#pragma omp parallel for schedule(static) num_threads(threads_) reduction(+ : rainVol, lossVol, clipped) reduction(max : newMax)
    for (int r = 0; r < H; ++r) {
      for (int c = 0; c < W; ++c) {
        size_t i = static_cast<size_t>(r) * W + c;
        if (blocked_[i]) continue;
        const double* qx = &qx_[static_cast<size_t>(r) * (W + 1) + c];
        const double r = rainField ? rainField[i] * dt : rain;
        double h = h_[i] + dt * invDx_ * (qx[0] - qx[1] + qy_[i] - qy_[i + W]) + r;
        rainVol += r;
        if (lossDepth > 0 && h > 0) {
          double l = std::min(h, lossDepth);
          h -= l;
          lossVol += l;
        }
        if (greenAmpt && h > 0) {
          double l = std::min(h, greenAmptCapacity(gaF_[i], dt));
          h -= l;
          gaF_[i] += l;
          lossVol += l;
        }
        if (h < 0) {
          clipped += -h;
          h = 0;
        }
        h_[i] = h;
        newMax = std::max(newMax, h);
        if (h > wet_) trackMaxima(i, h, qx[0] + qx[1], qy_[i] + qy_[i + W], tNow);
      }
    }
    rainIn_ += rainVol * area;
    losses_ += lossVol * area;
    clipped_ += clipped * area;
    for (auto& s : sources_) {
      double vol = s.q.integral(t0, t1);
      double depth = vol / (area * s.cells.size());
      for (int32_t c : s.cells) {
        h_[c] += depth;
        newMax = std::max(newMax, h_[c]);
      }
      inflowIn_ += vol;
    }
    hmax_ = newMax;
    t_ = t1;
    ++steps_;
    if (!sources_.empty() || !fixed_.empty()) updateMaxima();  // cells changed after the depth pass
    return dt;
  }

  // Green-Ampt infiltration capacity over one step of ponded water (m): the exact increment of the
  // cumulative infiltration F from Ks·dt = ΔF − ψΔθ·ln((F + ΔF + ψΔθ) / (F + ψΔθ)), by Newton.
  inline double greenAmptCapacity(double F, double dt) const {
    const double pd = gaPsiDtheta_, k = gaKs_ * dt;
    if (pd <= 0) return k;
    double Fn = F + k + std::sqrt(2.0 * pd * k);  // above the root; Newton descends monotonically
    for (int it = 0; it < 30; ++it) {
      double g = Fn - F - pd * std::log((Fn + pd) / (F + pd)) - k;
      double step = g * (Fn + pd) / Fn;
      Fn -= step;
      if (std::fabs(step) <= 1e-13 * (Fn + pd)) break;
    }
    return std::max(Fn - F, 0.0);
  }

  // qxSum, qySum: the sums of the two face fluxes in each direction (velocity = sum / 2h)
  inline void trackMaxima(size_t i, double h, double qxSum, double qySum, float t) {
    double inv = 0.5 / h;
    double u = qxSum * inv, v = qySum * inv;
    double speed = std::sqrt(u * u + v * v);
    double hr = h * (speed + 0.5) + (h <= dfDepth_ ? dfShallow_ : dfDeep_);
    if (h > maxH_[i]) {
      maxH_[i] = static_cast<float>(h);
      tMax_[i] = t;
    }
    if (speed > maxV_[i]) maxV_[i] = static_cast<float>(speed);
    if (hr > maxHR_[i]) maxHR_[i] = static_cast<float>(hr);
  }

  void updateMaxima() {
    const int W = W_, H = H_;
    const float t = static_cast<float>(t_);
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int r = 0; r < H; ++r) {
      for (int c = 0; c < W; ++c) {
        size_t i = static_cast<size_t>(r) * W + c;
        double h = h_[i];
        if (h <= wet_) continue;
        const double* qx = &qx_[static_cast<size_t>(r) * (W + 1) + c];
        trackMaxima(i, h, qx[0] + qx[1], qy_[i] + qy_[i + W], t);
      }
    }
  }

  // advance(tEnd, maxSteps) -> { t, steps }
  Napi::Value Advance(const Napi::CallbackInfo& info) {
    double tEnd = info[0].As<Napi::Number>().DoubleValue();
    double maxSteps = info.Length() > 1 ? info[1].As<Napi::Number>().DoubleValue() : 1e18;
    uint64_t done = 0;
    while (t_ < tEnd - 1e-9 && done < maxSteps) {
      step(tEnd - t_);
      ++done;
    }
    auto r = Napi::Object::New(info.Env());
    r.Set("t", t_);
    r.Set("steps", static_cast<double>(steps_));
    r.Set("hmax", hmax_);
    return r;
  }

  // field(name) -> copy of depth | maxDepth | maxVelocity | maxHazard | timeOfMax
  Napi::Value Field(const Napi::CallbackInfo& info) {
    std::string name = info[0].As<Napi::String>().Utf8Value();
    size_t n = static_cast<size_t>(W_) * H_;
    if (name == "depth") {
      auto a = Napi::Float64Array::New(info.Env(), n);
      std::memcpy(a.Data(), h_.data(), n * 8);
      return a;
    }
    const std::vector<float>* src = name == "maxDepth" ? &maxH_ : name == "maxVelocity" ? &maxV_ : name == "maxHazard" ? &maxHR_ : name == "timeOfMax" ? &tMax_ : nullptr;
    if (!src) throw Napi::Error::New(info.Env(), "flood: unknown field " + name);
    auto a = Napi::Float32Array::New(info.Env(), n);
    std::memcpy(a.Data(), src->data(), n * 4);
    return a;
  }

  // sample(cells Int32Array) -> Float64Array of depths
  // rain rates per cell (m/s), or null for none; replaces the uniform hyetograph from now on
  Napi::Value SetRainField(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const size_t n = static_cast<size_t>(W_) * H_;
    if (info[0].IsNull() || info[0].IsUndefined()) {
      rainField_.assign(n, 0.0);
      return env.Undefined();
    }
    rainField_ = f64(info[0], n, "rain field", env);
    for (double v : rainField_)
      if (!(v >= 0) || !std::isfinite(v)) throw Napi::RangeError::New(env, "flood: rain field holds a negative or non-finite rate");
    return env.Undefined();
  }

  Napi::Value Sample(const Napi::CallbackInfo& info) {
    auto cells = info[0].As<Napi::Int32Array>();
    auto out = Napi::Float64Array::New(info.Env(), cells.ElementLength());
    for (size_t k = 0; k < cells.ElementLength(); ++k) out[k] = h_[cells[k]];
    return out;
  }

  Napi::Value Balance(const Napi::CallbackInfo& info) {
    double storage = 0;
    for (size_t i = 0; i < h_.size(); ++i) storage += h_[i];
    storage *= dx_ * dx_;
    auto r = Napi::Object::New(info.Env());
    r.Set("rain_m3", rainIn_);
    r.Set("inflow_m3", inflowIn_);
    r.Set("fixed_level_net_m3", fixedNet_);
    r.Set("outflow_m3", outflow_);
    r.Set("losses_m3", losses_);
    r.Set("initial_storage_m3", initialStorage_);
    r.Set("storage_m3", storage);
    r.Set("clipped_m3", clipped_);
    r.Set("t", t_);
    r.Set("steps", static_cast<double>(steps_));
    return r;
  }
};

Napi::Object InitFlood(Napi::Env env, Napi::Object exports) {
  exports.Set("FloodSim", FloodSim::Define(env));
  return exports;
}

}  // namespace catchment
