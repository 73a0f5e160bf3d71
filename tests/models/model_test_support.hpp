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

}  // namespace faultline::testing_support
