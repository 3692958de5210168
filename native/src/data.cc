// Tensor data in and out of JS typed arrays, tensor metadata, and the handle/scope entry points.
#include "data.h"

#include <ATen/ATen.h>

#include <cstring>

#include "errors.h"
#include "handles.h"

namespace catchment {

namespace {

at::ScalarType scalarTypeOf(Napi::Env env, napi_typedarray_type t) {
  switch (t) {
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_int32_array: return at::kInt;
    case napi_bigint64_array: return at::kLong;
    case napi_uint8_array: return at::kByte;
    default: throw Napi::TypeError::New(env, "tensor data must be a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array");
  }
}

double idArg(const Napi::CallbackInfo& info, size_t i = 0) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), "expected a tensor");
  return info[i].As<Napi::Number>().DoubleValue();
}

}  // namespace

// fromTypedArray(data, shape, dtypeCode | null, device | null, requiresGrad)
Napi::Value FromTypedArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) throw Napi::TypeError::New(env, "tensor data must be a typed array");
  auto data = info[0].As<Napi::TypedArray>();
  at::ScalarType source = scalarTypeOf(env, data.TypedArrayType());
  auto shapeArr = info[1].As<Napi::Array>();
  std::vector<int64_t> shape(shapeArr.Length());
  int64_t numel = 1;
  for (uint32_t i = 0; i < shapeArr.Length(); ++i) {
    double d = shapeArr.Get(i).As<Napi::Number>().DoubleValue();
    if (d < 0 || std::trunc(d) != d) throw Napi::RangeError::New(env, "tensor shape entries must be non-negative integers");
    shape[i] = static_cast<int64_t>(d);
    numel *= shape[i];
  }
  if (numel != static_cast<int64_t>(data.ElementLength()))
    throw Napi::RangeError::New(env, "tensor data has " + std::to_string(data.ElementLength()) + " elements but shape needs " + std::to_string(numel));
  GUARD_BEGIN
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(source));
  if (numel > 0) {
    auto buf = data.ArrayBuffer();
    const uint8_t* src = static_cast<const uint8_t*>(buf.Data()) + data.ByteOffset();
    std::memcpy(t.data_ptr(), src, numel * t.element_size());
  }
  if (info.Length() > 2 && info[2].IsNumber()) {
    auto target = static_cast<at::ScalarType>(info[2].As<Napi::Number>().Int32Value());
    if (target == at::kBool) t = t.ne(0);
    else if (target != source) t = t.to(target);
  }
  if (info.Length() > 3 && info[3].IsString()) {
    std::string device = info[3].As<Napi::String>().Utf8Value();
    if (device != "cpu") t = t.to(at::Device(device));
  }
  if (info.Length() > 4 && info[4].ToBoolean().Value()) t.set_requires_grad(true);
  return Napi::Number::New(env, handles().put(t));
  GUARD_END(env, "tensor from data")
}

// Copies the tensor (on any device, any layout) into a new typed array: Float32/Float64/Int32
// as themselves, Int64 as BigInt64Array, Uint8/Bool as Uint8Array, other types as Float32.
Napi::Value ToTypedArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& src = handles().get(env, idArg(info));
  GUARD_BEGIN
  at::Tensor t = src.detach().to(at::kCPU);
  napi_typedarray_type kind;
  switch (t.scalar_type()) {
    case at::kFloat: kind = napi_float32_array; break;
    case at::kDouble: kind = napi_float64_array; break;
    case at::kInt: kind = napi_int32_array; break;
    case at::kLong: kind = napi_bigint64_array; break;
    case at::kByte: kind = napi_uint8_array; break;
    case at::kBool: t = t.to(at::kByte); kind = napi_uint8_array; break;
    default: t = t.to(at::kFloat); kind = napi_float32_array; break;
  }
  t = t.contiguous();
  size_t bytes = t.numel() * t.element_size();
  auto buffer = Napi::ArrayBuffer::New(env, bytes);
  if (bytes > 0) std::memcpy(buffer.Data(), t.data_ptr(), bytes);
  napi_value out;
  napi_status status = napi_create_typedarray(env, kind, t.numel(), buffer, 0, &out);
  if (status != napi_ok) throw Napi::Error::New(env, "could not create a typed array");
  return Napi::Value(env, out);
  GUARD_END(env, "tensor data")
}

Napi::Value Shape(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = handles().get(env, idArg(info));
  auto arr = Napi::Array::New(env, t.dim());
  for (int64_t i = 0; i < t.dim(); ++i) arr.Set(static_cast<uint32_t>(i), static_cast<double>(t.size(i)));
  return arr;
}

Napi::Value Dtype(const Napi::CallbackInfo& info) {
  const at::Tensor& t = handles().get(info.Env(), idArg(info));
  return Napi::Number::New(info.Env(), static_cast<int>(t.scalar_type()));
}

Napi::Value DeviceOf(const Napi::CallbackInfo& info) {
  const at::Tensor& t = handles().get(info.Env(), idArg(info));
  return Napi::String::New(info.Env(), t.device().str());
}

Napi::Value Item(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = handles().get(env, idArg(info));
  GUARD_BEGIN
  if (t.numel() != 1) throw Napi::RangeError::New(env, "item() needs a tensor with one element, this one has " + std::to_string(t.numel()));
  if (t.scalar_type() == at::kBool) return Napi::Boolean::New(env, t.item<bool>());
  return Napi::Number::New(env, t.item<double>());
  GUARD_END(env, "item")
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  handles().release(idArg(info));
  return info.Env().Undefined();
}

Napi::Value Keep(const Napi::CallbackInfo& info) {
  handles().keep(idArg(info));
  return info.Env().Undefined();
}

Napi::Value IsLive(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), handles().isLive(idArg(info)));
}

Napi::Value ScopeBegin(const Napi::CallbackInfo& info) {
  handles().scopeBegin();
  return Napi::Number::New(info.Env(), static_cast<double>(handles().scopeDepth()));
}

Napi::Value ScopeEnd(const Napi::CallbackInfo& info) {
  std::vector<double> survivors;
  if (info.Length() > 0 && info[0].IsArray()) {
    auto arr = info[0].As<Napi::Array>();
    survivors.reserve(arr.Length());
    for (uint32_t i = 0; i < arr.Length(); ++i) survivors.push_back(arr.Get(i).As<Napi::Number>().DoubleValue());
  }
  handles().scopeEnd(survivors);
  return info.Env().Undefined();
}

Napi::Value LiveCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(handles().liveCount()));
}

}  // namespace catchment
