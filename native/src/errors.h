// Every native entry point runs inside GUARD so that a libtorch error becomes a JS Error
// naming the operation, and the process never aborts.
#pragma once
#include <napi.h>
#include <c10/util/Exception.h>
#include <string>

#define GUARD_BEGIN try {
#define GUARD_END(env, label)                                                         \
  }                                                                                  \
  catch (const c10::Error& e) {                                                      \
    throw Napi::Error::New(env, std::string(label) + ": " + e.what_without_backtrace()); \
  }                                                                                  \
  catch (const Napi::Error&) {                                                       \
    throw;                                                                           \
  }                                                                                  \
  catch (const std::exception& e) {                                                  \
    throw Napi::Error::New(env, std::string(label) + ": " + e.what());                \
  }
