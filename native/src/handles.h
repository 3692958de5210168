// Tensors live in a table of slots; JS holds a number id = generation * 2^24 + slot.
// Scopes record the ids made inside them so that tidy() can free them all at once.
#pragma once
#include <ATen/ATen.h>
#include <napi.h>
#include <cstdint>
#include <vector>

namespace catchment {

class HandleTable {
 public:
  double put(at::Tensor t);
  // Throws a JS-visible error when the id is stale (freed) or never existed.
  const at::Tensor& get(Napi::Env env, double id) const;
  bool isLive(double id) const;
  void release(double id);
  void keep(double id);  // exempt from scope freeing
  void scopeBegin();
  // Frees every id made in the innermost scope except those listed; the survivors move to the
  // enclosing scope (if any).
  void scopeEnd(const std::vector<double>& survivors);
  size_t liveCount() const { return live_; }
  size_t scopeDepth() const { return scopes_.size(); }

 private:
  struct Slot {
    at::Tensor tensor;
    uint32_t generation = 0;
    bool live = false;
    bool kept = false;
  };
  bool lookup(double id, uint32_t& slot) const;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  std::vector<std::vector<double>> scopes_;
  size_t live_ = 0;
};

HandleTable& handles();

}  // namespace catchment
