// Process-wide runtime settings: intra-op threads (torch and OpenBLAS together), denormal
// flushing, seeds, and what the linked libtorch can do.
#include "runtime.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <dlfcn.h>
#include <malloc.h>

#include "errors.h"

namespace catchment {

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int n = info[0].As<Napi::Number>().Int32Value();
  if (n < 1) throw Napi::RangeError::New(env, "thread count must be at least 1, got " + std::to_string(n));
  GUARD_BEGIN
  at::set_num_threads(n);
  using SetBlasThreads = void (*)(int);
  if (auto fn = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(n);
  return env.Undefined();
  GUARD_END(env, "set threads")
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

Napi::Value SetFlushDenormal(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::globalContext().setFlushDenormal(info[0].ToBoolean().Value()));
}

Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GUARD_BEGIN
  uint64_t seed = static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value());
  at::manual_seed(seed);
  return env.Undefined();
  GUARD_END(env, "manual_seed")
}

Napi::Value CudaAvailable(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), torch::cuda::is_available());
}

Napi::Value BuildConfig(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), at::show_config());
}

}  // namespace catchment

namespace catchment {

// Training allocates and frees the same large activation buffers every step. With glibc's default
// thresholds each comes from a fresh mmap and is faulted in page by page (the conv benchmark
// spent about half its time there); keeping freed memory in the heap lets it be reused.
Napi::Value TuneAllocator(const Napi::CallbackInfo& info) {
  bool ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  ok = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1 && ok;
  ok = mallopt(M_TOP_PAD, 64 << 20) == 1 && ok;
  return Napi::Boolean::New(info.Env(), ok);
}

}  // namespace catchment
