// FloodSim: the Node face of the flood solver (flood_solver.h). It checks and copies the inputs,
// advances in chunks and hands back fields, samples and the mass balance. Every entry point checks
// what it is given (types, lengths, cell indices, finite numbers, known names) before the solver
// sees it, and turns any C++ exception into a JS Error: a programmatic caller with a bad index
// gets an error, not undefined behaviour.
#include "flood.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <string>

#include "flood_solver.h"

namespace catchment {

namespace {

using flood::Series;

[[noreturn]] void fail(Napi::Env env, const std::string& what) { throw Napi::RangeError::New(env, "flood: " + what); }

[[noreturn]] void failType(Napi::Env env, const std::string& what) { throw Napi::TypeError::New(env, "flood: " + what); }

std::string shown(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// Runs an entry point; a C++ exception of any kind becomes a JS Error naming the entry point.
template <typename F>
auto guarded(Napi::Env env, const char* label, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, std::string("flood: ") + label + ": out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("flood: ") + label + ": " + e.what());
  } catch (...) {
    throw Napi::Error::New(env, std::string("flood: ") + label + ": unknown C++ exception");
  }
}

double number(const Napi::Object& o, const char* key, Napi::Env env) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) failType(env, std::string(key) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) fail(env, std::string(key) + " must be finite, got " + shown(d));
  return d;
}

double optionalNumber(const Napi::Object& o, const char* key, double fallback, Napi::Env env) {
  Napi::Value v = o.Get(key);
  return v.IsUndefined() || v.IsNull() ? fallback : number(o, key, env);
}

double atLeast(double v, double lo, bool inclusive, const char* key, Napi::Env env) {
  if (inclusive ? !(v >= lo) : !(v > lo)) fail(env, std::string(key) + " must be " + (inclusive ? "≥ " : "> ") + shown(lo) + ", got " + shown(v));
  return v;
}

int wholeIn(double v, int lo, int hi, const char* key, Napi::Env env) {
  if (v != std::floor(v) || v < lo || v > hi) fail(env, std::string(key) + " must be a whole number in " + std::to_string(lo) + "…" + std::to_string(hi) + ", got " + shown(v));
  return static_cast<int>(v);
}

std::vector<double> f64(const Napi::Value& v, size_t n, const std::string& what, Napi::Env env) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) failType(env, what + " must be a Float64Array");
  auto a = v.As<Napi::Float64Array>();
  if (n && a.ElementLength() != n) fail(env, what + " has " + std::to_string(a.ElementLength()) + " values, expected " + std::to_string(n));
  return std::vector<double>(a.Data(), a.Data() + a.ElementLength());
}

// cell indices, each in [0, n)
std::vector<int32_t> cellsOf(const Napi::Value& v, size_t n, const std::string& what, Napi::Env env) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) failType(env, what + " must be an Int32Array");
  auto a = v.As<Napi::Int32Array>();
  std::vector<int32_t> cells(a.Data(), a.Data() + a.ElementLength());
  for (size_t k = 0; k < cells.size(); ++k)
    if (cells[k] < 0 || static_cast<size_t>(cells[k]) >= n)
      fail(env, what + "[" + std::to_string(k) + "] is cell " + std::to_string(cells[k]) + ", outside the grid's " + std::to_string(n) + " cells");
  return cells;
}

// a time series: finite times that never decrease (equal times make a step) and finite values of the same length
Series seriesOf(const Napi::Value& v, const char* t, const char* val, const std::string& what, bool nonNegative, Napi::Env env) {
  if (!v.IsObject()) failType(env, what + " must be an object { " + t + ", " + val + " }");
  auto o = v.As<Napi::Object>();
  Series s;
  s.t = f64(o.Get(t), 0, what + "." + t, env);
  s.v = f64(o.Get(val), 0, what + "." + val, env);
  if (s.v.size() != s.t.size()) fail(env, what + "." + val + " has " + std::to_string(s.v.size()) + " values for " + std::to_string(s.t.size()) + " times");
  for (size_t k = 0; k < s.t.size(); ++k) {
    if (!std::isfinite(s.t[k])) fail(env, what + "." + t + "[" + std::to_string(k) + "] is " + shown(s.t[k]));
    if (k > 0 && !(s.t[k] >= s.t[k - 1])) fail(env, what + "." + t + " must not decrease: " + shown(s.t[k]) + " follows " + shown(s.t[k - 1]));
    if (!std::isfinite(s.v[k]) || (nonNegative && s.v[k] < 0)) fail(env, what + "." + val + "[" + std::to_string(k) + "] is " + shown(s.v[k]) + (nonNegative ? ", expected a finite value ≥ 0" : ", expected a finite value"));
  }
  return s;
}

Napi::Array arrayOf(const Napi::Object& o, const char* key, Napi::Env env) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return Napi::Array::New(env);
  if (!v.IsArray()) failType(env, std::string(key) + " must be an array");
  return v.As<Napi::Array>();
}

std::string cellName(size_t i, int W) { return std::to_string(i) + " (column " + std::to_string(i % W) + ", row " + std::to_string(i / W) + ")"; }

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
    guarded(info.Env(), "FloodSim", [&] { construct(info); });
  }

 private:
  flood::Solver sim_;

  void construct(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) failType(env, "FloodSim needs an options object");
    auto o = info[0].As<Napi::Object>();
    auto& s = sim_;
    s.W = wholeIn(number(o, "width", env), 1, std::numeric_limits<int32_t>::max(), "width", env);
    s.H = wholeIn(number(o, "height", env), 1, std::numeric_limits<int32_t>::max(), "height", env);
    if (static_cast<int64_t>(s.W) * s.H > std::numeric_limits<int32_t>::max())
      fail(env, "width × height is " + std::to_string(static_cast<int64_t>(s.W) * s.H) + " cells; cells are 32-bit indices, at most 2147483647");
    s.dx = atLeast(number(o, "dx", env), 0, false, "dx", env);
    const size_t n = static_cast<size_t>(s.W) * s.H;

    Napi::Value blockedValue = o.Get("blocked");
    if (!blockedValue.IsTypedArray() || blockedValue.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) failType(env, "blocked must be a Uint8Array");
    auto blocked = blockedValue.As<Napi::Uint8Array>();
    if (blocked.ElementLength() != n) fail(env, "blocked has " + std::to_string(blocked.ElementLength()) + " values, expected " + std::to_string(n));
    s.blocked.assign(blocked.Data(), blocked.Data() + n);
    s.z = f64(o.Get("z"), n, "z", env);
    s.n2 = f64(o.Get("manning"), n, "manning", env);
    s.depth = f64(o.Get("h0"), n, "h0", env);
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.depth[i]) || s.depth[i] < 0) fail(env, "h0 at cell " + cellName(i, s.W) + " is " + shown(s.depth[i]) + ", expected a finite depth ≥ 0");
      if (s.blocked[i]) continue;  // closed cells are never read
      if (!std::isfinite(s.z[i])) fail(env, "z at open cell " + cellName(i, s.W) + " is " + shown(s.z[i]) + "; mark holes as blocked");
      if (!std::isfinite(s.n2[i]) || !(s.n2[i] >= 0)) fail(env, "manning at open cell " + cellName(i, s.W) + " is " + shown(s.n2[i]) + ", expected a finite n ≥ 0");
    }
    for (double& m : s.n2) m = m * m;

    s.rain = seriesOf(o.Get("rain"), "t", "rate", "rain", true, env);
    s.rainStepwise = o.Get("rainStepwise").ToBoolean().Value();
    s.loss = atLeast(number(o, "lossRate", env), 0, true, "lossRate", env);
    Napi::Value ga = o.Get("greenAmpt");
    if (ga.IsObject()) {
      auto g = ga.As<Napi::Object>();
      s.gaKs = atLeast(number(g, "ks", env), 0, true, "greenAmpt.ks", env);
      s.gaPsiDeltaTheta = atLeast(number(g, "psiDeltaTheta", env), 0, true, "greenAmpt.psiDeltaTheta", env);
      s.gaF.assign(n, atLeast(optionalNumber(g, "initial", 0, env), 0, true, "greenAmpt.initial", env));
    } else if (!ga.IsUndefined() && !ga.IsNull()) {
      failType(env, "greenAmpt must be an object { ks, psiDeltaTheta, initial } or null");
    }
    s.boundary = wholeIn(number(o, "boundary", env), 0, 2, "boundary (0 closed, 1 free, 2 fixed)", env);
    s.boundarySlope = atLeast(number(o, "boundarySlope", env), 0, false, "boundarySlope", env);
    s.boundaryLevel = number(o, "boundaryLevel", env);
    s.alpha = atLeast(number(o, "alpha", env), 0, false, "alpha", env);
    if (s.alpha > 1) fail(env, "alpha must be ≤ 1, got " + shown(s.alpha));
    s.theta = atLeast(number(o, "theta", env), 0, true, "theta", env);
    if (s.theta > 1) fail(env, "theta must be ≤ 1, got " + shown(s.theta));
    s.maxDt = atLeast(number(o, "maxDt", env), 0, false, "maxDt", env);
    s.hmin = atLeast(number(o, "depthThreshold", env), 0, false, "depthThreshold", env);
    s.wet = atLeast(number(o, "wetThreshold", env), 0, false, "wetThreshold", env);
    s.velocityDepth = atLeast(optionalNumber(o, "velocityDepth", 0, env), 0, true, "velocityDepth", env);
    s.dfDepth = number(o, "dfDepth", env);
    s.dfShallow = number(o, "dfShallow", env);
    s.dfDeep = number(o, "dfDeep", env);
    s.threads = wholeIn(number(o, "threads", env), 1, 1024, "threads", env);
    s.dtGrowth = atLeast(optionalNumber(o, "dtGrowth", s.dtGrowth, env), 0, false, "dtGrowth", env);
    Napi::Value solver = o.Get("solver");
    if (!solver.IsUndefined() && !solver.IsNull()) {
      if (!solver.IsString()) failType(env, "solver must be a string");
      std::string name = solver.As<Napi::String>().Utf8Value();
      if (name == "wca2d") s.solver = 1;
      else if (name != "inertial") fail(env, "unknown solver '" + name + "'; expected inertial or wca2d");
    }
    if (s.solver == 1) {
      if (s.boundary == 2) fail(env, "the wca2d solver supports closed and free boundaries, not a fixed level");
      s.wcaTolerance = atLeast(optionalNumber(o, "wcaTolerance", s.wcaTolerance, env), 0, true, "wcaTolerance", env);
      s.wcaSlopeTolerance = atLeast(optionalNumber(o, "wcaSlopeTolerance", s.wcaSlopeTolerance, env), 0, true, "wcaSlopeTolerance", env);
    }
    auto sources = arrayOf(o, "sources", env);
    for (uint32_t i = 0; i < sources.Length(); ++i) {
      const std::string what = "sources[" + std::to_string(i) + "]";
      Napi::Value v = sources.Get(i);
      if (!v.IsObject()) failType(env, what + " must be an object { cells, t, q }");
      auto cells = cellsOf(v.As<Napi::Object>().Get("cells"), n, what + ".cells", env);
      s.sources.push_back({std::move(cells), seriesOf(v, "t", "q", what, false, env)});
    }
    auto fixed = arrayOf(o, "fixed", env);
    for (uint32_t i = 0; i < fixed.Length(); ++i) {
      const std::string what = "fixed[" + std::to_string(i) + "]";
      Napi::Value v = fixed.Get(i);
      if (!v.IsObject()) failType(env, what + " must be an object { cells, t, level }");
      auto cells = cellsOf(v.As<Napi::Object>().Get("cells"), n, what + ".cells", env);
      s.fixed.push_back({std::move(cells), seriesOf(v, "t", "level", what, false, env)});
    }
    s.init();
  }

  // advance(tEnd, maxSteps) -> { t, steps, hmax }
  Napi::Value Advance(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, "advance", [&]() -> Napi::Value {
      if (info.Length() < 1 || !info[0].IsNumber()) failType(env, "advance(tEnd, maxSteps?) needs a time in seconds");
      const double tEnd = info[0].As<Napi::Number>().DoubleValue();
      if (!std::isfinite(tEnd)) fail(env, "advance: tEnd must be finite, got " + shown(tEnd));
      double maxSteps = 1e18;
      if (info.Length() > 1 && !info[1].IsUndefined()) {
        if (!info[1].IsNumber()) failType(env, "advance: maxSteps must be a number");
        maxSteps = info[1].As<Napi::Number>().DoubleValue();
        if (!(maxSteps >= 0)) fail(env, "advance: maxSteps must be ≥ 0, got " + shown(maxSteps));
      }
      uint64_t done = 0;
      while (sim_.time < tEnd - 1e-9 && done < maxSteps) {
        sim_.step(tEnd - sim_.time);
        ++done;
      }
      auto r = Napi::Object::New(env);
      r.Set("t", sim_.time);
      r.Set("steps", static_cast<double>(sim_.steps));
      r.Set("hmax", sim_.hmax);
      return r;
    });
  }

  // field(name) -> copy of depth | maxDepth | maxVelocity | maxHazard | timeOfMax
  Napi::Value Field(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, "field", [&]() -> Napi::Value {
      if (info.Length() < 1 || !info[0].IsString()) failType(env, "field(name) needs a name: depth, maxDepth, maxVelocity, maxHazard or timeOfMax");
      std::string name = info[0].As<Napi::String>().Utf8Value();
      size_t n = sim_.depth.size();
      if (name == "depth") {
        auto a = Napi::Float64Array::New(env, n);
        std::memcpy(a.Data(), sim_.depth.data(), n * 8);
        return a;
      }
      const std::vector<float>* src = name == "maxDepth" ? &sim_.maxH : name == "maxVelocity" ? &sim_.maxV : name == "maxHazard" ? &sim_.maxHR : name == "timeOfMax" ? &sim_.tMax : nullptr;
      if (!src) fail(env, "unknown field '" + name + "'; expected depth, maxDepth, maxVelocity, maxHazard or timeOfMax");
      auto a = Napi::Float32Array::New(env, n);
      std::memcpy(a.Data(), src->data(), n * 4);
      return a;
    });
  }

  // setRainField(rates m/s per cell | null): replaces the uniform hyetograph from now on
  Napi::Value SetRainField(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, "setRainField", [&]() -> Napi::Value {
      const size_t n = sim_.depth.size();
      if (info.Length() < 1 || info[0].IsNull() || info[0].IsUndefined()) {
        sim_.rainField.assign(n, 0.0);
        return env.Undefined();
      }
      auto field = f64(info[0], n, "rain field", env);
      for (size_t i = 0; i < n; ++i)
        if (!(field[i] >= 0) || !std::isfinite(field[i])) fail(env, "rain field at cell " + cellName(i, sim_.W) + " is " + shown(field[i]) + ", expected a finite rate ≥ 0");
      sim_.rainField = std::move(field);
      return env.Undefined();
    });
  }

  // sample(cells Int32Array) -> Float64Array of depths
  Napi::Value Sample(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, "sample", [&]() -> Napi::Value {
      if (info.Length() < 1) failType(env, "sample(cells) needs an Int32Array of cells");
      auto cells = cellsOf(info[0], sim_.depth.size(), "sample: cells", env);
      auto out = Napi::Float64Array::New(env, cells.size());
      for (size_t k = 0; k < cells.size(); ++k) out[k] = sim_.depth[cells[k]];
      return out;
    });
  }

  Napi::Value Balance(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, "balance", [&]() -> Napi::Value {
      const auto& b = sim_.balance;
      auto r = Napi::Object::New(env);
      r.Set("rain_m3", b.rainIn);
      r.Set("inflow_m3", b.inflowIn);
      r.Set("fixed_level_net_m3", b.fixedNet);
      r.Set("outflow_m3", b.outflow);
      r.Set("losses_m3", b.losses);
      r.Set("initial_storage_m3", b.initialStorage);
      r.Set("storage_m3", sim_.storage());
      r.Set("clipped_m3", b.clipped);
      r.Set("t", sim_.time);
      r.Set("steps", static_cast<double>(sim_.steps));
      r.Set("courant", sim_.courant());
      return r;
    });
  }
};

Napi::Object InitFlood(Napi::Env env, Napi::Object exports) {
  exports.Set("FloodSim", FloodSim::Define(env));
  return exports;
}

}  // namespace catchment
