// Picks the explorer for a check: breadth-first (bfs.hpp, parallel, shortest traces) or
// depth-first (dfs.hpp, one worker, memory for the stack proportional to the depth), each
// with the exact, fingerprint (64- or 128-bit) or bitstate visited set; adds the store's
// figures (fingerprint width and collision estimate, bitstate coverage) to the stats.
#pragma once
#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/bfs.hpp"
#include "engine/dfs.hpp"
#include "engine/explore_outcome.hpp"
#include "store/bitstate_store.hpp"
#include "store/dfs_visited.hpp"
#include "store/fingerprint.hpp"
#include "store/fingerprint_store128.hpp"

namespace faultline {

template <Model M>
ExploreOutcome search(const M& model, const CheckOptions& options) {
  const bool dfs = options.strategy == SearchStrategy::Dfs;
  if (!options.bitstate_log2_bits) {
    if (options.store == StoreMode::Fingerprint && options.fingerprint_bits == 128) {
      ExploreOutcome out = dfs ? DfsExplorer<M, DfsFingerprint128Set>(model, options).run()
                               : BfsExplorer<M, FingerprintStore128>(model, options).run();
      Stats& s = out.result.stats;
      s.fingerprint_bits = 128;
      s.collision_probability = fingerprint_collision_probability(s.distinct_states, 128);
      return out;
    }
    if (!dfs) return explore(model, options);
    if (options.store == StoreMode::Exact) return DfsExplorer<M, DfsExactSet>(model, options).run();
    return DfsExplorer<M, DfsFingerprintSet>(model, options).run();
  }
  ExploreOutcome out = dfs ? DfsExplorer<M, DfsBitstateSet>(model, options).run()
                           : BfsExplorer<M, BitstateStore>(model, options).run();
  Stats& s = out.result.stats;
  s.fingerprint_bits = 0;
  s.bitstate_log2_bits = *options.bitstate_log2_bits;
  s.bitstate_hashes = kBitstateHashes;
  s.bitstate_coverage =
      bitstate_expected_coverage(s.distinct_states, s.bitstate_log2_bits, s.bitstate_hashes);
  return out;
}

}  // namespace faultline
