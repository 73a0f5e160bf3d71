// Node signatures: an optional model hook that makes canonicalization under permutation
// symmetry cheap. Without it the engine encodes every permutation the model declares and keeps
// the smallest (n! of them: 6 for 3 nodes, 120 for 5). A model that provides
// symmetry_signatures(s, sigs) gives each node a value that renaming does not change; the
// engine then tries only the permutations that order each group's nodes by signature (with
// every order among nodes of equal signature).
//
// Why that is still one representative per class: with signatures invariant (the node that
// p renames i to has i's signature in permute(s, p)), the sorting permutations of
// t = permute(s, q) are exactly those of s composed with q^-1, so they produce the same set of
// states from every member of a class, and the smallest encoding among that set is a class
// function. Class counts are the same as with all permutations; only the representative may
// differ. Where all signatures differ, one permutation is tried instead of n!.
//
// Contract (checked by tests/models on every reachable state of small configurations):
// sigs has symmetry().size entries, all 0 on entry; afterwards, for every allowed p,
// sigs(permute(s, p))[p[i]] == sigs(s)[i]. Any such function is correct; the more nodes it
// tells apart, the fewer permutations are tried. The argument also needs permute to compose
// (permuting by q, then p, is permuting by i -> p[q[i]]), which the same tests check.
#pragma once
#include <algorithm>
#include <bit>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/encoding.hpp"
#include "core/symmetry.hpp"

namespace faultline {

template <class M>
concept SignedSymmetricModel = SymmetricModel<M> &&
    requires(const M& m, const typename M::State& s, std::vector<uint64_t>& sigs) {
  m.symmetry_signatures(s, sigs);
};

// A 64-bit mixer (splitmix64's finalizer), for the parts of a signature that are summed (so
// that their order does not matter): distinct inputs rarely collide, and a collision only
// costs permutations tried, never correctness.
constexpr uint64_t signature_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// h extended by v, order-sensitive, for a node's fields taken in a fixed order: one multiply
// (FxHash's step), as signatures are computed for every state generated. For a given h it is
// one-to-one in v.
constexpr uint64_t signature_add(uint64_t h, uint64_t v) {
  return (std::rotl(h, 5) ^ v) * 0x517cc1b727220a95ULL;
}

// A signature of a byte string (a message's encoding, say).
inline uint64_t signature_of_bytes(std::string_view bytes) {
  uint64_t h = bytes.size();
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, std::min<size_t>(8, bytes.size() - i));
    h = signature_add(h, word);
  }
  return h;
}

// A signature of a value: its bytes where they determine it (no padding; small messages),
// else its canonical encoding's.
template <class T>
uint64_t signature_of_value(const T& value) {
  if constexpr (std::has_unique_object_representations_v<T>) {
    return signature_of_bytes(
        std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
  } else {
    thread_local ByteSink sink;
    sink.clear();
    value.encode(sink);
    return signature_of_bytes(sink.view());
  }
}

// Calls f(p) for each permutation that sorts every group of `decl` by signature: group
// member at sorted position r (by signature) is renamed to the group's r-th smallest index,
// and within a run of equal signatures every order is tried. Indices in no group stay
// fixed. The number of calls is the product of the factorials of the runs' lengths.
template <class F>
void for_each_sorting_permutation(const SymmetryDecl& decl, const std::vector<uint64_t>& sigs,
                                  F&& f) {
  thread_local Permutation p;
  thread_local std::vector<uint8_t> from, to;             // flat over groups: old index, target
  thread_local std::vector<std::pair<size_t, size_t>> runs;  // [begin, end) into from/to, len>1
  p.resize(decl.size);
  for (unsigned i = 0; i < decl.size; ++i) p[i] = static_cast<uint8_t>(i);
  from.clear();
  to.clear();
  runs.clear();
  for (const auto& group : decl.groups) {
    const size_t base = from.size();
    from.insert(from.end(), group.begin(), group.end());
    to.insert(to.end(), group.begin(), group.end());
    std::sort(to.begin() + static_cast<std::ptrdiff_t>(base), to.end());
    // By signature, then index: each run of equal signatures starts sorted, ready for
    // next_permutation to visit all its orders.
    std::sort(from.begin() + static_cast<std::ptrdiff_t>(base), from.end(),
              [&](uint8_t a, uint8_t b) { return std::pair(sigs[a], a) < std::pair(sigs[b], b); });
    for (size_t b = base; b < from.size();) {
      size_t e = b + 1;
      while (e < from.size() && sigs[from[e]] == sigs[from[b]]) ++e;
      if (e - b > 1) runs.push_back({b, e});
      b = e;
    }
  }
  for (;;) {
    for (size_t r = 0; r < from.size(); ++r) p[from[r]] = to[r];
    f(static_cast<const Permutation&>(p));
    // Odometer over the runs: advance the last run; when it wraps (back to sorted), carry
    // into the one before; done when every run has wrapped.
    auto advance = [&](const std::pair<size_t, size_t>& run) {
      return std::next_permutation(from.begin() + static_cast<std::ptrdiff_t>(run.first),
                                   from.begin() + static_cast<std::ptrdiff_t>(run.second));
    };
    size_t k = runs.size();
    while (k > 0 && !advance(runs[k - 1])) --k;
    if (k == 0) return;
  }
}

}  // namespace faultline
