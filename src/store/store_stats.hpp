// What a visited store reports about itself in a run's statistics (store_concepts.hpp in
// src/engine: add_stats): the fingerprint stores their width and the chance of a collision,
// the exact store none; the bitstate store its own (bitstate_store.hpp).
#pragma once
#include "core/check_types.hpp"
#include "store/fingerprint.hpp"

namespace faultline {

// After s.distinct_states is set.
inline void add_fingerprint_stats(Stats& s, unsigned bits) {
  s.store = StoreMode::Fingerprint;
  s.fingerprint_bits = bits;
  s.collision_probability = fingerprint_collision_probability(s.distinct_states, bits);
}
inline void add_exact_stats(Stats& s) {
  s.store = StoreMode::Exact;
  s.fingerprint_bits = 0;
  s.collision_probability = 0;
}

}  // namespace faultline
