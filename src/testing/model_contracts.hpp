// The model contracts as GoogleTest checks, for faultline's own model tests and for a model of
// yours (installed as faultline/testing/model_contracts.hpp): the encoding round trip and a
// deterministic enumeration on every reachable state, a pinned state count or shortest
// counterexample in one line (the same for 1, 2 and 4 workers, and the trace replayed by its
// labels), step properties on their own, and the symmetry contracts (permutations, interval
// shifts). Also engine options, canonical bytes, an independent single-threaded reference
// search, and stepping a model by action labels.
#pragma once
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/interval.hpp"
#include "core/model.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "engine/symmetric_model.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"
#include "trace/model_self_check.hpp"

namespace faultline::testing_support {

inline CheckOptions workers(unsigned n) {
  CheckOptions o;
  o.workers = n;
  return o;
}

template <Model M>
std::string bytes(const M& m, const typename M::State& s) {
  ByteSink sink;
  m.encode(s, sink);
  return std::string(sink.view());
}

// An independent, single-threaded BFS over encoded states (a cross-check of the engine).
// Calls visit(state) once per distinct reachable state; returns the count.
template <Model M, class F>
size_t explore_all(const M& m, F&& visit) {
  std::set<std::string> seen;
  std::deque<typename M::State> queue;
  for (auto& s : m.initial_states())
    if (seen.insert(bytes(m, s)).second) queue.push_back(s);
  std::vector<typename M::Action> actions;
  while (!queue.empty()) {
    typename M::State s = std::move(queue.front());
    queue.pop_front();
    visit(s);
    actions.clear();
    m.actions(s, actions);
    for (const auto& a : actions) {
      auto n = m.next_state(s, a);
      if (n && seen.insert(bytes(m, *n)).second) queue.push_back(std::move(*n));
    }
  }
  return seen.size();
}

// The state after taking, in order, the actions with these labels (a test failure if one
// is not enabled).
template <Model M>
typename M::State after(const M& m, const std::vector<std::string>& labels) {
  typename M::State s = m.initial_states().front();
  for (const auto& want : labels) {
    std::vector<typename M::Action> as;
    m.actions(s, as);
    bool found = false;
    for (const auto& a : as)
      if (m.action_label(s, a) == want) {
        s = *m.next_state(s, a);
        found = true;
        break;
      }
    EXPECT_TRUE(found) << "no action " << want;
    if (!found) break;
  }
  return s;
}

// The labels of the actions enabled in s, in enumeration order.
template <Model M>
std::vector<std::string> enabled_labels(const M& m, const typename M::State& s) {
  std::vector<typename M::Action> as;
  m.actions(s, as);
  std::vector<std::string> out;
  for (const auto& a : as) out.push_back(m.action_label(s, a));
  return out;
}

// The action labels of a trace.
inline std::vector<std::string> labels(const Trace& t) {
  std::vector<std::string> out;
  for (const auto& s : t.steps) out.push_back(s.label);
  return out;
}

// Over every reachable state (by the reference search): the encoding round-trips, and the
// decoded state enumerates the same actions with the same labels. Returns the state count,
// which must equal the engine's.
template <Model M>
size_t expect_canonical_and_deterministic(const M& m) {
  size_t checked = 0;
  explore_all(m, [&](const typename M::State& s) {
    std::string b = bytes(m, s);
    ByteSource src(b);
    typename M::State back = m.decode(src);
    EXPECT_TRUE(src.done());
    EXPECT_TRUE(back == s);
    std::vector<typename M::Action> a1, a2;
    m.actions(s, a1);
    m.actions(back, a2);
    EXPECT_TRUE(a1 == a2);
    for (const auto& a : a1) EXPECT_EQ(m.action_label(s, a), m.action_label(back, a));
    ++checked;
  });
  EXPECT_EQ(checked, check_model(m, workers(2)).stats.distinct_states);
  return checked;
}

// The model contract of trace/model_self_check.hpp on the first `max_states` reachable
// states: decode mirrors encode, no field outside the encoding steers the model, the
// enumeration is deterministic, labels are unique, renamings commute. Each problem is one
// failure naming it and the path to the first state that shows it.
template <Model M>
void expect_model_contract(const M& m, size_t max_states = 100000) {
  const SelfCheckReport report = self_check_model(m, max_states);
  EXPECT_GT(report.states, 0u);
  for (const std::string& problem : report.problems) ADD_FAILURE() << problem;
}

// The properties hold on all `distinct` reachable states, the same count with 1, 2 and 4
// workers and by the independent reference search.
template <Model M>
void expect_holds_with_states(const M& m, uint64_t distinct) {
  for (unsigned w : {1u, 2u, 4u}) {
    CheckResult r = check_model(m, workers(w));
    EXPECT_EQ(r.verdict, Verdict::Holds) << w << " workers";
    EXPECT_EQ(r.stats.distinct_states, distinct) << w << " workers";
  }
  EXPECT_EQ(explore_all(m, [](const typename M::State&) {}), distinct) << "reference search";
}

// The shortest counterexample violates `property` in `length` steps, the same with 1, 2 and
// 4 workers (counts and trace), and replaying its labels reaches a state where the invariant
// named `property` fails (when it is an invariant).
template <Model M>
void expect_shortest_counterexample(const M& m, const std::string& property, size_t length) {
  CheckResult first = check_model(m, workers(1));
  ASSERT_EQ(first.verdict, Verdict::Violation);
  EXPECT_EQ(first.finding->property, property);
  EXPECT_EQ(first.finding->trace.steps.size(), length);
  for (unsigned w : {2u, 4u}) {
    CheckResult r = check_model(m, workers(w));
    EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
    EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
  }
  const typename M::State end = after(m, labels(first.finding->trace));
  for (const auto& inv : m.properties().invariants) {
    if (inv.name == property) {
      EXPECT_FALSE(inv.holds(end)) << property;
    }
  }
}

// Checks that node signatures change nothing but speed: the same verdict and number of
// classes as trying every permutation. Returns the number of classes.
template <SignedSymmetricModel M, class Config>
size_t expect_signatures_keep_the_classes(const Config& c) {
  CheckOptions o = workers(2);
  o.symmetry = true;
  const CheckResult signed_result = check_model(M(c), o);
  o.symmetry_signatures = false;  // the reference: the smallest encoding over every permutation
  const CheckResult reference = check_model(M(c), o);
  EXPECT_EQ(signed_result.verdict, reference.verdict);
  EXPECT_EQ(signed_result.stats.distinct_states, reference.stats.distinct_states);
  return signed_result.stats.distinct_states;
}

// The model's node signatures of s (src/core/symmetry_signatures.hpp).
template <SignedSymmetricModel M>
std::vector<uint64_t> signatures(const M& m, const typename M::State& s) {
  std::vector<uint64_t> sigs(m.symmetry().size, 0);
  m.symmetry_signatures(s, sigs);
  return sigs;
}

// Checks the symmetry contract of src/core/symmetry.hpp on every reachable state: for each
// declared permutation p, the successors of permute(s, p) are the permuted successors of s,
// and every invariant, goal and step property agrees; permuting twice is permuting by the
// composition; and where the model gives node signatures, they move with the nodes. Returns
// the number of symmetry classes among the reachable states (smallest encoding over all the
// permutations), which the engine's reduced count must equal.
template <SymmetricModel M>
size_t check_symmetry_contract(const M& m) {
  const auto perms = all_permutations(m.symmetry());
  const auto& props = m.properties();
  std::set<std::string> classes;
  std::vector<typename M::Action> as, pas;
  explore_all(m, [&](const typename M::State& s) {
    std::string smallest = bytes(m, s);
    as.clear();
    m.actions(s, as);
    const Permutation& q = perms.back();
    const auto qs = m.permute(s, q);
    std::vector<uint64_t> sigs;
    if constexpr (SignedSymmetricModel<M>) sigs = signatures(m, s);
    for (const auto& p : perms) {
      const auto ps = m.permute(s, p);
      smallest = std::min(smallest, bytes(m, ps));
      Permutation pq(p.size());
      for (size_t i = 0; i < p.size(); ++i) pq[i] = p[q[i]];
      ASSERT_EQ(bytes(m, m.permute(qs, p)), bytes(m, m.permute(s, pq)))
          << "permuting by q, then p, is not permuting by their composition";
      if constexpr (SignedSymmetricModel<M>) {
        const auto psigs = signatures(m, ps);
        for (size_t i = 0; i < p.size(); ++i)
          ASSERT_EQ(psigs[p[i]], sigs[i]) << "the signature of node " << i << " changes when renamed";
      }
      if constexpr (GradedModel<M>) {
        ASSERT_EQ(m.progress(ps), m.progress(s)) << "renaming changes the progress measure";
      }
      for (const auto& inv : props.invariants) ASSERT_EQ(inv.holds(s), inv.holds(ps)) << inv.name;
      for (const auto& g : props.goals) ASSERT_EQ(g.reached(s), g.reached(ps)) << g.name;
      std::multiset<std::string> want, got;
      for (const auto& a : as)
        if (auto n = m.next_state(s, a)) {
          const auto pn = m.permute(*n, p);
          want.insert(bytes(m, pn));
          for (const auto& sp : props.steps) ASSERT_EQ(sp.holds(s, *n), sp.holds(ps, pn)) << sp.name;
        }
      pas.clear();
      m.actions(ps, pas);
      for (const auto& a : pas)
        if (auto n = m.next_state(ps, a)) got.insert(bytes(m, *n));
      ASSERT_EQ(want, got) << "successors of a permuted state are not the permuted successors";
    }
    classes.insert(smallest);
  });
  return classes.size();
}

// Maps allowed for a state with these counter values and cutoff (src/core/interval.hpp),
// to check the interval contract with: its canonical map; shifts up by 1 and by 3; and a
// spread that pulls its stale values apart (gaps of 2 below the cutoff, which moves up).
inline std::vector<IntervalMap> allowed_interval_maps(std::vector<uint32_t> values,
                                                      int64_t cutoff) {
  std::vector<IntervalMap> out = {canonical_interval_map(values, cutoff)};  // sorts, dedups
  std::vector<uint32_t> stale;
  for (uint32_t v : values)
    if (int64_t{v} < cutoff) stale.push_back(v);
  const auto j = static_cast<int64_t>(stale.size());
  for (int64_t up : {int64_t{1}, int64_t{3}, 2 * j + 1}) {
    IntervalMap f;
    f.cutoff = cutoff;
    f.shift = -up;
    const bool spread = up == 2 * j + 1 && j > 0;
    for (int64_t i = 0; i < j; ++i)
      f.stale.emplace_back(
          stale[static_cast<size_t>(i)],
          static_cast<uint32_t>(spread ? cutoff + up - 2 * (j - i)
                                       : int64_t{stale[static_cast<size_t>(i)]} + up));
    out.push_back(std::move(f));
  }
  return out;
}

// Checks the interval contract of src/core/interval.hpp on one real state of every reachable
// class (the first met by a breadth-first search through the Symmetric wrapper, whose
// encoding names the class): for each declared counter and each map of
// allowed_interval_maps, the remapped state carries the mapped values and the shifted cutoff,
// its successors are the remapped successors (whose new values the map covers), every
// invariant, goal and step property agrees, and with permutation symmetry too, remapping
// commutes with every permutation and the values do not depend on it; the remapped state has
// the same canonical form (Symmetric's encoding). Returns the number of classes, which the
// engine's reduced count must equal.
template <IntervalSymmetricModel M>
size_t check_interval_contract(const M& m) {
  using State = typename M::State;
  const Symmetric<M> sym(m);
  const auto counters = m.intervals().size();
  const auto& props = m.properties();
  std::vector<Permutation> perms;
  if constexpr (SymmetricModel<M>) perms = all_permutations(m.symmetry());
  auto sorted_values = [&](const State& s, size_t k) {
    std::vector<uint32_t> v;
    m.interval_values(s, k, v);
    std::sort(v.begin(), v.end());
    return v;
  };
  std::vector<typename M::Action> as, tas;
  return explore_all(sym, [&](const State& s) {
    as.clear();
    m.actions(s, as);
    std::vector<std::optional<State>> next;
    for (const auto& a : as) next.push_back(m.next_state(s, a));
    for (size_t k = 0; k < counters; ++k) {
      const std::vector<uint32_t> values = sorted_values(s, k);
      const int64_t cutoff = interval_cutoff_of(m, s, k);
      for (const IntervalMap& f : allowed_interval_maps(values, cutoff)) {
        auto covered = [&](const std::vector<uint32_t>& vs) {
          for (uint32_t v : vs)
            if (int64_t{v} < f.cutoff &&
                !std::binary_search(f.stale.begin(), f.stale.end(),
                                    std::pair<uint32_t, uint32_t>{v, 0},
                                    [](auto a, auto b) { return a.first < b.first; }))
              return false;
          return true;
        };
        const State t = m.remap_interval(s, k, f);
        std::vector<uint32_t> want_values;
        for (uint32_t v : values) want_values.push_back(f(v));
        ASSERT_EQ(sorted_values(t, k), want_values) << "values of a remapped state";
        ASSERT_EQ(bytes(sym, t), bytes(sym, s)) << "a remapped state has another canonical form";
        ASSERT_EQ(interval_cutoff_of(m, t, k),
                  cutoff == std::numeric_limits<int64_t>::min() ? cutoff : cutoff - f.shift);
        for (const auto& inv : props.invariants) ASSERT_EQ(inv.holds(s), inv.holds(t)) << inv.name;
        for (const auto& g : props.goals) ASSERT_EQ(g.reached(s), g.reached(t)) << g.name;
        std::multiset<std::string> want, got;
        for (const auto& n : next) {
          if (!n) continue;
          ASSERT_TRUE(covered(sorted_values(*n, k)))
              << "an action created a value below the cutoff";
          ASSERT_GE(interval_cutoff_of(m, *n, k), cutoff) << "the cutoff decreased along a step";
          const State tn = m.remap_interval(*n, k, f);
          want.insert(bytes(m, tn));
          for (const auto& sp : props.steps) ASSERT_EQ(sp.holds(s, *n), sp.holds(t, tn)) << sp.name;
        }
        tas.clear();
        m.actions(t, tas);
        for (const auto& a : tas)
          if (auto n = m.next_state(t, a)) got.insert(bytes(m, *n));
        ASSERT_EQ(want, got) << "successors of a remapped state are not the remapped successors";
        if constexpr (SymmetricModel<M>)
          for (const auto& p : perms) {
            const State ps = m.permute(s, p);
            ASSERT_EQ(sorted_values(ps, k), values);
            ASSERT_EQ(interval_cutoff_of(m, ps, k), cutoff);
            ASSERT_EQ(bytes(m, m.remap_interval(ps, k, f)), bytes(m, m.permute(t, p)))
                << "remapping does not commute with a permutation";
          }
      }
    }
  });
}

// How many failures check_interval_contract reports on m, without failing the test: for
// tests that show the check catches an unsound declaration.
template <IntervalSymmetricModel M>
size_t interval_contract_failures(const M& m) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    check_interval_contract(m);
  }
  return static_cast<size_t>(failures.size());
}

// The reduced search (2 workers) ends with verdict `want` and, where the design holds, has
// stored exactly the `classes` a contract check counted (a violation stops it early).
template <ReducibleModel M>
void expect_reduced_search(const M& m, size_t classes, Verdict want) {
  CheckOptions o = workers(2);
  o.symmetry = true;
  const CheckResult r = check_model(m, o);
  if (r.verdict == Verdict::Holds) {
    EXPECT_EQ(r.stats.distinct_states, classes);
  }
  EXPECT_EQ(r.verdict, want);
}

// A model with time shifted (unbounded time, all of it) against the same design checked up to
// a horizon (`bounded`): the same verdict; where it holds, every goal the bounded run reached
// is reached; where it fails, the same property with a counterexample of the same length,
// which is a real run of the unreduced model (replayed by labels from true time 0, it
// violates the property) and the same for 1 and 4 workers.
template <Model M>
void expect_shift_keeps_the_result(const M& m, const CheckResult& bounded) {
  CheckOptions o = workers(2);
  o.symmetry = true;
  const CheckResult shifted = check_model(m, o);
  EXPECT_EQ(shifted.verdict, bounded.verdict);
  ASSERT_EQ(shifted.finding.has_value(), bounded.finding.has_value());
  if (!shifted.finding) {
    for (size_t g = 0; g < bounded.goals.size(); ++g)
      if (bounded.goals[g].reached) {
        EXPECT_TRUE(shifted.goals[g].reached) << bounded.goals[g].name;
      }
    return;
  }
  const Finding& f = *shifted.finding;
  EXPECT_EQ(f.property, bounded.finding->property);
  EXPECT_EQ(f.trace.steps.size(), bounded.finding->trace.steps.size());
  LabelReplay replay = replay_labels(m, labels(f.trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_NE(std::find(replay.violated.begin(), replay.violated.end(), f.property),
            replay.violated.end());
  for (unsigned w : {1u, 4u}) {
    o.workers = w;
    EXPECT_EQ(labels(check_model(m, o).finding->trace), labels(f.trace));
  }
}

// The reduced search's quotient, checked exactly within a depth: explores the unreduced model
// to `depth` (a model whose space is infinite, such as unbounded time, included) and names
// each state's class by Symmetric's encoding; the engine's reduced and unreduced searches
// bounded by the same depth must store exactly those classes and states, and the reduction
// must be a real one. Returns the number of classes.
template <ReducibleModel M>
size_t check_quotient_within_depth(const M& m, uint32_t depth) {
  const Symmetric<M> sym(m);
  std::set<std::string> seen, classes;
  std::vector<typename M::State> level = m.initial_states();
  for (const auto& s : level) seen.insert(bytes(m, s));
  std::vector<typename M::Action> as;
  for (uint32_t d = 0;; ++d) {
    for (const auto& s : level) classes.insert(bytes(sym, s));
    if (d == depth) break;
    std::vector<typename M::State> next;
    for (const auto& s : level) {
      as.clear();
      m.actions(s, as);
      for (const auto& a : as)
        if (auto n = m.next_state(s, a); n && seen.insert(bytes(m, *n)).second)
          next.push_back(std::move(*n));
    }
    level = std::move(next);
  }
  CheckOptions o = workers(2);
  o.symmetry = true;
  o.max_depth = depth;
  CheckResult r = check_model(m, o);
  EXPECT_EQ(r.verdict, Verdict::HoldsUpToDepth);
  EXPECT_EQ(r.stats.distinct_states, classes.size());
  o.symmetry = false;  // the unreduced model under the same bound
  CheckResult plain = check_model(m, o);
  EXPECT_EQ(plain.verdict, Verdict::HoldsUpToDepth);
  EXPECT_EQ(plain.stats.distinct_states, seen.size());
  EXPECT_GT(seen.size(), classes.size());
  return classes.size();
}

}  // namespace faultline::testing_support
