// The interfaces the engines require of their visited stores, as concepts (one declared
// interface per engine instead of duck typing). Each store also reports its own statistics
// (its mode, fingerprint width and collision estimate, or bitstate coverage: add_stats), so
// an engine needs to know nothing of the store it was given.
//  - LevelStore: what breadth-first search (engine/bfs.hpp) needs, a store read during a level
//    and written between levels (FingerprintStore, FingerprintStore128, ExactStore,
//    BitstateStore).
//  - VisitedSet: what depth-first search (engine/dfs.hpp) needs, one insert at a time
//    (store/dfs_visited.hpp).
#pragma once
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/check_types.hpp"
#include "engine/frontier_spill.hpp"
#include "store/dfs_visited.hpp"

namespace faultline {

template <class S>
concept ReportsStoreStats = requires(const S& cs, Stats& stats) {
  cs.add_stats(stats);  // after stats.distinct_states is set
};

template <class S>
concept LevelStore =
    ReportsStoreStats<S> &&
    requires(S& s, const S& cs, uint64_t fp, std::string_view bytes, const typename S::Key& key,
             uint64_t link, std::span<const FrontierRef> refs) {
      { S::kLevelFpsMayRepeat } -> std::convertible_to<bool>;  // equal fps, distinct states
      cs.prefetch_level(fp);
      cs.prefetch_visited(fp);
      { cs.key(fp, bytes) } -> std::same_as<typename S::Key>;
      { cs.seen(key) } -> std::same_as<bool>;             // in an earlier level
      { s.level_known(key, link) } -> std::same_as<bool>;  // reached in this level
      { s.level_insert(key, link) } -> std::same_as<bool>; // new in this level
      { cs.level_link(key) } -> std::same_as<uint64_t>;
      s.reserve(refs);  // between levels: room for the level, then commit each, then end_level
      s.commit(key);
      s.end_level();
      { cs.memory_bytes() } -> std::convertible_to<size_t>;
    };

template <class S>
concept VisitedSet = ReportsStoreStats<S> && requires(S& s, uint64_t fp, std::string_view bytes,
                                                      uint32_t depth) {
  { s.insert(fp, bytes, depth) } -> std::same_as<DfsVisit>;
};

}  // namespace faultline
