#include <napi.h>

#include "autograd.h"
#include "data.h"
#include "dispatch.h"
#include "flood.h"
#include "runtime.h"
#include "signals.h"

namespace catchment {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const std::pair<const char*, Napi::Function::Callback> functions[] = {
      {"opHandle", OpHandle},           {"callOp", CallOp},
      {"opSchema", OpSchema},           {"fromTypedArray", FromTypedArray},
      {"toTypedArray", ToTypedArray},   {"shape", Shape},
      {"dtype", Dtype},                 {"device", DeviceOf},
      {"item", Item},                   {"release", Release},
      {"keep", Keep},                   {"isLive", IsLive},
      {"scopeBegin", ScopeBegin},       {"scopeEnd", ScopeEnd},
      {"liveCount", LiveCount},         {"backward", Backward},
      {"grad", Grad},                   {"setGrad", SetGrad},           {"setData", SetData},
      {"setRequiresGrad", SetRequiresGrad}, {"requiresGrad", RequiresGrad},
      {"setGradEnabled", SetGradEnabled},   {"autogradGrad", AutogradGrad},
      {"setNumThreads", SetNumThreads}, {"getNumThreads", GetNumThreads},
      {"setFlushDenormal", SetFlushDenormal}, {"manualSeed", ManualSeed},
      {"cudaAvailable", CudaAvailable}, {"buildConfig", BuildConfig},
      {"tuneAllocator", TuneAllocator}, {"watchSignals", WatchSignals},
      {"signalCount", SignalCount},
  };
  for (const auto& [name, fn] : functions) exports.Set(name, Napi::Function::New(env, fn, name));
  return InitFlood(env, exports);
}

NODE_API_MODULE(catchment_native, Init)

}  // namespace catchment
