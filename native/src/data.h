#pragma once
#include <napi.h>

namespace catchment {
Napi::Value FromTypedArray(const Napi::CallbackInfo& info);
Napi::Value ToTypedArray(const Napi::CallbackInfo& info);
Napi::Value Shape(const Napi::CallbackInfo& info);
Napi::Value Dtype(const Napi::CallbackInfo& info);
Napi::Value DeviceOf(const Napi::CallbackInfo& info);
Napi::Value Item(const Napi::CallbackInfo& info);
Napi::Value Release(const Napi::CallbackInfo& info);
Napi::Value Keep(const Napi::CallbackInfo& info);
Napi::Value IsLive(const Napi::CallbackInfo& info);
Napi::Value ScopeBegin(const Napi::CallbackInfo& info);
Napi::Value ScopeEnd(const Napi::CallbackInfo& info);
Napi::Value LiveCount(const Napi::CallbackInfo& info);
}  // namespace catchment
