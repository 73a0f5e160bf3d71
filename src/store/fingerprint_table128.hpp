// The visited set of 128-bit fingerprint mode: the FingerprintTable layout (segments chosen by
// the top bits, open addressing, 0.8 maximum load, segments grown one at a time) with 16-byte
// slots holding both halves of a Fingerprint128. The slot and segment come from the first
// half (the engine's 64-bit fingerprint), so the table is spread exactly as the 64-bit one;
// a match needs both halves equal. During a BFS level it is only read; inserts run between
// levels (in parallel, after reserve_for) or one at a time (insert_growing, for DFS).
//
// An insert claims a slot by a compare-and-swap of its first half, then writes the second
// half; a concurrent insert that meets a claimed slot whose second half is not written yet
// (still 0: the second half is never 0) waits for it before comparing. Slot arrays are
// ZeroedArrays (mapped when large), as in FingerprintTable.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "store/fingerprint.hpp"
#include "store/fingerprint_table.hpp"
#include "store/spin_lock.hpp"
#include "store/zeroed_array.hpp"

namespace faultline {

class FingerprintSegment128 {
 public:
  using Key = Fingerprint128;
  static constexpr size_t kSlotBytes = 2 * sizeof(uint64_t);

  FingerprintSegment128() { allocate(16); }

  bool contains(const Fingerprint128& fp) const {
    for (size_t i = home(fp.hi);; i = next(i)) {
      uint64_t v = hi(i).load(std::memory_order_relaxed);
      if (v == 0) return false;
      if (v == fp.hi && settled_lo(i) == fp.lo) return true;
    }
  }

  void prefetch(uint64_t hi) const { __builtin_prefetch(&slots_[home(hi)]); }

  // True when fp was not present. Concurrent inserts are safe once reserve() made room.
  bool insert(const Fingerprint128& fp) {
    for (size_t i = home(fp.hi);; i = next(i)) {
      uint64_t v = hi(i).load(std::memory_order_relaxed);
      if (v == 0) {
        if (hi(i).compare_exchange_strong(v, fp.hi, std::memory_order_acq_rel)) {
          lo(i).store(fp.lo, std::memory_order_release);
          size_.fetch_add(1, std::memory_order_relaxed);
          return true;
        }
        // Lost the race for this slot: v now holds the winner's first half.
      }
      if (v == fp.hi && settled_lo(i) == fp.lo) return false;
    }
  }

  // Makes room for `additional` more entries at a load factor of at most kMaxLoad.
  void reserve_additional(size_t additional) {
    size_t total = size() + additional;
    if (static_cast<double>(total) <= kMaxLoad * static_cast<double>(capacity_)) return;
    size_t cap = capacity_;
    while (static_cast<double>(total) > kMaxLoad * static_cast<double>(cap)) cap += cap / 2;
    ZeroedArray<Slot> old = std::move(slots_);
    allocate(cap);
    // One thread owns the segment here, and the keys are distinct: plain stores, no compare.
    size_t n = 0;
    for (const Slot& o : old) {
      if (o.hi == 0) continue;
      size_t i = home(o.hi);
      while (slots_[i].hi != 0) i = next(i);
      slots_[i] = o;
      ++n;
    }
    size_.store(n, std::memory_order_relaxed);
  }

  size_t size() const { return size_.load(std::memory_order_relaxed); }
  size_t capacity() const { return capacity_; }
  // Replaces the (empty) segment's slots by `cap` of them.
  void start_with_capacity(size_t cap) { allocate(cap); }
  // f(key) for every key held (between levels: a checkpoint's dump).
  template <class F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < capacity_; ++i)
      if (slots_[i].hi != 0) f(Fingerprint128{slots_[i].hi, slots_[i].lo});
  }

 private:
  static constexpr double kMaxLoad = 0.8;
  struct Slot {
    uint64_t hi;
    uint64_t lo;
  };

  std::atomic_ref<uint64_t> hi(size_t i) const { return std::atomic_ref<uint64_t>(slots_[i].hi); }
  std::atomic_ref<uint64_t> lo(size_t i) const { return std::atomic_ref<uint64_t>(slots_[i].lo); }
  // The second half of a claimed slot, once its inserter has written it.
  uint64_t settled_lo(size_t i) const {
    uint64_t v;
    SpinWait wait;
    while ((v = lo(i).load(std::memory_order_acquire)) == 0) wait.once();
    return v;
  }

  void allocate(size_t cap) {
    capacity_ = cap;
    slots_ = ZeroedArray<Slot>(capacity_);
    size_.store(0, std::memory_order_relaxed);
  }
  // Lemire's fastrange on the bits below the segment index: maps onto [0, capacity).
  size_t home(uint64_t hi) const {
    return static_cast<size_t>((static_cast<Uint128>(hi << kFingerprintSegmentBits) * capacity_) >>
                               64);
  }
  size_t next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }

  ZeroedArray<Slot> slots_;
  size_t capacity_ = 0;
  std::atomic<size_t> size_{0};
};

using FingerprintTable128 = SegmentedFingerprintTable<FingerprintSegment128>;

}  // namespace faultline
