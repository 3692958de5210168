#pragma once
#include <napi.h>

namespace catchment {
Napi::Object InitFlood(Napi::Env env, Napi::Object exports);
}
