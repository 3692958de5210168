// One time step of the flood solver. The local-inertial step is a single sweep down the rows: for
// row i it computes the raw fluxes of row i, the limiter factors of row i-1, the limited fluxes
// of row i-1 and the new depths of row i-2, so every row is read from memory once per step and the
// intermediate rows live in small per-thread ring buffers. Threads take blocks of rows; the few
// rows a block reads from its neighbours are copied before anyone writes.
#include "flood_solver.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>

// wide vectors where the CPU has them (AVX-512 doubles 8 lanes); ignored elsewhere
#pragma GCC target("prefer-vector-width=512")

namespace catchment::flood {

// what updateDepthRow and updateMaximaRow need of a step and of the solver
struct DepthRowConstants {
  double f, dt, rain, lossDepth, wet;
  float wetFloat, dfDepth, dfShallow, dfDeep, now;
  float speedDepth;  // speeds count where the depth exceeds this; −1 when that is every wet cell
};

namespace {

constexpr double kG = 9.80665;
// bed elevation given to blocked cells, so that the flow depth on their faces is zero
constexpr double kWall = 1e30;

// h^(-7/3) without pow and in a form the compiler vectorizes: the first guess for h^(-1/3) comes
// from the float bit pattern (32-bit integer arithmetic, within 3.5 %), then two third-order
// steps y ← y·(1 + r/3 + 2r²/9) with r = 1 − h·y³, the series of (1 − r)^(−1/3): 3.5 % → 2e-4 → 1e-11.
inline double powMinus73(double h) {
  float f = static_cast<float>(h);
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  bits = 0x54A2FA8Cu - bits / 3;
  float g;
  std::memcpy(&g, &bits, 4);
  double y = g;
  constexpr double c1 = 1.0 / 3.0, c2 = 2.0 / 9.0;
  double r = 1.0 - h * (y * y * y);
  y = y + y * r * (c1 + c2 * r);
  r = 1.0 - h * (y * y * y);
  y = y + y * r * (c1 + c2 * r);
  double y2 = y * y;
  return y2 * y2 * y2 * y;
}

// Fluxes on `count` faces between cells a[k] (west or north) and b[k], written branch-free so that
// the loop vectorizes. A blocked cell stands at kWall: no face next to it has a flow depth.
// prev/prevLo/prevHi: the face's own and its two neighbours' previous fluxes along the flow
// direction (de Almeida et al. 2012). kUniform: every cell has Manning's n² = n2Uniform, and n2a,
// n2b are not read.
template <bool kUniform>
inline void faceRun(int count, const double* __restrict za, const double* __restrict zb, const double* __restrict ha, const double* __restrict hb,
                    const double* __restrict n2a, const double* __restrict n2b, double n2Uniform, const double* __restrict prev, const double* __restrict prevLo,
                    const double* __restrict prevHi, double* __restrict out, double theta, double dtg, double invDx, double hmin) {
  const double side = 0.5 * (1.0 - theta), slopeFactor = dtg * invDx, frictionFactor = 0.5 * dtg;
  for (int k = 0; k < count; ++k) {
    double ea = za[k] + ha[k], eb = zb[k] + hb[k];
    double hf = std::max(ea, eb) - std::max(za[k], zb[k]);
    double qi = prev[k];
    double q = theta * qi + side * (prevLo[k] + prevHi[k]);
    double num = q - slopeFactor * hf * (eb - ea);
    // Manning's n² averaged over the two cells
    double nn2 = kUniform ? 2.0 * n2Uniform : n2a[k] + n2b[k];
    double den = 1.0 + frictionFactor * nn2 * std::fabs(qi) * powMinus73(std::max(hf, hmin));
    double res = num / den;  // den ≥ 1: computed for every face so the loop has no branch
    out[k] = res * static_cast<double>(hf > hmin);  // a mask, not a branch, so the loop vectorizes
  }
}

// New depths of one row from its fluxes, rain and losses, branch-free so that it vectorizes: a
// blocked cell gets no rain and loses nothing. Hands the wet cells' depths and flux sums to
// updateMaximaRow in single precision (zero where dry). sums: rain, losses, clipped (depths) and
// the running maximum depth.
template <bool kField>
void updateDepthRow(int W, const double* __restrict qx, const double* __restrict qyN, const double* __restrict qyS, const double* __restrict openCell,
                    const double* __restrict field, double* __restrict h, float* __restrict hBuf, float* __restrict uBuf, float* __restrict vBuf,
                    const DepthRowConstants k, double* sums) {
  double rainSum = 0, lossSum = 0, clippedSum = 0, top = sums[3];
#pragma omp simd reduction(+ : rainSum, lossSum, clippedSum) reduction(max : top)
  for (int c = 0; c < W; ++c) {
    const double open = openCell[c];
    const double rainDepth = (kField ? field[c] * k.dt : k.rain) * open;
    double hc = h[c] + k.f * (qx[c] - qx[c + 1] + qyN[c] - qyS[c]) + rainDepth;
    const double lost = std::min(std::max(hc, 0.0), k.lossDepth) * open;
    hc -= lost;
    const double clipped = std::max(-hc, 0.0);
    hc += clipped;
    rainSum += rainDepth;
    lossSum += lost;
    clippedSum += clipped;
    h[c] = hc;
    top = std::max(top, hc);
    const double wetMask = static_cast<double>(hc > k.wet) * open;
    hBuf[c] = static_cast<float>(hc * wetMask);
    uBuf[c] = static_cast<float>((qx[c] + qx[c + 1]) * wetMask);
    vBuf[c] = static_cast<float>((qyN[c] + qyS[c]) * wetMask);
  }
  sums[0] = rainSum;
  sums[1] = lossSum;
  sums[2] = clippedSum;
  sums[3] = top;
}
// Maxima of depth (with its time), speed and hazard rating from updateDepthRow's row buffers.
void updateMaximaRow(int W, const float* __restrict hBuf, const float* __restrict uBuf, const float* __restrict vBuf, float* __restrict mh, float* __restrict mv, float* __restrict mhr, float* __restrict tm, const DepthRowConstants k) {
#pragma omp simd
  for (int c = 0; c < W; ++c) {
    const float hf = hBuf[c];
    const float inv = 0.5f / std::max(hf, k.wetFloat);
    const float u = uBuf[c] * inv, v = vBuf[c] * inv;
    // q/h over a film of water at a wetting front is no speed anyone meets: count deeper water only
    const float speed = std::sqrt(u * u + v * v) * static_cast<float>(hf > k.speedDepth);
    const float hazard = hf > 0 ? hf * (speed + 0.5f) + (hf <= k.dfDepth ? k.dfShallow : k.dfDeep) : 0.0f;
    // stores only where a maximum grows (masked stores), so settled cells are not written
    if (hf > mh[c]) {
      mh[c] = hf;
      tm[c] = k.now;
    }
    if (speed > mv[c]) mv[c] = speed;
    if (hazard > mhr[c]) mhr[c] = hazard;
  }
}

// updateMaximaRow's buffers for depths and fluxes that did not come from updateDepthRow
void fillMaximaBuffers(int W, const double* __restrict h, const double* __restrict openCell, const double* __restrict qx, const double* __restrict qyN,
                       const double* __restrict qyS, double wet, float* __restrict hBuf, float* __restrict uBuf, float* __restrict vBuf) {
  for (int c = 0; c < W; ++c) {
    const double wetMask = static_cast<double>(h[c] > wet) * openCell[c];
    hBuf[c] = static_cast<float>(h[c] * wetMask);
    uBuf[c] = static_cast<float>((qx[c] + qx[c + 1]) * wetMask);
    vBuf[c] = static_cast<float>((qyN[c] + qyS[c]) * wetMask);
  }
}
}  // namespace

double Series::at(double x) const {
  if (t.empty()) return 0;
  if (x <= t.front()) return v.front();
  if (x >= t.back()) return v.back();
  size_t i = std::upper_bound(t.begin(), t.end(), x) - t.begin();
  double f = (x - t[i - 1]) / (t[i] - t[i - 1]);
  return v[i - 1] + f * (v[i] - v[i - 1]);
}

// volume of the piecewise-linear rate over [a, b] (trapezoids), for exact source accounting
double Series::integral(double a, double b) const {
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

struct Solver::StepConstants {
  double dt, dtg, area, rain, lossDepth;
  const double* rainField;
  bool greenAmpt;
  float tNow;
};

// Per-thread rows: ring buffers of raw fluxes and limiter factors, and copies of the neighbouring
// blocks' rows taken before the sweep.
struct Solver::Workspace {
  int W = 0, H = 0, r0 = 0, r1 = 0;
  std::vector<double> qxRaw[2], qyRaw[2], factor[2], qyBelow;
  std::vector<double> haloH[4], haloQx[2], haloQy[5];
  std::vector<float> wetDepth, qxSum, qySum;  // a row's wet depths and flux sums for the maxima
  const double* depth = nullptr;
  const double* qx = nullptr;
  const double* qy = nullptr;

  Workspace(int w, int h) : W(w), H(h), qyBelow(w), wetDepth(w), qxSum(w), qySum(w) {
    for (auto& v : qxRaw) v.resize(W + 1);
    for (auto& v : qyRaw) v.resize(W);
    for (auto& v : factor) v.resize(W);
    for (auto& v : haloH) v.resize(W);
    for (auto& v : haloQx) v.resize(W + 1);
    for (auto& v : haloQy) v.resize(W);
  }

  // rows of the neighbouring blocks this block reads: depths r0-2, r0-1, r1, r1+1; east-west
  // fluxes r0-1, r1; north-south faces r0-2, r0-1, r1, r1+1, r1+2
  void snapshot(int first, int end, const double* h, const double* x, const double* y) {
    r0 = first;
    r1 = end;
    depth = h;
    qx = x;
    qy = y;
    const int hRows[4] = {r0 - 2, r0 - 1, r1, r1 + 1};
    for (int k = 0; k < 4; ++k)
      if (hRows[k] >= 0 && hRows[k] < H) std::memcpy(haloH[k].data(), h + static_cast<size_t>(hRows[k]) * W, W * sizeof(double));
    const int xRows[2] = {r0 - 1, r1};
    for (int k = 0; k < 2; ++k)
      if (xRows[k] >= 0 && xRows[k] < H) std::memcpy(haloQx[k].data(), x + static_cast<size_t>(xRows[k]) * (W + 1), (W + 1) * sizeof(double));
    const int yFaces[5] = {r0 - 2, r0 - 1, r1, r1 + 1, r1 + 2};
    for (int k = 0; k < 5; ++k)
      if (yFaces[k] >= 0 && yFaces[k] <= H && !ownsFace(yFaces[k])) std::memcpy(haloQy[k].data(), y + static_cast<size_t>(yFaces[k]) * W, W * sizeof(double));
  }

  bool ownsFace(int k) const { return (k >= r0 && k < r1) || (k == H && r1 == H); }
  const double* hRow(int k) const {
    if (k >= r0 && k < r1) return depth + static_cast<size_t>(k) * W;
    return haloH[k == r0 - 2 ? 0 : k == r0 - 1 ? 1 : k == r1 ? 2 : 3].data();
  }
  const double* qxOld(int k) const {
    if (k >= r0 && k < r1) return qx + static_cast<size_t>(k) * (W + 1);
    return haloQx[k == r0 - 1 ? 0 : 1].data();
  }
  const double* qyOld(int k) const {
    if (ownsFace(k)) return qy + static_cast<size_t>(k) * W;
    return haloQy[k == r0 - 2 ? 0 : k == r0 - 1 ? 1 : k == r1 ? 2 : k == r1 + 1 ? 3 : 4].data();
  }
};

Solver::Solver() = default;
Solver::~Solver() = default;

void Solver::init() {
  const size_t n = static_cast<size_t>(W) * H;
  qx_.assign(static_cast<size_t>(W + 1) * H, 0.0);
  qy_.assign(static_cast<size_t>(W) * (H + 1), 0.0);
  maxH.assign(n, 0.0f);
  maxV.assign(n, 0.0f);
  maxHR.assign(n, 0.0f);
  tMax.assign(n, 0.0f);
  double initial = 0;
  for (size_t i = 0; i < n; ++i) {
    if (blocked[i]) {
      depth[i] = 0;
      if (solver == 0) z[i] = kWall;
    }
    initial += depth[i];
  }
  for (auto& src : sources) {
    std::vector<int32_t> open;
    for (int32_t c : src.cells)
      if (!blocked[c]) open.push_back(c);
    src.cells = open;
  }
  balance.initialStorage = initial * dx * dx;
  if (boundary == 2) {
    for (int r = 0; r < H; ++r)
      for (int c = 0; c < W; ++c) {
        if (r != 0 && r != H - 1 && c != 0 && c != W - 1) continue;
        size_t i = static_cast<size_t>(r) * W + c;
        if (!blocked[i]) edgeDepth_ = std::max(edgeDepth_, boundaryLevel - z[i]);
      }
  }
  if (solver == 1) {
    for (auto* v : {&outE_, &outW_, &outN_, &outS_, &iPrev_}) v->assign(n, 0.0);
  }
  // 1 where water may be, as doubles: a byte mask in the depth loop made the compiler unroll it 64
  // wide and spill registers
  open_.resize(n);
  for (size_t i = 0; i < n; ++i) open_[i] = blocked[i] ? 0.0 : 1.0;
  // one Manning's n for the whole grid (blocked cells aside) lets the face loop skip two loads per face
  uniformN2_ = -1;
  for (size_t i = 0; i < n; ++i) {
    if (blocked[i]) continue;
    if (uniformN2_ < 0) uniformN2_ = n2[i];
    else if (n2[i] != uniformN2_) {
      uniformN2_ = 0;
      break;
    }
  }
  threads = std::max(1, threads);
  for (int k = 0; k < threads; ++k) work_.push_back(std::make_unique<Workspace>(W, H));
  updateMaxima();
}

// The Courant number of the time step: α, but at most 0.9·√(θ/2). For the checkerboard mode of
// the θ-weighted scheme in two dimensions a von Neumann analysis gives the growth factors
// λ² − (2θ − K)λ + (2θ − 1) = 0 with K = 8(Δt·√(g·h)/Δx)², inside the unit circle only while
// K < 4θ; at that edge a flat pond grows a checkerboard, so the step keeps a 10 % margin.
double Solver::courant() const { return std::min(alpha, 0.9 * std::sqrt(theta / 2.0)); }

double Solver::rainRate(double a, double b) const {
  if (rain.t.empty()) return 0;
  if (rainStepwise) {
    // a hyetograph of blocks: rate v[i] holds on [t[i], t[i+1]); average over [a, b]
    double vol = 0;
    for (size_t i = 0; i < rain.t.size(); ++i) {
      double lo = std::max(a, rain.t[i]);
      double hi = std::min(b, i + 1 < rain.t.size() ? rain.t[i + 1] : lo);
      if (hi > lo) vol += rain.v[i] * (hi - lo);
    }
    return vol / (b - a);
  }
  return rain.integral(a, b) / (b - a);
}

// Flux through a domain-edge face, positive out of the domain, for cell c holding depth hc.
double Solver::edgeFlux(double qOut, size_t c, double hc, double dt) const {
  if (boundary == 0 || blocked[c]) return 0.0;
  // free outflow needs water in the cell; a fixed level above the ground also fills a dry cell
  if (boundary == 1 && hc <= hmin) return 0.0;
  double slope;
  if (boundary == 1) slope = boundarySlope;  // free outflow: normal-depth slope
  else slope = (z[c] + hc - boundaryLevel) / dx;  // fixed level outside
  double hf = boundary == 1 ? hc : std::max(z[c] + hc, boundaryLevel) - z[c];
  if (hf <= hmin) return 0.0;
  double q = (qOut + kG * hf * dt * slope) / (1.0 + kG * dt * n2[c] * std::fabs(qOut) * powMinus73(hf));
  return boundary == 1 ? std::max(q, 0.0) : q;
}

// Green-Ampt infiltration capacity over one step of ponded water (m): the exact increment of the
// cumulative infiltration F from Ks·dt = ΔF − ψΔθ·ln((F + ΔF + ψΔθ) / (F + ψΔθ)), by Newton.
double Solver::greenAmptCapacity(double F, double dt) const {
  const double pd = gaPsiDeltaTheta, k = gaKs * dt;
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

DepthRowConstants Solver::rowConstants(double dt, double rain, double lossDepth, float now) const {
  const float speedDepth = velocityDepth > wet ? static_cast<float>(velocityDepth) : -1.0f;
  return {dt / dx, dt, rain, lossDepth, wet, static_cast<float>(wet), static_cast<float>(dfDepth), static_cast<float>(dfShallow), static_cast<float>(dfDeep), now, speedDepth};
}

// the maxima of the current depths and fluxes
void Solver::updateMaxima() {
  const DepthRowConstants c = rowConstants(0, 0, 0, static_cast<float>(time));
#pragma omp parallel num_threads(threads)
  {
    Workspace& w = *work_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int r = 0; r < H; ++r) {
      const size_t row = static_cast<size_t>(r) * W;
      fillMaximaBuffers(W, &depth[row], &open_[row], &qx_[static_cast<size_t>(r) * (W + 1)], &qy_[row], &qy_[row + W], wet, w.wetDepth.data(), w.qxSum.data(),
                        w.qySum.data());
      updateMaximaRow(W, w.wetDepth.data(), w.qxSum.data(), w.qySum.data(), &maxH[row], &maxV[row], &maxHR[row], &tMax[row], c);
    }
  }
}

// the same for some cells only: those that sources or fixed levels changed after the sweep
void Solver::updateMaxima(const std::vector<int32_t>& cells) {
  const DepthRowConstants c = rowConstants(0, 0, 0, static_cast<float>(time));
  Workspace& w = *work_[0];
  float *hBuf = w.wetDepth.data(), *uBuf = w.qxSum.data(), *vBuf = w.qySum.data();
  for (int32_t i : cells) {
    const size_t x = static_cast<size_t>(i / W) * (W + 1) + i % W;
    fillMaximaBuffers(1, &depth[i], &open_[i], &qx_[x], &qy_[i], &qy_[i + W], wet, hBuf, uBuf, vBuf);
    updateMaximaRow(1, hBuf, uBuf, vBuf, &maxH[i], &maxV[i], &maxHR[i], &tMax[i], c);
  }
}

double Solver::storage() const {
  double s = 0;
  for (double v : depth) s += v;
  return s * dx * dx;
}

// New depths of row r from its limited fluxes (qyN: face above, qyS: face below), rain and
// losses; then the maxima of depth, speed and hazard on wet cells.
void Solver::depthRow(int r, const double* qx, const double* qyN, const double* qyS, const StepConstants& k, Workspace& w, Sums& s) {
  const size_t row = static_cast<size_t>(r) * W;
  const DepthRowConstants c = rowConstants(k.dt, k.rain, k.lossDepth, k.tNow);
  const double* field = k.rainField ? k.rainField + row : nullptr;
  double sums[4] = {0, 0, 0, s.hmax};
  float* hBuf = w.wetDepth.data();
  float* uBuf = w.qxSum.data();
  float* vBuf = w.qySum.data();
  if (field) updateDepthRow<true>(W, qx, qyN, qyS, &open_[row], field, &depth[row], hBuf, uBuf, vBuf, c, sums);
  else updateDepthRow<false>(W, qx, qyN, qyS, &open_[row], field, &depth[row], hBuf, uBuf, vBuf, c, sums);
  if (k.greenAmpt) {
    sums[1] += greenAmptRow(r, k.dt, hBuf, uBuf, vBuf);
    sums[3] = s.hmax;
    for (int col = 0; col < W; ++col) sums[3] = std::max(sums[3], depth[row + col]);
  }
  updateMaximaRow(W, hBuf, uBuf, vBuf, &maxH[row], &maxV[row], &maxHR[row], &tMax[row], c);
  s.rain += sums[0];
  s.loss += sums[1];
  s.clipped += sums[2];
  s.hmax = sums[3];
}

// Green-Ampt infiltration from the ponded cells of row r after rain and constant losses, keeping
// updateMaximaRow's buffers in step (a cell it dries is no longer wet). The Newton solve per cell
// does not vectorize. Returns the depth infiltrated, summed over the row.
double Solver::greenAmptRow(int r, double dt, float* hBuf, float* uBuf, float* vBuf) {
  const size_t row = static_cast<size_t>(r) * W;
  double infiltrated = 0;
  for (int c = 0; c < W; ++c) {
    const size_t i = row + c;
    double& hc = depth[i];
    if (blocked[i] || hc <= 0) continue;
    const double l = std::min(hc, greenAmptCapacity(gaF[i], dt));
    hc -= l;
    gaF[i] += l;
    infiltrated += l;
    if (hc > wet) {
      hBuf[c] = static_cast<float>(hc);
    } else {
      hBuf[c] = uBuf[c] = vBuf[c] = 0;
    }
  }
  return infiltrated;
}

// Rows [r0, r1) of one local-inertial step. Iteration i: raw fluxes of row i (east-west faces of
// row i, north-south faces above it), limiter factors of row i-1, limited fluxes of row i-1, new
// depths of row i-2. The ring buffers hold the two rows each stage still needs.
void Solver::inertialSweep(int r0, int r1, Workspace& w, const StepConstants& k, Sums& s) {
  const double dt = k.dt, dtg = k.dtg, invDx = 1.0 / dx, th = theta, area = k.area;
  const int lastRaw = std::min(r1 + 1, H), firstFactor = std::max(r0 - 1, 0), lastFactor = std::min(r1, H - 1);
  for (int i = std::max(r0 - 1, 0); i <= r1 + 1; ++i) {
    if (i <= lastRaw) {
      // raw fluxes: east-west faces of row i (needed up to row r1), north-south faces above row i
      if (i < H && i <= r1) {
        const size_t row = static_cast<size_t>(i) * W;
        const double* hr = w.hRow(i);
        const double* ox = w.qxOld(i);
        double* raw = w.qxRaw[i & 1].data();
        raw[0] = blocked[row] ? 0.0 : -edgeFlux(-ox[0], row, hr[0], dt);
        if (uniformN2_ > 0) faceRun<true>(W - 1, &z[row], &z[row + 1], hr, hr + 1, nullptr, nullptr, uniformN2_, ox + 1, ox, ox + 2, raw + 1, th, dtg, invDx, hmin);
        else faceRun<false>(W - 1, &z[row], &z[row + 1], hr, hr + 1, &n2[row], &n2[row + 1], 0.0, ox + 1, ox, ox + 2, raw + 1, th, dtg, invDx, hmin);
        raw[W] = blocked[row + W - 1] ? 0.0 : edgeFlux(ox[W], row + W - 1, hr[W - 1], dt);
      }
      double* qyr = w.qyRaw[i & 1].data();
      const double* oy = w.qyOld(i);
      if (i == 0) {
        const double* hr = w.hRow(0);
        for (int c = 0; c < W; ++c) qyr[c] = blocked[c] ? 0.0 : -edgeFlux(-oy[c], c, hr[c], dt);
      } else if (i == H) {
        const size_t row = static_cast<size_t>(H - 1) * W;
        const double* hr = w.hRow(H - 1);
        for (int c = 0; c < W; ++c) qyr[c] = blocked[row + c] ? 0.0 : edgeFlux(oy[c], row + c, hr[c], dt);
      } else {
        const size_t a = static_cast<size_t>(i - 1) * W, b = a + W;
        if (uniformN2_ > 0) faceRun<true>(W, &z[a], &z[b], w.hRow(i - 1), w.hRow(i), nullptr, nullptr, uniformN2_, oy, w.qyOld(i - 1), w.qyOld(i + 1), qyr, th, dtg, invDx, hmin);
        else faceRun<false>(W, &z[a], &z[b], w.hRow(i - 1), w.hRow(i), &n2[a], &n2[b], 0.0, oy, w.qyOld(i - 1), w.qyOld(i + 1), qyr, th, dtg, invDx, hmin);
      }
    }
    const int j = i - 1;
    if (j >= firstFactor && j <= lastFactor) {
      // limiter: a cell may not lose more water than it holds (branch-free so the loop vectorizes)
      const double* __restrict qx = w.qxRaw[j & 1].data();
      const double* __restrict qn = w.qyRaw[j & 1].data();
      const double* __restrict qs = w.qyRaw[(j + 1) & 1].data();
      const double* __restrict hr = w.hRow(j);
      double* __restrict f = w.factor[j & 1].data();
      const double kk = dt * dx;
      for (int c = 0; c < W; ++c) {
        double vol = (std::max(-qx[c], 0.0) + std::max(qx[c + 1], 0.0) + std::max(-qn[c], 0.0) + std::max(qs[c], 0.0)) * kk;
        f[c] = std::min(1.0, hr[c] * area / std::max(vol, 1e-300));
      }
    }
    if (j >= r0 && j <= r1) {
      // limit each face by the factor of the cell it drains
      const double* __restrict raw = w.qyRaw[j & 1].data();
      double* __restrict dst = w.ownsFace(j) ? &qy_[static_cast<size_t>(j) * W] : w.qyBelow.data();
      if (j == 0) {
        const double* f = w.factor[0].data();
        for (int c = 0; c < W; ++c) {
          dst[c] = raw[c] < 0 ? raw[c] * f[c] : raw[c];
          s.out -= dst[c];
        }
      } else if (j == H) {
        const double* f = w.factor[(H - 1) & 1].data();
        for (int c = 0; c < W; ++c) {
          dst[c] = raw[c] > 0 ? raw[c] * f[c] : raw[c];
          s.out += dst[c];
        }
      } else {
        const double* __restrict fa = w.factor[(j - 1) & 1].data();
        const double* __restrict fb = w.factor[j & 1].data();
        for (int c = 0; c < W; ++c) {
          double q = raw[c];
          double pos = static_cast<double>(q > 0);
          dst[c] = q * (fb[c] + pos * (fa[c] - fb[c]));
        }
      }
      if (j < r1) {
        const double* __restrict rx = w.qxRaw[j & 1].data();
        const double* __restrict f = w.factor[j & 1].data();
        double* __restrict qx = &qx_[static_cast<size_t>(j) * (W + 1)];
        qx[0] = rx[0] < 0 ? rx[0] * f[0] : rx[0];
        for (int c = 1; c < W; ++c) {
          double q = rx[c];
          double pos = static_cast<double>(q > 0);
          qx[c] = q * (f[c] + pos * (f[c - 1] - f[c]));
        }
        qx[W] = rx[W] > 0 ? rx[W] * f[W - 1] : rx[W];
        s.out += qx[W] - qx[0];
      }
    }
    const int d = i - 2;
    if (d >= r0 && d < r1) {
      const double* qyS = w.ownsFace(d + 1) ? &qy_[static_cast<size_t>(d + 1) * W] : w.qyBelow.data();
      depthRow(d, &qx_[static_cast<size_t>(d) * (W + 1)], &qy_[static_cast<size_t>(d) * W], qyS, k, w, s);
    }
  }
}

double Solver::step(double dtLimit) {
  // a fixed level above the ground at the edge is water that will come in: it limits the step too
  const double hTop = std::max(hmax, edgeDepth_);
  double dt = std::min(hTop > hmin ? courant() * dx / std::sqrt(kG * hTop) : maxDt, maxDt);
  if (solver == 1) {
    dt = std::min(wcaDt_, maxDt);
  } else if (freeDt_ > 0) {
    // the step falls at once but grows slowly: a step that followed the deepest cell up and down
    // would pump a checkerboard, whose depth swings at twice its own frequency
    dt = std::min(dt, freeDt_ * (1.0 + dtGrowth));
  }
  freeDt_ = dt;
  dt = std::min(dt, dtLimit);
  const double t0 = time, t1 = time + dt;
  const double area = dx * dx;
  for (auto& f : fixed) {
    double level = f.level.at(t1);
    for (int32_t c : f.cells) {
      double target = std::max(level - z[c], 0.0);
      balance.fixedNet += (target - depth[c]) * area;
      depth[c] = target;
    }
  }
  const StepConstants k{dt, kG * dt, area, rainRate(t0, t1) * dt, loss * dt, rainField.empty() ? nullptr : rainField.data(), !gaF.empty(), static_cast<float>(t1)};
  double rainSum = 0, lossSum = 0, clippedSum = 0, outSum = 0, newMax = 0;
  if (solver == 1) {
    wcaFluxes(dt);
#pragma omp parallel num_threads(threads) reduction(+ : rainSum, lossSum, clippedSum, outSum) reduction(max : newMax)
    {
      Workspace& w = *work_[omp_get_thread_num()];
#pragma omp for schedule(static)
      for (int r = 0; r < H; ++r) {
        Sums s;
        const double* qx = &qx_[static_cast<size_t>(r) * (W + 1)];
        depthRow(r, qx, &qy_[static_cast<size_t>(r) * W], &qy_[static_cast<size_t>(r + 1) * W], k, w, s);
        s.out += qx[W] - qx[0];
        if (r == 0)
          for (int c = 0; c < W; ++c) s.out -= qy_[c];
        if (r == H - 1)
          for (int c = 0; c < W; ++c) s.out += qy_[static_cast<size_t>(H) * W + c];
        rainSum += s.rain, lossSum += s.loss, clippedSum += s.clipped, outSum += s.out, newMax = std::max(newMax, s.hmax);
      }
    }
  } else {
#pragma omp parallel num_threads(threads) reduction(+ : rainSum, lossSum, clippedSum, outSum) reduction(max : newMax)
    {
      const int n = omp_get_num_threads(), me = omp_get_thread_num();
      const int r0 = static_cast<int>(static_cast<int64_t>(H) * me / n), r1 = static_cast<int>(static_cast<int64_t>(H) * (me + 1) / n);
      Workspace& w = *work_[me];
      if (r0 < r1) w.snapshot(r0, r1, depth.data(), qx_.data(), qy_.data());
#pragma omp barrier
      if (r0 < r1) {
        Sums s;
        inertialSweep(r0, r1, w, k, s);
        rainSum += s.rain, lossSum += s.loss, clippedSum += s.clipped, outSum += s.out, newMax = std::max(newMax, s.hmax);
      }
    }
  }
  balance.outflow += outSum * dt * dx;
  balance.rainIn += rainSum * area;
  balance.losses += lossSum * area;
  balance.clipped += clippedSum * area;
  for (auto& src : sources) {
    if (src.cells.empty()) continue;  // it fell on blocked cells only
    double vol = src.q.integral(t0, t1);
    double add = vol / (area * src.cells.size());
    for (int32_t c : src.cells) {
      depth[c] += add;
      newMax = std::max(newMax, depth[c]);
    }
    balance.inflowIn += vol;
  }
  hmax = newMax;
  time = t1;
  ++steps;
  for (const auto& src : sources) updateMaxima(src.cells);
  for (const auto& f : fixed) updateMaxima(f.cells);
  return dt;
}

}  // namespace catchment::flood
