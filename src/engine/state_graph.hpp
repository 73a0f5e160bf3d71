// Builds the reachable state graph of a model for `faultline graph`: a sequential
// breadth-first search over exact states (the graphs drawn are small: thousands of states),
// in the model's enumeration order, so node numbers are deterministic. Unlike `check`, it
// does not stop at a violation: every reachable state within the bounds is drawn.
#pragma once
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/model.hpp"
#include "core/state_graph.hpp"

namespace faultline {

template <Model M>
StateGraph build_state_graph(const M& model, const StateGraphOptions& options) {
  using State = typename M::State;
  StateGraph g;
  const auto& props = model.properties();
  std::map<std::string, uint64_t> index;  // encoded state -> node
  std::vector<State> states;
  auto add = [&](const State& s, uint32_t depth, bool initial) -> std::optional<uint64_t> {
    ByteSink sink;
    model.encode(s, sink);
    std::string bytes(sink.view());
    if (auto it = index.find(bytes); it != index.end()) return it->second;
    if (g.nodes.size() >= options.max_states) {
      g.too_large = true;
      return std::nullopt;
    }
    StateGraphNode n;
    FieldWriter w(n.state);
    model.describe(s, w);
    n.initial = initial;
    n.depth = depth;
    for (const auto& p : props.invariants)
      if (!p.holds(s)) n.violated.push_back(p.name);
    for (const auto& goal : props.goals)
      if (goal.reached(s)) n.goals.push_back(goal.name);
    index.emplace(std::move(bytes), g.nodes.size());
    g.nodes.push_back(std::move(n));
    states.push_back(s);
    return g.nodes.size() - 1;
  };
  for (const State& s : model.initial_states())
    if (!add(s, 0, true)) return g;
  std::set<std::tuple<uint64_t, uint64_t, std::string>> seen_edges;
  std::vector<typename M::Action> actions;
  for (uint64_t i = 0; i < g.nodes.size(); ++i) {
    const uint32_t depth = g.nodes[i].depth;
    const bool at_bound = options.max_depth && depth >= *options.max_depth;
    const State s = states[i];
    actions.clear();
    model.actions(s, actions);
    for (const auto& a : actions) {
      std::optional<State> next = model.next_state(s, a);
      if (!next) continue;
      if (at_bound) {  // drawn without its successors
        g.depth_cut = true;
        break;
      }
      std::optional<uint64_t> to = add(*next, depth + 1, false);
      if (!to) return g;
      StateGraphEdge e{i, *to, model.action_label(s, a), {}};
      if (!seen_edges.insert({e.from, e.to, e.label}).second) continue;
      for (const auto& p : props.steps)
        if (!p.holds(s, *next)) e.violated.push_back(p.name);
      g.edges.push_back(std::move(e));
    }
  }
  return g;
}

}  // namespace faultline
