#pragma once
#include <napi.h>

namespace catchment {
Napi::Value SetNumThreads(const Napi::CallbackInfo& info);
Napi::Value GetNumThreads(const Napi::CallbackInfo& info);
Napi::Value SetFlushDenormal(const Napi::CallbackInfo& info);
Napi::Value ManualSeed(const Napi::CallbackInfo& info);
Napi::Value CudaAvailable(const Napi::CallbackInfo& info);
Napi::Value BuildConfig(const Napi::CallbackInfo& info);
Napi::Value TuneAllocator(const Napi::CallbackInfo& info);
}  // namespace catchment
