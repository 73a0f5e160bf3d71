// The states first reached in the BFS level being generated: fingerprint -> best parent link.
// Sharded by fingerprint, each shard an open-addressing table under its own spin lock, so
// concurrent workers rarely meet. insert() keeps the minimum link (see link.hpp), so that the
// recorded parent does not depend on which worker got there first. Slot arrays are
// ZeroedArrays, so the ones a growing shard leaves behind go back to the system. The key is a
// 64-bit fingerprint (LevelTable) or a 128-bit one (LevelTable128: shards and slots are chosen
// by its first 64 bits, the whole key is compared).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "store/fingerprint.hpp"
#include "store/spin_lock.hpp"
#include "store/zeroed_array.hpp"

namespace faultline {

template <class Key>
class BasicLevelTable {
 public:
  BasicLevelTable() : shards_(kShards), probes_(kShards) {
    for (size_t i = 0; i < kShards; ++i) probes_[i].publish(shards_[i].slots);
  }

  // True when fp is new in this level; otherwise lowers its link to `link` if smaller.
  bool insert(const Key& fp, uint64_t link) {
    const uint64_t bits = placement_bits(fp);
    Shard& s = shards_[bits >> (64 - kShardBits)];
    std::lock_guard<SpinLock> guard(s.lock);
    if ((s.size + 1) * 4 > s.slots.size() * 3) {
      s.grow();
      probes_[bits >> (64 - kShardBits)].publish(s.slots);
    }
    Slot& slot = probe(s, bits, fp);
    if (slot.fp == fp) {
      if (link < slot.link) slot.link = link;
      return false;
    }
    slot = {fp, link};
    ++s.size;
    return true;
  }

  // When fp is already in this level: lowers its link to `link` if smaller and returns true.
  bool lower_if_present(const Key& fp, uint64_t link) {
    const uint64_t bits = placement_bits(fp);
    Shard& s = shards_[bits >> (64 - kShardBits)];
    std::lock_guard<SpinLock> guard(s.lock);
    Slot& slot = probe(s, bits, fp);
    if (slot.fp != fp) return false;
    if (link < slot.link) slot.link = link;
    return true;
  }

  // Brings the slot where the probe of a key with these placement bits starts into cache,
  // without the lock (the shard may be growing: a stale address only makes the prefetch
  // useless, never wrong).
  void prefetch(uint64_t bits) const {
    prefetch_for_write(&shards_[bits >> (64 - kShardBits)]);  // its lock, to be taken
    const Probe& p = probes_[bits >> (64 - kShardBits)];
    const Slot* slots = p.slots.load(std::memory_order_relaxed);
    __builtin_prefetch(slots + home(bits, p.capacity.load(std::memory_order_relaxed)));
  }

  // The final link of a state inserted in this level (call after the level is complete).
  uint64_t link(const Key& fp) const {
    const uint64_t bits = placement_bits(fp);
    const Slot& slot = probe(shards_[bits >> (64 - kShardBits)], bits, fp);
    return slot.fp == fp ? slot.link : ~uint64_t{0};
  }

  // Empties every shard for the next level (in parallel: on a large level this is tens of MiB
  // to zero between levels). A shard keeps its capacity unless the level filled less than 2/5
  // of it: then it shrinks to twice that level's entries, so that the table follows the levels
  // down after the largest one instead of keeping its size to the end.
  void clear() {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, shards_.size(), 16),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i != r.end(); ++i) {
                          Shard& s = shards_[i];
                          const size_t cap = s.slots.size();
                          if (s.size * 5 < cap * 2 && cap > kMinSlots) {
                            s.slots = ZeroedArray<Slot>(std::max(kMinSlots, 2 * s.size));
                            probes_[i].publish(s.slots);
                          } else if (s.size > 0) {
                            std::fill(s.slots.begin(), s.slots.end(), Slot{});
                          }
                          s.size = 0;
                        }
                      });
  }

  size_t memory_bytes() const {
    size_t n = 0;
    for (const auto& s : shards_) n += s.slots.size() * sizeof(Slot);
    return n;
  }

 private:
  // PREFETCHW where the target has it (x86-64 processors since about 2014 do, but the
  // baseline -march leaves __builtin_prefetch(p, 1) a plain read prefetch): the line arrives
  // ready to be written, not shared with the other worker that last held the lock.
  static void prefetch_for_write(const void* p) {
#if defined(__x86_64__)
    asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(p)));
#else
    __builtin_prefetch(p, 1);
#endif
  }
  static constexpr unsigned kShardBits = 10;
  static constexpr size_t kShards = size_t{1} << kShardBits;
  static constexpr size_t kMinSlots = 16;
  // The slot where the probe for placement bits starts: the bits below the shard index mapped
  // onto [0, capacity) (Lemire's fastrange), so capacities need not be powers of two.
  static size_t home(uint64_t bits, size_t capacity) {
    __extension__ using Uint128 = unsigned __int128;
    return static_cast<size_t>((static_cast<Uint128>(bits << kShardBits) * capacity) >> 64);
  }
  static size_t next(size_t i, size_t capacity) { return i + 1 == capacity ? 0 : i + 1; }
  // The slot of shard s holding fp, or the empty slot where its probe ends.
  template <class S>
  static auto& probe(S& s, uint64_t bits, const Key& fp) {
    const size_t cap = s.slots.size();
    for (size_t i = home(bits, cap);; i = next(i, cap)) {
      auto& slot = s.slots[i];
      if (slot.fp == fp || placement_bits(slot.fp) == 0) return slot;
    }
  }
  struct Slot {
    Key fp{};
    uint64_t link = 0;
  };
  struct alignas(64) Shard {  // one cache line each: no false sharing between locks
    SpinLock lock;
    ZeroedArray<Slot> slots = ZeroedArray<Slot>(kMinSlots);
    size_t size = 0;
    // By half, not double: the table keeps the capacity of the largest level, so a smaller
    // step keeps it nearer the 3/4 load it grows at (about 10 MiB less on an 8M-state run).
    void grow() {
      ZeroedArray<Slot> old(slots.size() + slots.size() / 2);
      std::swap(old, slots);
      const size_t cap = slots.size();
      for (const Slot& o : old) {
        if (placement_bits(o.fp) == 0) continue;
        size_t i = home(placement_bits(o.fp), cap);
        while (placement_bits(slots[i].fp) != 0) i = next(i, cap);
        slots[i] = o;
      }
    }
  };
  // A shard's slot array and capacity, for prefetch() to read without the lock while the
  // shard may be growing. Kept apart from the shards: their lines are written on every insert
  // and bounce between workers' caches, these change only when a shard grows.
  struct Probe {
    std::atomic<const Slot*> slots{nullptr};
    std::atomic<size_t> capacity{0};
    void publish(const ZeroedArray<Slot>& s) {
      capacity.store(s.size(), std::memory_order_relaxed);
      slots.store(s.data(), std::memory_order_relaxed);
    }
  };
  std::vector<Shard> shards_;
  std::vector<Probe> probes_;
};

using LevelTable = BasicLevelTable<uint64_t>;
using LevelTable128 = BasicLevelTable<Fingerprint128>;

}  // namespace faultline
