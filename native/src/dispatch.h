#pragma once
#include <napi.h>

namespace catchment {
// opHandle(name, overload) -> { id, returns: string[] }
Napi::Value OpHandle(const Napi::CallbackInfo& info);
// callOp(id, args[], discardResult) -> number (tensor id) | value | array | undefined
Napi::Value CallOp(const Napi::CallbackInfo& info);
// opSchema(id) -> schema string, for error messages and docs
Napi::Value OpSchema(const Napi::CallbackInfo& info);
}  // namespace catchment
