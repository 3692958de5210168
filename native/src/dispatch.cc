// The generic entry point: any ATen operator, looked up once through the c10 dispatcher by name and
// overload, then called boxed with arguments converted by the schema's real types. Autograd runs
// through the dispatcher as it does for TorchScript.
#include "dispatch.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/ivalue.h>
#include <ATen/ATen.h>

#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "errors.h"
#include "handles.h"

namespace catchment {

namespace {

enum class Kind {
  Tensor, Int, Float, Bool, Scalar, String, ScalarType, Layout, MemoryFormat, Device, Generator,
  IntList, FloatList, BoolList, TensorList, OptTensorList, Unsupported
};

struct ArgSpec {
  std::string name;
  std::string typeText;
  Kind kind = Kind::Unsupported;
  bool optional = false;
  int fixedLength = 0;  // int[2]: a single number is repeated
  std::optional<c10::IValue> defaultValue;
};

struct OpEntry {
  c10::OperatorHandle handle;
  std::string qualified;
  std::vector<ArgSpec> args;
};

Kind kindOf(const c10::TypePtr& t) {
  using c10::TypeKind;
  switch (t->kind()) {
    case TypeKind::TensorType: return Kind::Tensor;
    case TypeKind::IntType:
    case TypeKind::SymIntType: return Kind::Int;
    case TypeKind::FloatType: return Kind::Float;
    case TypeKind::BoolType: return Kind::Bool;
    case TypeKind::NumberType: return Kind::Scalar;
    case TypeKind::StringType: return Kind::String;
    case TypeKind::ScalarTypeType: return Kind::ScalarType;
    case TypeKind::LayoutType: return Kind::Layout;
    case TypeKind::MemoryFormatType: return Kind::MemoryFormat;
    case TypeKind::DeviceObjType: return Kind::Device;
    case TypeKind::GeneratorType: return Kind::Generator;
    case TypeKind::ListType: {
      auto elem = t->castRaw<c10::ListType>()->getElementType();
      switch (elem->kind()) {
        case TypeKind::IntType:
        case TypeKind::SymIntType: return Kind::IntList;
        case TypeKind::FloatType: return Kind::FloatList;
        case TypeKind::BoolType: return Kind::BoolList;
        case TypeKind::TensorType: return Kind::TensorList;
        case TypeKind::OptionalType: {
          auto inner = elem->castRaw<c10::OptionalType>()->getElementType();
          if (inner->kind() == TypeKind::TensorType) return Kind::OptTensorList;
          return Kind::Unsupported;
        }
        default: return Kind::Unsupported;
      }
    }
    default: return Kind::Unsupported;
  }
}

std::vector<OpEntry>& registry() {
  static std::vector<OpEntry> ops;
  return ops;
}

std::unordered_map<std::string, uint32_t>& byName() {
  static std::unordered_map<std::string, uint32_t> map;
  return map;
}

[[noreturn]] void argError(Napi::Env env, const OpEntry& op, const ArgSpec& a, const char* got) {
  throw Napi::TypeError::New(env, op.qualified + ": argument '" + a.name + "' expects " + a.typeText + ", got " + got);
}

const char* jsTypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_object: return v.IsArray() ? "array" : "object";
    case napi_bigint: return "bigint";
    default: return "a value of another type";
  }
}

int64_t toInt(Napi::Env env, const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::trunc(d) != d) argError(env, op, a, "a non-integer number");
    return static_cast<int64_t>(d);
  }
  if (v.IsBigInt()) {
    bool lossless;
    return v.As<Napi::BigInt>().Int64Value(&lossless);
  }
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? 1 : 0;
  argError(env, op, a, jsTypeName(v));
}

double toDouble(Napi::Env env, const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  argError(env, op, a, jsTypeName(v));
}

at::Tensor toTensor(Napi::Env env, const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (!v.IsNumber()) argError(env, op, a, jsTypeName(v));
  return handles().get(env, v.As<Napi::Number>().DoubleValue());
}

c10::IValue convert(Napi::Env env, const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) {
    if (a.defaultValue) return *a.defaultValue;
    if (a.optional) return c10::IValue();
    argError(env, op, a, jsTypeName(v));
  }
  switch (a.kind) {
    case Kind::Tensor: return toTensor(env, op, a, v);
    case Kind::Int:
    case Kind::ScalarType:
    case Kind::Layout:
    case Kind::MemoryFormat: return toInt(env, op, a, v);
    case Kind::Float: return toDouble(env, op, a, v);
    case Kind::Bool:
      if (!v.IsBoolean()) argError(env, op, a, jsTypeName(v));
      return v.As<Napi::Boolean>().Value();
    case Kind::Scalar:
      if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
      if (v.IsBigInt()) return c10::Scalar(toInt(env, op, a, v));
      if (v.IsNumber()) {
        double d = v.As<Napi::Number>().DoubleValue();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return c10::Scalar(static_cast<int64_t>(d));
        return c10::Scalar(d);
      }
      argError(env, op, a, jsTypeName(v));
    case Kind::String:
      if (!v.IsString()) argError(env, op, a, jsTypeName(v));
      return v.As<Napi::String>().Utf8Value();
    case Kind::Device:
      if (!v.IsString()) argError(env, op, a, jsTypeName(v));
      return c10::Device(v.As<Napi::String>().Utf8Value());
    case Kind::Generator:
      argError(env, op, a, "a value (generators are not supported; pass null)");
    case Kind::IntList: {
      if (v.IsNumber() || v.IsBigInt()) {
        int n = a.fixedLength > 0 ? a.fixedLength : 1;
        return std::vector<int64_t>(n, toInt(env, op, a, v));
      }
      if (!v.IsArray()) argError(env, op, a, jsTypeName(v));
      auto arr = v.As<Napi::Array>();
      std::vector<int64_t> out(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) out[i] = toInt(env, op, a, arr.Get(i));
      return out;
    }
    case Kind::FloatList: {
      if (!v.IsArray()) argError(env, op, a, jsTypeName(v));
      auto arr = v.As<Napi::Array>();
      std::vector<double> out(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) out[i] = toDouble(env, op, a, arr.Get(i));
      return out;
    }
    case Kind::BoolList: {
      if (!v.IsArray()) argError(env, op, a, jsTypeName(v));
      auto arr = v.As<Napi::Array>();
      c10::List<bool> out;
      for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(arr.Get(i).ToBoolean().Value());
      return out;
    }
    case Kind::TensorList: {
      if (!v.IsArray()) argError(env, op, a, jsTypeName(v));
      auto arr = v.As<Napi::Array>();
      std::vector<at::Tensor> out;
      out.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(toTensor(env, op, a, arr.Get(i)));
      return out;
    }
    case Kind::OptTensorList: {
      if (!v.IsArray()) argError(env, op, a, jsTypeName(v));
      auto arr = v.As<Napi::Array>();
      c10::List<c10::optional<at::Tensor>> out;
      for (uint32_t i = 0; i < arr.Length(); ++i) {
        Napi::Value e = arr.Get(i);
        if (e.IsNull() || e.IsUndefined()) out.push_back(c10::nullopt);
        else out.push_back(toTensor(env, op, a, e));
      }
      return out;
    }
    case Kind::Unsupported:
      break;
  }
  argError(env, op, a, "a value (this argument type is not supported by the binding)");
}

Napi::Value toJs(Napi::Env env, const c10::IValue& v) {
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    if (!t.defined()) return env.Null();
    return Napi::Number::New(env, handles().put(t));
  }
  if (v.isNone()) return env.Null();
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isScalar()) return Napi::Number::New(env, v.toScalar().toDouble());
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    auto arr = Napi::Array::New(env, elems.size());
    for (size_t i = 0; i < elems.size(); ++i) arr.Set(i, toJs(env, elems[i]));
    return arr;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    auto arr = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) arr.Set(i, toJs(env, list[i]));
    return arr;
  }
  throw Napi::Error::New(env, std::string("cannot convert a returned value of type ") + v.tagKind());
}

}  // namespace

Napi::Value OpHandle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  std::string overload = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  std::string key = name + "." + overload;
  auto& ops = registry();
  uint32_t id;
  auto found = byName().find(key);
  if (found != byName().end()) {
    id = found->second;
  } else {
    auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
    if (!handle) throw Napi::Error::New(env, "unknown ATen operator " + name + (overload.empty() ? "" : "." + overload));
    OpEntry entry{*handle, overload.empty() ? name : name + "." + overload, {}};
    for (const auto& arg : handle->schema().arguments()) {
      ArgSpec spec;
      spec.name = arg.name();
      c10::TypePtr t = arg.real_type();
      std::ostringstream printed;
      printed << arg;  // "int[1]? dim=None": keep the schema's spelling of the type
      spec.typeText = printed.str().substr(0, printed.str().rfind(" " + arg.name()));
      if (t->kind() == c10::TypeKind::OptionalType) {
        spec.optional = true;
        t = t->castRaw<c10::OptionalType>()->getElementType();
      }
      spec.kind = kindOf(t);
      if (arg.N()) spec.fixedLength = *arg.N();
      if (arg.default_value()) spec.defaultValue = *arg.default_value();
      entry.args.push_back(std::move(spec));
    }
    id = static_cast<uint32_t>(ops.size());
    ops.push_back(std::move(entry));
    byName()[key] = id;
  }
  auto result = Napi::Object::New(env);
  result.Set("id", id);
  auto returns = Napi::Array::New(env);
  uint32_t i = 0;
  for (const auto& r : ops[id].handle.schema().returns()) returns.Set(i++, r.real_type()->annotation_str());
  result.Set("returns", returns);
  return result;
}

Napi::Value OpSchema(const Napi::CallbackInfo& info) {
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  std::ostringstream s;
  s << registry().at(id).handle.schema();
  return Napi::String::New(info.Env(), s.str());
}

Napi::Value CallOp(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  auto& ops = registry();
  if (id >= ops.size()) throw Napi::Error::New(env, "invalid operator handle");
  const OpEntry& op = ops[id];
  auto args = info[1].As<Napi::Array>();
  bool discard = info.Length() > 2 && info[2].ToBoolean().Value();
  uint32_t given = args.Length();
  if (given > op.args.size())
    throw Napi::TypeError::New(env, op.qualified + ": takes " + std::to_string(op.args.size()) + " arguments, got " + std::to_string(given));
  GUARD_BEGIN
  torch::jit::Stack stack;
  stack.reserve(op.args.size());
  for (size_t i = 0; i < op.args.size(); ++i) {
    const ArgSpec& a = op.args[i];
    if (i < given) {
      stack.emplace_back(convert(env, op, a, args.Get(static_cast<uint32_t>(i))));
    } else if (a.defaultValue) {
      stack.emplace_back(*a.defaultValue);
    } else if (a.optional) {
      stack.emplace_back();
    } else {
      throw Napi::TypeError::New(env, op.qualified + ": missing argument '" + a.name + "' (" + a.typeText + ")");
    }
  }
  op.handle.callBoxed(stack);
  if (discard) return env.Undefined();
  if (stack.size() == 1) return toJs(env, stack[0]);
  if (stack.empty()) return env.Undefined();
  auto arr = Napi::Array::New(env, stack.size());
  for (size_t i = 0; i < stack.size(); ++i) arr.Set(i, toJs(env, stack[i]));
  return arr;
  GUARD_END(env, op.qualified)
}

}  // namespace catchment
