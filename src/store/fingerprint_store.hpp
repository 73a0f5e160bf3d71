// Fingerprint mode: states are remembered by their 64-bit fingerprint only (8 bytes each in
// the visited table). Fast and small; a collision could hide a state, with the probability
// the summary reports.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/checked_file.hpp"
#include "store/fingerprint_table.hpp"
#include "store/store_stats.hpp"
#include "store/level_table.hpp"

namespace faultline {

class FingerprintStore {
 public:
  // A level's states have distinct fingerprints (equal ones are one state to this store).
  static constexpr bool kLevelFpsMayRepeat = false;

  // The level-table slot and the visited slot a lookup of fp will read first.
  void prefetch_level(uint64_t fp) const { level_.prefetch(fp); }
  void prefetch_visited(uint64_t fp) const { visited_.prefetch(fp); }
  // What the calls below identify a state by: here its fingerprint.
  using Key = uint64_t;
  Key key(uint64_t fp, std::string_view) const { return fp; }
  // Visited in an earlier level? (read-only during a level)
  bool seen(Key fp) const { return visited_.contains(fp); }
  // Reached before in the current level? Then keeps the smaller of the two links.
  bool level_known(Key fp, uint64_t link) { return level_.lower_if_present(fp, link); }
  // New in the current level? Otherwise keeps the smaller of the two links.
  bool level_insert(Key fp, uint64_t link) { return level_.insert(fp, link); }
  uint64_t level_link(Key fp) const { return level_.link(fp); }

  // Between levels (refs sorted by fingerprint): make room, add the level's states
  // (concurrently), then forget the level.
  template <class Refs>
  void reserve(const Refs& refs) {
    visited_.reserve_for(segment_counts_of_sorted(refs));
  }
  void commit(Key fp) { visited_.insert(fp); }
  void end_level() { level_.clear(); }

  size_t size() const { return visited_.size(); }
  // A checkpoint's visited part (engine/checkpoint.hpp): every fingerprint, and back.
  void save(CheckedWriter& out) const { visited_.for_each([&](uint64_t fp) { out.u64(fp); }); }
  void load(CheckedReader& in, uint64_t count) {
    for (uint64_t i = 0; i < count; ++i) visited_.insert_growing(in.u64());
  }
  void add_stats(Stats& s) const { add_fingerprint_stats(s, 64); }
  size_t memory_bytes() const { return visited_.memory_bytes() + level_.memory_bytes(); }

 private:
  FingerprintTable visited_;
  LevelTable level_;
};

}  // namespace faultline
