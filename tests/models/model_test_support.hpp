// Helpers shared by the protocol-model tests: engine options, canonical bytes, an independent
// single-threaded reference search, and stepping a model by action labels.
#pragma once
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "core/symmetry.hpp"

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

// Checks the symmetry contract of src/core/symmetry.hpp on every reachable state: for each
// declared permutation p, the successors of permute(s, p) are the permuted successors of s,
// and every invariant, goal and step property agrees. Returns the number of symmetry classes
// among the reachable states (smallest encoding over the permutations), which the engine's
// reduced count must equal.
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
    for (const auto& p : perms) {
      const auto ps = m.permute(s, p);
      smallest = std::min(smallest, bytes(m, ps));
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

}  // namespace faultline::testing_support
