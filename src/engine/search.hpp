// Picks the explorer for a check: breadth-first (bfs.hpp, parallel, shortest traces) or
// depth-first (dfs.hpp, one worker, memory for the stack proportional to the depth), each
// with the exact, fingerprint (64- or 128-bit) or bitstate visited set (each reports its own
// figures: fingerprint width and collision estimate, bitstate coverage).
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
  if (options.bitstate_log2_bits)
    return dfs ? DfsExplorer<M, DfsBitstateSet>(model, options).run()
               : BfsExplorer<M, BitstateStore>(model, options).run();
  if (options.store == StoreMode::Fingerprint && options.fingerprint_bits == 128)
    return dfs ? DfsExplorer<M, DfsFingerprint128Set>(model, options).run()
               : BfsExplorer<M, FingerprintStore128>(model, options).run();
  if (!dfs) return explore(model, options);
  if (options.store == StoreMode::Exact) return DfsExplorer<M, DfsExactSet>(model, options).run();
  return DfsExplorer<M, DfsFingerprintSet>(model, options).run();
}

}  // namespace faultline
