// Reverse-mode autograd entry points: backward(), .grad, requires_grad, grad mode, and
// autograd.grad(outputs, inputs) for gradients with respect to inputs (e.g. terrain).
#include "autograd.h"

#include <torch/csrc/autograd/autograd.h>
#include <c10/core/GradMode.h>

#include "errors.h"
#include "handles.h"

namespace catchment {

namespace {
std::vector<at::Tensor> tensorsOf(Napi::Env env, const Napi::Value& v) {
  std::vector<at::Tensor> out;
  if (v.IsNull() || v.IsUndefined()) return out;
  auto arr = v.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value e = arr.Get(i);
    if (e.IsNull() || e.IsUndefined()) out.emplace_back();
    else out.push_back(handles().get(env, e.As<Napi::Number>().DoubleValue()));
  }
  return out;
}
double id(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }
}  // namespace

// backward(id, gradId | null, retainGraph, createGraph)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor t = handles().get(env, id(info, 0));
  GUARD_BEGIN
  std::vector<at::Tensor> grads;
  if (info.Length() > 1 && info[1].IsNumber()) grads.push_back(handles().get(env, id(info, 1)));
  c10::optional<bool> retain;
  if (info.Length() > 2 && info[2].IsBoolean()) retain = info[2].As<Napi::Boolean>().Value();
  bool create = info.Length() > 3 && info[3].ToBoolean().Value();
  torch::autograd::backward({t}, grads, retain, create);
  return env.Undefined();
  GUARD_END(env, "backward")
}

Napi::Value Grad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = handles().get(env, id(info, 0));
  const at::Tensor& g = t.grad();
  if (!g.defined()) return env.Null();
  return Napi::Number::New(env, handles().put(g));
}

// setGrad(id, gradId | null): null clears the gradient (zero_grad with set_to_none).
Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor t = handles().get(env, id(info, 0));
  GUARD_BEGIN
  if (info[1].IsNumber()) t.mutable_grad() = handles().get(env, id(info, 1));
  else t.mutable_grad() = at::Tensor();
  return env.Undefined();
  GUARD_END(env, "set grad")
}

// setData(id, srcId): PyTorch's `param.data = src`; the tensor keeps its identity (and autograd
// leaf status) but takes the source's storage, dtype and device.
Napi::Value SetData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor t = handles().get(env, id(info, 0));
  const at::Tensor& src = handles().get(env, id(info, 1));
  GUARD_BEGIN
  t.set_data(src);
  return env.Undefined();
  GUARD_END(env, "set data")
}

Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor t = handles().get(env, id(info, 0));
  GUARD_BEGIN
  t.set_requires_grad(info[1].ToBoolean().Value());
  return env.Undefined();
  GUARD_END(env, "requires_grad_")
}

Napi::Value RequiresGrad(const Napi::CallbackInfo& info) {
  const at::Tensor& t = handles().get(info.Env(), id(info, 0));
  return Napi::Boolean::New(info.Env(), t.requires_grad());
}

// setGradEnabled(bool) -> previous state
Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  bool previous = c10::GradMode::is_enabled();
  c10::GradMode::set_enabled(info[0].ToBoolean().Value());
  return Napi::Boolean::New(info.Env(), previous);
}

// autogradGrad(outputs[], inputs[], gradOutputs[] | null, retainGraph, createGraph, allowUnused)
Napi::Value AutogradGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto outputs = tensorsOf(env, info[0]);
  auto inputs = tensorsOf(env, info[1]);
  auto gradOutputs = tensorsOf(env, info[2]);
  GUARD_BEGIN
  c10::optional<bool> retain;
  if (info[3].IsBoolean()) retain = info[3].As<Napi::Boolean>().Value();
  bool create = info[4].ToBoolean().Value();
  bool allowUnused = info[5].ToBoolean().Value();
  auto grads = torch::autograd::grad(outputs, inputs, gradOutputs, retain, create, allowUnused);
  auto arr = Napi::Array::New(env, grads.size());
  for (size_t i = 0; i < grads.size(); ++i) {
    if (grads[i].defined()) arr.Set(static_cast<uint32_t>(i), handles().put(grads[i]));
    else arr.Set(static_cast<uint32_t>(i), env.Null());
  }
  return arr;
  GUARD_END(env, "autograd.grad")
}

}  // namespace catchment
