// The parent link of every stored state, indexed by state id: 8 bytes per state, kept in
// fixed-size chunks so that growth never copies (no doubling spikes on large runs).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace faultline {

class LinkLog {
 public:
  void push_back(uint64_t link) {
    if (size_ % kChunk == 0) chunks_.emplace_back(new uint64_t[kChunk]);
    chunks_.back()[size_ % kChunk] = link;
    ++size_;
  }
  // Grows to n entries; the new ones are then filled with set() (in parallel if wanted).
  void resize(uint64_t n) {
    while (chunks_.size() * kChunk < n) chunks_.emplace_back(new uint64_t[kChunk]);
    size_ = n;
  }
  void set(uint64_t id, uint64_t link) { chunks_[id / kChunk][id % kChunk] = link; }
  uint64_t operator[](uint64_t id) const { return chunks_[id / kChunk][id % kChunk]; }
  uint64_t size() const { return size_; }
  size_t memory_bytes() const { return chunks_.size() * kChunk * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kChunk = uint64_t{1} << 20;
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;
  uint64_t size_ = 0;
};

}  // namespace faultline
