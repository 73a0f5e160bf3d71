// Interval symmetry declarations: a model whose behaviour depends on the values of a counter
// (true time and timestamps, terms, ballots, fencing tokens) only through their differences
// and order says so by providing intervals() (the counters, each with a description for the
// summary), interval_values(s, k, out) (every value of counter k that occurs in s) and
// remap_interval(s, k, f) (s with every occurrence v of counter k's values replaced by f(v):
// in node state, inside messages in flight, in ghost variables and histories). Optionally,
// interval_cutoff(s, k): values below it are stale, they matter only by their order (and
// equality) among themselves and by being stale (an old request timestamp a reply is matched
// against, too old to start a lease that would still run). The engine then stores one
// representative per class of states that differ only by such a map
// (src/engine/symmetric_model.hpp): stale values packed just below the cutoff, then all
// values shifted so that the smallest is 0 (canonical_interval_map below).
//
// The maps a declaration covers. For a state s and counter k with values V and cutoff c, a
// map f is allowed for s when f is strictly increasing on V, f(v) = v - d for one shift d and
// every v >= c (the fresh values), and f(v) < c - d for every stale v < c; its results are
// in range for the model's storage (with room for the values actions create). Without
// interval_cutoff every value is fresh: f is a plain shift.
//
// Contract: for every counter k, state s and map f allowed for s, with t = remap_interval(s,
// k, f):
//  - interval_values(t, k) are f applied to interval_values(s, k), and interval_cutoff(t, k)
//    = interval_cutoff(s, k) - d;
//  - actions(t) are, up to order, the actions of s, and their successors are
//    remap_interval(n, k, f) for the successors n of s. Every value an action creates is at
//    least interval_cutoff(s, k) (so f, a shift there, maps it too), and the cutoff never
//    decreases along a step (a stale value stays stale);
//  - every invariant, step property and goal has the same truth value on t as on s (on the
//    transition (t, remap(n)) as on (s, n));
//  - with permutation symmetry too (src/core/symmetry.hpp), remap_interval commutes with
//    permute, and the values and the cutoff do not depend on the permutation;
//  - with several counters, remapping one changes no other's values or cutoff.
// The canonical map of a state is allowed for it (and its inverse for the image), so states
// of one class have successors in the same classes and agree on every property: exploring
// one representative per class finds every class reachable, at its shallowest depth.
// So the contract holds only where the model's behaviour depends on the counter's values
// through differences and order alone: every bound on the counter must be relative (a window
// or a budget kept in the state, such as "a lease runs D ticks from its start"), never an
// absolute cap ("true time <= horizon", "term <= max_term", "ballots 0..B-1"), which would
// enable an action at one value and not at the shifted one. A model with such a cap declares
// no interval (intervals() empty) for that configuration. tests/models check the contract on
// every reachable class of small configurations (check_interval_contract).
#pragma once
#include <algorithm>
#include <cassert>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"

namespace faultline {

struct IntervalDecl {
  std::string name;         // "time"
  std::string description;  // for the summary: "time shifted to start at 0 (...)"
  // Non-empty when the counter grows without bound in the unreduced model, so that its state
  // space is finite only with the shift (or under a depth bound); says which setting made it
  // so, e.g. "params.horizon = 0 (unbounded time)".
  std::string unbounded;
};

// A map allowed for a state (see above): fresh values (>= cutoff) shifted down by `shift`,
// stale values (< cutoff) looked up in `stale` (sorted by old value).
struct IntervalMap {
  int64_t cutoff = std::numeric_limits<int64_t>::min();
  int64_t shift = 0;
  std::vector<std::pair<uint32_t, uint32_t>> stale;

  bool identity() const { return shift == 0 && stale.empty(); }
  uint32_t operator()(uint32_t v) const {
    if (static_cast<int64_t>(v) >= cutoff) return static_cast<uint32_t>(int64_t{v} - shift);
    auto it = std::lower_bound(stale.begin(), stale.end(), std::pair<uint32_t, uint32_t>{v, 0});
    assert(it != stale.end() && it->first == v && "IntervalMap: a stale value not in the map");
    return it->second;
  }
};

template <class M>
concept IntervalSymmetricModel = Model<M> &&
    requires(const M& m, const typename M::State& s, size_t k, std::vector<uint32_t>& values,
             const IntervalMap& f) {
  { m.intervals() } -> std::convertible_to<std::vector<IntervalDecl>>;
  m.interval_values(s, k, values);
  { m.remap_interval(s, k, f) } -> std::same_as<typename M::State>;
};

// Counter k's cutoff in s: the model's, or none (every value fresh).
template <IntervalSymmetricModel M>
int64_t interval_cutoff_of(const M& m, const typename M::State& s, size_t k) {
  if constexpr (requires {
                  { m.interval_cutoff(s, k) } -> std::convertible_to<int64_t>;
                })
    return m.interval_cutoff(s, k);
  else
    return std::numeric_limits<int64_t>::min();
}

// The canonical map of `values` (every occurrence; any order) with this cutoff: the distinct
// stale values, in order, become 0, 1, ..., j-1 and every fresh value v becomes v - (c - j)
// (so the largest stale value sits just below the shifted cutoff); with no stale value the
// fresh values are shifted so that the smallest becomes 0. Two states that differ by an
// allowed map get the same image. `values` is sorted in place.
inline IntervalMap canonical_interval_map(std::vector<uint32_t>& values, int64_t cutoff) {
  IntervalMap f;
  f.cutoff = cutoff;
  if (values.empty()) return f;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  const auto first_fresh = std::lower_bound(values.begin(), values.end(), cutoff,
                                            [](uint32_t v, int64_t c) { return int64_t{v} < c; });
  const auto stale_count = static_cast<int64_t>(first_fresh - values.begin());
  for (auto it = values.begin(); it != first_fresh; ++it)
    f.stale.emplace_back(*it, static_cast<uint32_t>(it - values.begin()));
  f.shift = stale_count > 0 ? cutoff - stale_count : int64_t{values.front()};
  return f;
}

}  // namespace faultline
