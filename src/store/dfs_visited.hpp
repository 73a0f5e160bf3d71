// Visited sets for depth-first search, one insert at a time. insert() says whether a state is
// new, already visited, or visited before but only deeper: under a depth bound, a state first
// met near the bound must be explored again when met at a shallower depth, or states within
// the bound would be missed (so the bounded sets remember each state's smallest depth).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/check_types.hpp"
#include "store/bitstate_store.hpp"
#include "store/fingerprint.hpp"
#include "store/fingerprint_table.hpp"
#include "store/fingerprint_table128.hpp"
#include "store/store_stats.hpp"

namespace faultline {

enum class DfsVisit { Old, New, Shallower };

// Fingerprints only; without a depth bound the 8-byte-per-slot table, with one a map that
// also keeps the depth.
class DfsFingerprintSet {
 public:
  explicit DfsFingerprintSet(const CheckOptions& options) : bounded_(options.max_depth) {}
  DfsVisit insert(uint64_t fp, std::string_view, uint32_t depth) {
    if (!bounded_) return table_.insert_growing(fp) ? DfsVisit::New : DfsVisit::Old;
    auto [it, fresh] = depths_.try_emplace(fp, depth);
    if (fresh) return DfsVisit::New;
    if (depth >= it->second) return DfsVisit::Old;
    it->second = depth;
    return DfsVisit::Shallower;
  }
  void add_stats(Stats& s) const { add_fingerprint_stats(s, 64); }

 private:
  bool bounded_;
  FingerprintTable table_;
  std::unordered_map<uint64_t, uint32_t> depths_;
};

// 128-bit fingerprints (the 64-bit one plus a second hash of the bytes): without a depth
// bound the 16-byte-per-slot table, with one a map that also keeps the depth.
class DfsFingerprint128Set {
 public:
  explicit DfsFingerprint128Set(const CheckOptions& options) : bounded_(options.max_depth) {}
  DfsVisit insert(uint64_t fp, std::string_view bytes, uint32_t depth) {
    const Fingerprint128 key = fingerprint128(fp, bytes);
    if (!bounded_) return table_.insert_growing(key) ? DfsVisit::New : DfsVisit::Old;
    auto [it, fresh] = depths_.try_emplace(key, depth);
    if (fresh) return DfsVisit::New;
    if (depth >= it->second) return DfsVisit::Old;
    it->second = depth;
    return DfsVisit::Shallower;
  }
  void add_stats(Stats& s) const { add_fingerprint_stats(s, 128); }

 private:
  struct Hash {
    size_t operator()(const Fingerprint128& fp) const { return fp.hi; }  // already a hash
  };
  bool bounded_;
  FingerprintTable128 table_;
  std::unordered_map<Fingerprint128, uint32_t, Hash> depths_;
};

// Whole states (their canonical bytes) with their smallest depth (used under a depth bound).
class DfsExactSet {
 public:
  explicit DfsExactSet(const CheckOptions& options) : bounded_(options.max_depth) {}
  DfsVisit insert(uint64_t, std::string_view bytes, uint32_t depth) {
    auto [it, fresh] = depths_.try_emplace(std::string(bytes), depth);
    if (fresh) return DfsVisit::New;
    if (!bounded_ || depth >= it->second) return DfsVisit::Old;
    it->second = depth;
    return DfsVisit::Shallower;
  }
  void add_stats(Stats& s) const { add_exact_stats(s); }

 private:
  bool bounded_;
  std::unordered_map<std::string, uint32_t> depths_;
};

// Bitstate hashing: no depth can be kept, so under a depth bound a state first met deeper
// is not explored again (one more way bitstate search may omit states).
class DfsBitstateSet {
 public:
  explicit DfsBitstateSet(const CheckOptions& options) : bits_(options) {}
  DfsVisit insert(uint64_t fp, std::string_view, uint32_t) {
    return bits_.insert(fp) ? DfsVisit::New : DfsVisit::Old;
  }
  void add_stats(Stats& s) const { bits_.add_stats(s); }

 private:
  BitstateStore bits_;
};

}  // namespace faultline
