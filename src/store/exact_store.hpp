// Exact mode: every visited state is kept whole (its canonical bytes), so no state can be
// missed through a fingerprint collision. Slower and larger; the cross-check for
// fingerprint mode. Sharded by fingerprint; the visited shards are only read during a level.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/checked_file.hpp"
#include "store/spin_lock.hpp"
#include "store/store_stats.hpp"

namespace faultline {

class ExactStore {
 public:
  // Distinct states may share a fingerprint: the engine tells them apart by their bytes.
  static constexpr bool kLevelFpsMayRepeat = true;

  ExactStore() : visited_(kShards), level_(kShards) {}

  void prefetch_level(uint64_t) const {}
  void prefetch_visited(uint64_t) const {}

  // What the calls below identify a state by: its bytes, and their fingerprint for the shard.
  struct Key {
    uint64_t fp;
    std::string_view bytes;
  };
  Key key(uint64_t fp, std::string_view bytes) const { return {fp, bytes}; }
  bool seen(const Key& k) const {
    const auto& set = visited_[shard(k.fp)];
    return set.find(k.bytes) != set.end();
  }
  // Reached before in the current level? Then keeps the smaller of the two links.
  bool level_known(const Key& k, uint64_t link) {
    LevelShard& s = level_[shard(k.fp)];
    std::lock_guard<SpinLock> guard(s.lock);
    auto it = s.links.find(k.bytes);
    if (it == s.links.end()) return false;
    if (link < it->second) it->second = link;
    return true;
  }
  bool level_insert(const Key& k, uint64_t link) {
    const std::string_view bytes = k.bytes;
    LevelShard& s = level_[shard(k.fp)];
    std::lock_guard<SpinLock> guard(s.lock);
    auto it = s.links.find(bytes);
    if (it == s.links.end()) {
      s.links.emplace(std::string(bytes), link);
      return true;
    }
    if (link < it->second) it->second = link;
    return false;
  }
  uint64_t level_link(const Key& k) const {
    const LevelShard& s = level_[shard(k.fp)];
    auto it = s.links.find(k.bytes);
    return it == s.links.end() ? ~uint64_t{0} : it->second;
  }

  template <class Refs>
  void reserve(const Refs&) {}
  void commit(const Key& k) {
    const std::string_view bytes = k.bytes;
    VisitedShard& s = visited_[shard(k.fp)];
    std::lock_guard<SpinLock> guard(s.lock);
    s.emplace(bytes);
    ++s.count;
  }
  void end_level() {
    for (auto& s : level_) s.links.clear();
  }

  size_t size() const {
    size_t n = 0;
    for (const auto& s : visited_) n += s.count;
    return n;
  }
  // A checkpoint's visited part (engine/checkpoint.hpp): every state's bytes with its shard,
  // and back.
  void save(CheckedWriter& out) const {
    for (uint32_t k = 0; k < kShards; ++k)
      for (const std::string& bytes : visited_[k]) {
        out.u32(k);
        out.u32(static_cast<uint32_t>(bytes.size()));
        out.write(bytes.data(), bytes.size());
      }
  }
  void load(CheckedReader& in, uint64_t count) {
    std::string bytes;
    for (uint64_t i = 0; i < count; ++i) {
      const uint32_t k = in.u32(), size = in.u32();
      if (k >= kShards || size > kMaxStateBytes) throw SpecError(in.path() + ": not a state");
      bytes.resize(size);
      in.read(bytes.data(), size);
      visited_[k].emplace(bytes);
      ++visited_[k].count;
    }
  }
  void add_stats(Stats& s) const { add_exact_stats(s); }
  size_t memory_bytes() const {
    size_t n = 0;
    for (const auto& s : visited_) n += s.count * (sizeof(std::string) + 32 + s.bytes);
    return n;
  }

 private:
  static constexpr size_t kShards = 256;
  static constexpr uint32_t kMaxStateBytes = 1u << 30;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  struct VisitedShard : std::unordered_set<std::string, Hash, Equal> {
    SpinLock lock;
    size_t count = 0;
    size_t bytes = 0;
    void emplace(std::string_view v) {
      if (std::unordered_set<std::string, Hash, Equal>::emplace(v).second) bytes += v.size();
    }
  };
  struct LevelShard {
    SpinLock lock;
    std::unordered_map<std::string, uint64_t, Hash, Equal> links;
  };
  static size_t shard(uint64_t fp) { return fp % kShards; }

  std::vector<VisitedShard> visited_;
  std::vector<LevelShard> level_;
};

}  // namespace faultline
