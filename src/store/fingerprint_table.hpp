// The visited set of fingerprint mode: 64-bit fingerprints in open-addressing tables, 8 bytes
// per slot and nothing else (parent links live in the LinkLog). The table is split by the
// fingerprint's top bits into segments that grow one at a time, so growing never holds two
// copies of the whole table. During a BFS level it is only read, concurrently; new states are
// added in bulk between levels, in parallel, after reserve() has made room in each segment,
// so inserts never race with a resize. Slot arrays are ZeroedArrays (mapped when large), so
// the arrays a growing table leaves behind go back to the system. The segmented table is a
// template over its segment, which fingerprint_table128.hpp instantiates with 16-byte slots.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "store/fingerprint.hpp"
#include "store/zeroed_array.hpp"

#include <tbb/parallel_for.h>

namespace faultline {

// Segments are chosen by the fingerprint's top kFingerprintSegmentBits bits.
inline constexpr unsigned kFingerprintSegmentBits = 8;
inline size_t fingerprint_segment_of(uint64_t bits) {
  return static_cast<size_t>(bits >> (64 - kFingerprintSegmentBits));
}
__extension__ using Uint128 = unsigned __int128;

class FingerprintSegment {
 public:
  using Key = uint64_t;
  static constexpr size_t kSlotBytes = sizeof(uint64_t);

  FingerprintSegment() { allocate(16); }

  bool contains(uint64_t fp) const {
    for (size_t i = home(fp);; i = next(i)) {
      uint64_t v = slot(i).load(std::memory_order_relaxed);
      if (v == fp) return true;
      if (v == 0) return false;
    }
  }

  void prefetch(uint64_t fp) const { __builtin_prefetch(&slots_[home(fp)]); }

  // True when fp was not present. Concurrent inserts are safe once reserve() made room.
  bool insert(uint64_t fp) {
    for (size_t i = home(fp);; i = next(i)) {
      uint64_t v = slot(i).load(std::memory_order_relaxed);
      if (v == fp) return false;
      if (v == 0) {
        if (slot(i).compare_exchange_strong(v, fp, std::memory_order_relaxed)) {
          size_.fetch_add(1, std::memory_order_relaxed);
          return true;
        }
        if (v == fp) return false;
      }
    }
  }

  // Makes room for `additional` more entries at a load factor of at most kMaxLoad.
  void reserve_additional(size_t additional) {
    size_t total = size() + additional;
    if (static_cast<double>(total) <= kMaxLoad * static_cast<double>(capacity_)) return;
    size_t cap = capacity_;
    while (static_cast<double>(total) > kMaxLoad * static_cast<double>(cap)) cap += cap / 2;
    ZeroedArray<uint64_t> old = std::move(slots_);
    allocate(cap);
    // One thread owns the segment here, and the keys are distinct: plain stores, no compare.
    size_t n = 0;
    for (uint64_t v : old) {
      if (v == 0) continue;
      size_t i = home(v);
      while (slots_[i] != 0) i = next(i);
      slots_[i] = v;
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
      if (slots_[i] != 0) f(slots_[i]);
  }

 private:
  static constexpr double kMaxLoad = 0.8;

  void allocate(size_t cap) {
    capacity_ = cap;
    slots_ = ZeroedArray<uint64_t>(capacity_);
    size_.store(0, std::memory_order_relaxed);
  }
  // Lemire's fastrange on the bits below the segment index: maps onto [0, capacity).
  size_t home(uint64_t fp) const {
    return static_cast<size_t>((static_cast<Uint128>(fp << kFingerprintSegmentBits) *
                                capacity_) >> 64);
  }
  size_t next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }
  std::atomic_ref<uint64_t> slot(size_t i) const { return std::atomic_ref<uint64_t>(slots_[i]); }

  ZeroedArray<uint64_t> slots_;
  size_t capacity_ = 0;
  std::atomic<size_t> size_{0};
};

// How many of `refs` (sorted by their 64-bit `fp`) fall in each segment: segment bounds found
// by binary search, so a level of any size costs 2^kFingerprintSegmentBits searches.
template <class Refs>
std::vector<size_t> segment_counts_of_sorted(const Refs& refs) {
  std::vector<size_t> counts(size_t{1} << kFingerprintSegmentBits);
  auto from = refs.begin();
  for (size_t s = 0; s < counts.size(); ++s) {
    auto to = s + 1 == counts.size()
                  ? refs.end()
                  : std::partition_point(from, refs.end(), [&](const auto& r) {
                      return fingerprint_segment_of(r.fp) <= s;
                    });
    counts[s] = static_cast<size_t>(to - from);
    from = to;
  }
  return counts;
}

// The segments of a visited table: FingerprintSegment (64-bit keys) or FingerprintSegment128.
// A segment is chosen by the top bits of the key's placement_bits.
template <class Segment>
class SegmentedFingerprintTable {
 public:
  using Key = typename Segment::Key;

  // Segments fill at the same rate (fingerprints are uniform), so equal ones would all grow
  // by half in the same commit, the table's memory jumping by half at once. Their starting
  // capacities are staggered over one growth step instead, so that a few grow at each level.
  SegmentedFingerprintTable() : segments_(size_t{1} << kFingerprintSegmentBits) {
    for (size_t s = 0; s < segments_.size(); ++s)
      segments_[s].start_with_capacity(static_cast<size_t>(
          64.0 * std::pow(1.5, static_cast<double>(s) / static_cast<double>(segments_.size()))));
  }

  static size_t segment_of(uint64_t bits) { return fingerprint_segment_of(bits); }
  bool contains(const Key& fp) const { return segment(fp).contains(fp); }
  bool insert(const Key& fp) { return segment(fp).insert(fp); }
  // For a single-threaded caller inserting one at a time: grows the segment first if full.
  bool insert_growing(const Key& fp) {
    Segment& s = segment(fp);
    s.reserve_additional(1);
    return s.insert(fp);
  }
  // The slot where a lookup of a key with these placement bits starts.
  void prefetch(uint64_t bits) const { segments_[segment_of(bits)].prefetch(bits); }
  // Per-segment room for the fingerprints about to be inserted (segments grow in parallel).
  void reserve_for(const std::vector<size_t>& additional_per_segment) {
    tbb::parallel_for(size_t{0}, segments_.size(), [&](size_t s) {
      segments_[s].reserve_additional(additional_per_segment[s]);
    });
  }
  size_t segments() const { return segments_.size(); }
  template <class F>
  void for_each(F&& f) const {
    for (const Segment& s : segments_) s.for_each(f);
  }

  size_t size() const {
    size_t n = 0;
    for (const auto& s : segments_) n += s.size();
    return n;
  }
  size_t memory_bytes() const {
    size_t n = 0;
    for (const auto& s : segments_) n += s.capacity() * Segment::kSlotBytes;
    return n;
  }

 private:
  Segment& segment(const Key& fp) { return segments_[segment_of(placement_bits(fp))]; }
  const Segment& segment(const Key& fp) const {
    return segments_[segment_of(placement_bits(fp))];
  }
  std::vector<Segment> segments_;
};

using FingerprintTable = SegmentedFingerprintTable<FingerprintSegment>;

}  // namespace faultline
