#include "handles.h"

#include <algorithm>

namespace catchment {

namespace {
constexpr double kSlotSpan = 16777216.0;  // 2^24 slots
constexpr uint32_t kGenerationMask = (1u << 29) - 1;
}  // namespace

HandleTable& handles() {
  static HandleTable table;
  return table;
}

double HandleTable::put(at::Tensor t) {
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    if (slots_.size() >= static_cast<size_t>(kSlotSpan)) throw std::runtime_error("tensor handle table is full (16M live tensors)");
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.tensor = std::move(t);
  s.live = true;
  s.kept = false;
  ++live_;
  double id = static_cast<double>(s.generation) * kSlotSpan + slot;
  if (!scopes_.empty()) scopes_.back().push_back(id);
  return id;
}

bool HandleTable::lookup(double id, uint32_t& slot) const {
  if (!(id >= 0)) return false;
  double gen = std::floor(id / kSlotSpan);
  slot = static_cast<uint32_t>(id - gen * kSlotSpan);
  if (slot >= slots_.size()) return false;
  const Slot& s = slots_[slot];
  return s.live && s.generation == static_cast<uint32_t>(gen);
}

bool HandleTable::isLive(double id) const {
  uint32_t slot;
  return lookup(id, slot);
}

const at::Tensor& HandleTable::get(Napi::Env env, double id) const {
  uint32_t slot;
  if (!lookup(id, slot)) throw Napi::Error::New(env, "tensor was already freed (disposed, or made inside a tidy() scope that has ended)");
  return slots_[slot].tensor;
}

void HandleTable::release(double id) {
  uint32_t slot;
  if (!lookup(id, slot)) return;
  Slot& s = slots_[slot];
  s.tensor = at::Tensor();
  s.live = false;
  s.kept = false;
  s.generation = (s.generation + 1) & kGenerationMask;
  free_.push_back(slot);
  --live_;
}

void HandleTable::keep(double id) {
  uint32_t slot;
  if (lookup(id, slot)) slots_[slot].kept = true;
}

void HandleTable::scopeBegin() { scopes_.emplace_back(); }

void HandleTable::scopeEnd(const std::vector<double>& survivors) {
  if (scopes_.empty()) return;
  std::vector<double> made = std::move(scopes_.back());
  scopes_.pop_back();
  for (double id : made) {
    uint32_t slot;
    if (!lookup(id, slot)) continue;
    if (slots_[slot].kept) continue;
    if (std::find(survivors.begin(), survivors.end(), id) != survivors.end()) {
      if (!scopes_.empty()) scopes_.back().push_back(id);
      continue;
    }
    release(id);
  }
}

}  // namespace catchment
