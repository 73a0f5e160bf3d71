// 64-bit state fingerprints: XXH3 over a state's canonical bytes. 0 is reserved as the
// empty-slot marker of the fingerprint tables, so it is remapped to 1.
#pragma once
#include <cstdint>
#include <string_view>

#include <xxhash.h>

namespace faultline {

inline uint64_t fingerprint(std::string_view bytes) {
  uint64_t h = XXH3_64bits(bytes.data(), bytes.size());
  return h == 0 ? 1 : h;
}

// Probability that some state was missed because its fingerprint equalled an earlier one:
// the n stored fingerprints were each checked against fewer than n others, n^2 / 2^65.
inline double fingerprint_collision_probability(uint64_t distinct) {
  double n = static_cast<double>(distinct);
  return n * n / 36893488147419103232.0;  // 2^65
}

}  // namespace faultline
