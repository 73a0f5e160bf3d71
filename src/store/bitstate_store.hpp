// Bitstate hashing (Holzmann's supertrace): the visited set is a bit array of 2^N bits and a
// state counts as visited when all k bits its fingerprint selects are set. A few bits per
// state instead of a fingerprint, so far larger spaces fit in memory, at the price that a new
// state whose k bits happen to be set already is taken for visited and not explored. The k
// bit indices come from the 64-bit fingerprint by double hashing (h1 + i*h2).
//
// For BFS it offers the level interface of FingerprintStore (bits are read during a level and
// set between levels, so the result does not depend on the worker count); for DFS, insert().
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/check_types.hpp"
#include "store/level_table.hpp"

namespace faultline {

inline constexpr unsigned kBitstateHashes = 3;  // SPIN's default -k 3

// Expected fraction of n stored states that were kept, with m bits and k hash functions:
// the i-th insertion is lost with probability (1 - e^{-k i/m})^k (the chance that its k bits
// were all set by the i earlier states), so coverage = 1 - (1/n) sum_i (1 - e^{-k i/m})^k,
// computed as an integral. n is the number of states stored, so the estimate is optimistic
// when many states were lost.
inline double bitstate_expected_coverage(uint64_t n, unsigned log2_bits, unsigned k) {
  if (n == 0) return 1.0;
  const double m = std::ldexp(1.0, static_cast<int>(log2_bits));
  const double nd = static_cast<double>(n);
  const double kd = k;
  constexpr int kSteps = 2000;
  double lost = 0;
  for (int j = 0; j < kSteps; ++j) {
    double i = (j + 0.5) * nd / kSteps;
    lost += std::pow(1.0 - std::exp(-kd * i / m), kd);
  }
  return 1.0 - lost / kSteps;
}

class BitstateStore {
 public:
  static constexpr bool kLevelFpsMayRepeat = false;

  explicit BitstateStore(const CheckOptions& options)
      : log2_bits_(options.bitstate_log2_bits.value_or(27)),
        words_(std::make_unique<std::atomic<uint64_t>[]>(word_count())) {}

  // --- BFS level interface (as FingerprintStore) ---
  void prefetch_level(uint64_t fp) const { level_.prefetch(fp); }
  void prefetch_visited(uint64_t fp) const { __builtin_prefetch(&words_[bit_index(fp, 0) >> 6]); }
  using Key = uint64_t;
  Key key(uint64_t fp, std::string_view) const { return fp; }
  bool seen(Key fp) const {
    for (unsigned i = 0; i < kBitstateHashes; ++i) {
      uint64_t b = bit_index(fp, i);
      if (!(words_[b >> 6].load(std::memory_order_relaxed) & (uint64_t{1} << (b & 63))))
        return false;
    }
    return true;
  }
  bool level_known(Key fp, uint64_t link) { return level_.lower_if_present(fp, link); }
  bool level_insert(Key fp, uint64_t link) { return level_.insert(fp, link); }
  uint64_t level_link(Key fp) const { return level_.link(fp); }
  template <class Refs>
  void reserve(const Refs&) {}
  void commit(Key fp) { insert(fp); }
  void end_level() { level_.clear(); }

  // --- DFS interface: sets the state's bits; true when at least one was clear (new) ---
  bool insert(uint64_t fp) {
    bool fresh = false;
    for (unsigned i = 0; i < kBitstateHashes; ++i) {
      uint64_t b = bit_index(fp, i);
      uint64_t mask = uint64_t{1} << (b & 63);
      if (!(words_[b >> 6].fetch_or(mask, std::memory_order_relaxed) & mask)) fresh = true;
    }
    return fresh;
  }

  unsigned log2_bits() const { return log2_bits_; }
  // No fingerprints kept: the bit array's size, hashes and expected coverage.
  void add_stats(Stats& s) const {
    s.store = StoreMode::Fingerprint;
    s.fingerprint_bits = 0;
    s.collision_probability = 0;
    s.bitstate_log2_bits = log2_bits_;
    s.bitstate_hashes = kBitstateHashes;
    s.bitstate_coverage = bitstate_expected_coverage(s.distinct_states, log2_bits_, kBitstateHashes);
  }
  size_t memory_bytes() const { return word_count() * sizeof(uint64_t) + level_.memory_bytes(); }

 private:
  size_t word_count() const { return size_t{1} << (log2_bits_ - 6); }
  // The i-th bit of fp: double hashing with h2 a remix of fp (odd, so the k indices differ).
  uint64_t bit_index(uint64_t fp, unsigned i) const {
    uint64_t h2 = fp * 0x9E3779B97F4A7C15ULL;
    h2 ^= h2 >> 29;
    h2 |= 1;
    return (fp + i * h2) >> (64 - log2_bits_);
  }

  unsigned log2_bits_;
  std::unique_ptr<std::atomic<uint64_t>[]> words_;
  LevelTable level_;
};

}  // namespace faultline
