#pragma once
#include <napi.h>

namespace catchment {
Napi::Value WatchSignals(const Napi::CallbackInfo& info);
Napi::Value SignalCount(const Napi::CallbackInfo& info);
}  // namespace catchment
