// A BFS level's states in compact form: each state's canonical bytes in a chunked arena,
// with its fingerprint. Workers fill one FrontierBuffer each; between levels the buffers are
// merged into a list sorted by fingerprint, which gives every state a deterministic id.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include <tbb/parallel_sort.h>

namespace faultline {

// 16 bytes: the fingerprint and where the state's bytes start in an arena; the bytes are
// preceded there by their length as a varint.
struct FrontierRef {
  uint64_t fp;
  const char* at;
  std::string_view view() const {
    size_t n = 0;
    const char* p = at;
    for (unsigned shift = 0;; shift += 7) {
      auto b = static_cast<uint8_t>(*p++);
      n |= static_cast<size_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return {p, n};
  }
  // Fingerprint order, ties (possible in exact mode only) broken by the bytes.
  friend bool operator<(const FrontierRef& a, const FrontierRef& b) {
    if (a.fp != b.fp) return a.fp < b.fp;
    return a.view() < b.view();
  }
};

class FrontierBuffer {
 public:
  void add(uint64_t fp, std::string_view bytes) {
    size_t need = bytes.size() + 10;  // varint length prefix: at most 10 bytes
    if (blocks_.empty() || used_ + need > block_size_) {
      block_size_ = std::max(kBlock, need);
      blocks_.emplace_back(new char[block_size_]);
      used_ = 0;
    }
    char* start = blocks_.back().get() + used_;
    char* dst = start;
    size_t n = bytes.size();
    while (n >= 0x80) {
      *dst++ = static_cast<char>(n | 0x80);
      n >>= 7;
    }
    *dst++ = static_cast<char>(n);
    std::memcpy(dst, bytes.data(), bytes.size());
    used_ += static_cast<size_t>(dst - start) + bytes.size();
    refs_.push_back({fp, start});
  }
  const std::vector<FrontierRef>& refs() const { return refs_; }
  std::vector<FrontierRef> take_refs() { return std::move(refs_); }
  size_t memory_bytes() const {
    return blocks_.size() * kBlock + refs_.capacity() * sizeof(FrontierRef);
  }
  bool empty() const { return refs_.empty(); }

 private:
  static constexpr size_t kBlock = size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0;
  size_t used_ = 0;
  std::vector<FrontierRef> refs_;
};

// One level, merged from the workers' buffers (which it owns) and sorted.
class Frontier {
 public:
  void adopt(FrontierBuffer&& buffer) { buffers_.push_back(std::move(buffer)); }
  void sort_refs() {
    size_t n = 0;
    for (const auto& b : buffers_) n += b.refs().size();
    refs_.clear();
    refs_.reserve(n);
    for (auto& b : buffers_) {
      std::vector<FrontierRef> r = b.take_refs();
      refs_.insert(refs_.end(), r.begin(), r.end());
    }
    tbb::parallel_sort(refs_.begin(), refs_.end());
  }
  const std::vector<FrontierRef>& refs() const { return refs_; }
  size_t size() const { return refs_.size(); }
  size_t memory_bytes() const {
    size_t n = refs_.capacity() * sizeof(FrontierRef);
    for (const auto& b : buffers_) n += b.memory_bytes();
    return n;
  }

 private:
  std::vector<FrontierBuffer> buffers_;
  std::vector<FrontierRef> refs_;
};

}  // namespace faultline
