// FloodSim: the Node face of the flood solver (flood_solver.h). It checks and copies the inputs,
// advances in chunks and hands back fields, samples and the mass balance.
#include "flood.h"

#include <cmath>
#include <cstring>

#include "flood_solver.h"

namespace catchment {

namespace {

using flood::Series;

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
    auto& s = sim_;
    s.W = o.Get("width").As<Napi::Number>().Int32Value();
    s.H = o.Get("height").As<Napi::Number>().Int32Value();
    s.dx = o.Get("dx").As<Napi::Number>().DoubleValue();
    const size_t n = static_cast<size_t>(s.W) * s.H;
    s.z = f64(o.Get("z"), n, "z", env);
    s.n2 = f64(o.Get("manning"), n, "manning", env);
    for (double& m : s.n2) m = m * m;
    s.depth = f64(o.Get("h0"), n, "h0", env);
    auto blocked = o.Get("blocked").As<Napi::Uint8Array>();
    if (blocked.ElementLength() != n) throw Napi::RangeError::New(env, "flood: blocked has the wrong length");
    s.blocked.assign(blocked.Data(), blocked.Data() + n);
    s.rain = seriesOf(o.Get("rain").As<Napi::Object>(), "t", "rate", env);
    s.rainStepwise = o.Get("rainStepwise").ToBoolean().Value();
    s.loss = o.Get("lossRate").As<Napi::Number>().DoubleValue();
    if (o.Has("greenAmpt") && o.Get("greenAmpt").IsObject()) {
      auto ga = o.Get("greenAmpt").As<Napi::Object>();
      s.gaKs = ga.Get("ks").As<Napi::Number>().DoubleValue();
      s.gaPsiDeltaTheta = ga.Get("psiDeltaTheta").As<Napi::Number>().DoubleValue();
      s.gaF.assign(n, ga.Get("initial").As<Napi::Number>().DoubleValue());
    }
    s.boundary = o.Get("boundary").As<Napi::Number>().Int32Value();
    s.boundarySlope = o.Get("boundarySlope").As<Napi::Number>().DoubleValue();
    s.boundaryLevel = o.Get("boundaryLevel").As<Napi::Number>().DoubleValue();
    s.alpha = o.Get("alpha").As<Napi::Number>().DoubleValue();
    s.theta = o.Get("theta").As<Napi::Number>().DoubleValue();
    s.maxDt = o.Get("maxDt").As<Napi::Number>().DoubleValue();
    s.hmin = o.Get("depthThreshold").As<Napi::Number>().DoubleValue();
    s.wet = o.Get("wetThreshold").As<Napi::Number>().DoubleValue();
    s.dfDepth = o.Get("dfDepth").As<Napi::Number>().DoubleValue();
    s.dfShallow = o.Get("dfShallow").As<Napi::Number>().DoubleValue();
    s.dfDeep = o.Get("dfDeep").As<Napi::Number>().DoubleValue();
    s.threads = std::max(1, o.Get("threads").As<Napi::Number>().Int32Value());
    if (o.Has("dtGrowth") && o.Get("dtGrowth").IsNumber()) s.dtGrowth = o.Get("dtGrowth").As<Napi::Number>().DoubleValue();
    if (o.Has("solver") && o.Get("solver").IsString() && o.Get("solver").As<Napi::String>().Utf8Value() == "wca2d") {
      s.solver = 1;
      if (s.boundary == 2) throw Napi::RangeError::New(env, "flood: the wca2d solver supports closed and free boundaries, not a fixed level");
      if (o.Has("wcaTolerance")) s.wcaTolerance = o.Get("wcaTolerance").As<Napi::Number>().DoubleValue();
      if (o.Has("wcaSlopeTolerance")) s.wcaSlopeTolerance = o.Get("wcaSlopeTolerance").As<Napi::Number>().DoubleValue();
    }
    auto sources = o.Get("sources").As<Napi::Array>();
    for (uint32_t i = 0; i < sources.Length(); ++i) {
      auto src = sources.Get(i).As<Napi::Object>();
      auto cells = src.Get("cells").As<Napi::Int32Array>();
      s.sources.push_back({std::vector<int32_t>(cells.Data(), cells.Data() + cells.ElementLength()), seriesOf(src, "t", "q", env)});
    }
    auto fixed = o.Get("fixed").As<Napi::Array>();
    for (uint32_t i = 0; i < fixed.Length(); ++i) {
      auto f = fixed.Get(i).As<Napi::Object>();
      auto cells = f.Get("cells").As<Napi::Int32Array>();
      s.fixed.push_back({std::vector<int32_t>(cells.Data(), cells.Data() + cells.ElementLength()), seriesOf(f, "t", "level", env)});
    }
    s.init();
  }

 private:
  flood::Solver sim_;

  // advance(tEnd, maxSteps) -> { t, steps, hmax }
  Napi::Value Advance(const Napi::CallbackInfo& info) {
    double tEnd = info[0].As<Napi::Number>().DoubleValue();
    double maxSteps = info.Length() > 1 ? info[1].As<Napi::Number>().DoubleValue() : 1e18;
    uint64_t done = 0;
    while (sim_.time < tEnd - 1e-9 && done < maxSteps) {
      sim_.step(tEnd - sim_.time);
      ++done;
    }
    auto r = Napi::Object::New(info.Env());
    r.Set("t", sim_.time);
    r.Set("steps", static_cast<double>(sim_.steps));
    r.Set("hmax", sim_.hmax);
    return r;
  }

  // field(name) -> copy of depth | maxDepth | maxVelocity | maxHazard | timeOfMax
  Napi::Value Field(const Napi::CallbackInfo& info) {
    std::string name = info[0].As<Napi::String>().Utf8Value();
    size_t n = sim_.depth.size();
    if (name == "depth") {
      auto a = Napi::Float64Array::New(info.Env(), n);
      std::memcpy(a.Data(), sim_.depth.data(), n * 8);
      return a;
    }
    const std::vector<float>* src = name == "maxDepth" ? &sim_.maxH : name == "maxVelocity" ? &sim_.maxV : name == "maxHazard" ? &sim_.maxHR : name == "timeOfMax" ? &sim_.tMax : nullptr;
    if (!src) throw Napi::Error::New(info.Env(), "flood: unknown field " + name);
    auto a = Napi::Float32Array::New(info.Env(), n);
    std::memcpy(a.Data(), src->data(), n * 4);
    return a;
  }

  // setRainField(rates m/s per cell | null): replaces the uniform hyetograph from now on
  Napi::Value SetRainField(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const size_t n = sim_.depth.size();
    if (info[0].IsNull() || info[0].IsUndefined()) {
      sim_.rainField.assign(n, 0.0);
      return env.Undefined();
    }
    auto field = f64(info[0], n, "rain field", env);
    for (double v : field)
      if (!(v >= 0) || !std::isfinite(v)) throw Napi::RangeError::New(env, "flood: rain field holds a negative or non-finite rate");
    sim_.rainField = std::move(field);
    return env.Undefined();
  }

  // sample(cells Int32Array) -> Float64Array of depths
  Napi::Value Sample(const Napi::CallbackInfo& info) {
    auto cells = info[0].As<Napi::Int32Array>();
    auto out = Napi::Float64Array::New(info.Env(), cells.ElementLength());
    for (size_t k = 0; k < cells.ElementLength(); ++k) out[k] = sim_.depth[cells[k]];
    return out;
  }

  Napi::Value Balance(const Napi::CallbackInfo& info) {
    const auto& b = sim_.balance;
    auto r = Napi::Object::New(info.Env());
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
  }
};

Napi::Object InitFlood(Napi::Env env, Napi::Object exports) {
  exports.Set("FloodSim", FloodSim::Define(env));
  return exports;
}

}  // namespace catchment
