// 128-bit fingerprint mode: as FingerprintStore, but each state is remembered by a 128-bit
// fingerprint (16 bytes a slot in the visited table): the engine's 64-bit fingerprint plus a
// second, independent 64-bit hash of the state's bytes, computed here from the bytes the
// engine passes along. For runs so large that the 64-bit collision estimate (n^2 / 2^65)
// is no longer negligible: 128 bits make it n^2 / 2^129.
//
// Two distinct states of one level may then share their 64-bit fingerprint (and so their
// position in the level's fingerprint order): kLevelFpsMayRepeat tells the engine to tell
// them apart by their bytes.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/checked_file.hpp"
#include "store/fingerprint.hpp"
#include "store/fingerprint_table128.hpp"
#include "store/level_table.hpp"
#include "store/store_stats.hpp"

namespace faultline {

class FingerprintStore128 {
 public:
  static constexpr bool kLevelFpsMayRepeat = true;

  // The level-table slot and the visited slot a lookup of fp will read first (both tables
  // place a 128-bit key by its first half, fp).
  void prefetch_level(uint64_t fp) const { level_.prefetch(fp); }
  void prefetch_visited(uint64_t fp) const { visited_.prefetch(fp); }
  // What the calls below identify a state by: its 128-bit fingerprint (the second half hashed
  // here, once per lookup or commit).
  using Key = Fingerprint128;
  Key key(uint64_t fp, std::string_view bytes) const { return fingerprint128(fp, bytes); }
  // Visited in an earlier level? (read-only during a level)
  bool seen(const Key& fp) const { return visited_.contains(fp); }
  // Reached before in the current level? Then keeps the smaller of the two links.
  bool level_known(const Key& fp, uint64_t link) { return level_.lower_if_present(fp, link); }
  // New in the current level? Otherwise keeps the smaller of the two links.
  bool level_insert(const Key& fp, uint64_t link) { return level_.insert(fp, link); }
  uint64_t level_link(const Key& fp) const { return level_.link(fp); }

  // Between levels (refs sorted by fingerprint): make room, add the level's states
  // (concurrently), then forget the level.
  template <class Refs>
  void reserve(const Refs& refs) {
    visited_.reserve_for(segment_counts_of_sorted(refs));
  }
  void commit(const Key& fp) { visited_.insert(fp); }
  void end_level() { level_.clear(); }

  size_t size() const { return visited_.size(); }
  // A checkpoint's visited part (engine/checkpoint.hpp): every fingerprint, and back.
  void save(CheckedWriter& out) const {
    visited_.for_each([&](const Fingerprint128& fp) {
      out.u64(fp.hi);
      out.u64(fp.lo);
    });
  }
  void load(CheckedReader& in, uint64_t count) {
    for (uint64_t i = 0; i < count; ++i) {
      Fingerprint128 fp;
      fp.hi = in.u64();
      fp.lo = in.u64();
      if (fp.hi == 0 || fp.lo == 0) throw SpecError(in.path() + ": not a fingerprint");
      visited_.insert_growing(fp);
    }
  }
  size_t memory_bytes() const { return visited_.memory_bytes() + level_.memory_bytes(); }
  void add_stats(Stats& s) const { add_fingerprint_stats(s, 128); }

 private:
  FingerprintTable128 visited_;
  LevelTable128 level_;
};

}  // namespace faultline
