// State fingerprints: the 64-bit XXH3 hash of a state's canonical bytes, and for 128-bit mode
// a second, independent 64-bit XXH3 hash (seeded) that stores compare together with it. 0 is
// reserved as the empty-slot marker of the fingerprint tables, so it is remapped to 1.
#pragma once
#include <cmath>
#include <cstdint>
#include <string_view>

#include <xxhash.h>

namespace faultline {

inline uint64_t fingerprint(std::string_view bytes) {
  uint64_t h = XXH3_64bits(bytes.data(), bytes.size());
  return h == 0 ? 1 : h;
}

// The second half of a 128-bit fingerprint: XXH3 with a fixed seed, so it is independent of
// fingerprint() (which the engine keeps using to sort levels and give states their ids).
inline constexpr uint64_t kFingerprintExtensionSeed = 0x9E3779B97F4A7C15ULL;
inline uint64_t fingerprint_extension(std::string_view bytes) {
  uint64_t h = XXH3_64bits_withSeed(bytes.data(), bytes.size(), kFingerprintExtensionSeed);
  return h == 0 ? 1 : h;
}

// A 128-bit fingerprint: hi is fingerprint(bytes), lo is fingerprint_extension(bytes).
struct Fingerprint128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  bool operator==(const Fingerprint128&) const = default;
};

// The 64 bits of a table key that place it (segment, shard, slot); 0 marks an empty slot.
inline uint64_t placement_bits(uint64_t fp) { return fp; }
inline uint64_t placement_bits(const Fingerprint128& fp) { return fp.hi; }

inline Fingerprint128 fingerprint128(uint64_t fp, std::string_view bytes) {
  return {fp, fingerprint_extension(bytes)};
}

// Probability that some state was missed because its fingerprint equalled an earlier one:
// the n stored fingerprints of `bits` bits were each checked against fewer than n others,
// so at most n^2 / 2^(bits+1): n^2 / 2^65 for 64 bits, n^2 / 2^129 for 128 bits.
inline double fingerprint_collision_probability(uint64_t distinct, unsigned bits = 64) {
  double n = static_cast<double>(distinct);
  return std::ldexp(n * n, -static_cast<int>(bits + 1));
}

}  // namespace faultline
