// Builds the reachable state graph of a model for `faultline graph`: a sequential
// breadth-first search over exact states (the graphs drawn are small: thousands of states),
// in the model's enumeration order, so node numbers are deterministic. Unlike `check`, it
// does not stop at a violation: every reachable state within the bounds is drawn.
//
// Two passes: the first finds the states (kept as their encodings) and the transitions (as
// action indices) and nothing else, so a graph over max_states is refused as soon as the
// count passes it, at the cost of those encodings; only a graph within the bound is then
// described (fields, labels, properties). Both passes stop at a time or memory limit or on
// Ctrl-C (the monitor of engine/monitor.hpp), with `stopped` saying why.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "core/state_graph.hpp"
#include "engine/monitor.hpp"

namespace faultline {

template <Model M>
StateGraph build_state_graph(const M& model, const StateGraphOptions& options) {
  using State = typename M::State;
  CheckOptions limits;
  limits.time_limit_s = options.time_limit_s;
  limits.memory_limit_bytes = options.memory_limit_bytes;
  limits.interrupt = options.interrupt;
  LiveCounters live;
  Monitor monitor(limits, live);
  StateGraph g;
  // Why the build stopped early: a limit or Ctrl-C.
  auto stopped = [&](uint64_t states) {
    if (!live.stopping()) return false;
    auto cause = static_cast<StopCause>(live.stop.load());
    g.stopped =
        (cause == StopCause::MemoryLimit
             ? "memory limit of " + std::to_string(options.memory_limit_bytes.value_or(0) >> 20) +
                   " MiB reached"
             : stop_cause_text(cause, limits)) +
        " after " + std::to_string(states) + " states";
    return true;
  };
  auto decode = [&](const std::string& bytes) {
    ByteSource src(bytes);
    return model.decode(src);
  };

  // Pass 1: states in discovery order, each as its encoding, and transitions.
  struct Move {
    uint32_t from, to, action;  // node indices (max_states is far below 2^32), action index
  };
  std::unordered_map<std::string, uint32_t> index;  // encoding -> node
  std::vector<const std::string*> bytes;            // node -> encoding (a key of index)
  std::vector<uint32_t> depths;
  std::vector<Move> moves;
  ByteSink sink;
  auto add = [&](const State& s, uint32_t depth) -> std::optional<uint32_t> {
    sink.clear();
    model.encode(s, sink);
    auto [it, added] = index.try_emplace(std::string(sink.view()), 0);
    if (!added) return it->second;
    if (bytes.size() >= options.max_states) {
      g.too_large = true;
      return std::nullopt;
    }
    it->second = static_cast<uint32_t>(bytes.size());
    bytes.push_back(&it->first);
    depths.push_back(depth);
    return it->second;
  };
  for (const State& s : model.initial_states())
    if (!add(s, 0)) return g;
  const size_t initial = bytes.size();
  std::vector<typename M::Action> actions;
  for (uint32_t i = 0; i < bytes.size(); ++i) {
    if (stopped(bytes.size())) return g;
    const bool at_bound = options.max_depth && depths[i] >= *options.max_depth;
    const State s = decode(*bytes[i]);
    actions.clear();
    model.actions(s, actions);
    for (uint32_t k = 0; k < actions.size(); ++k) {
      std::optional<State> next = model.next_state(s, actions[k]);
      if (!next) continue;
      if (at_bound) {  // drawn without its successors
        g.depth_cut = true;
        break;
      }
      std::optional<uint32_t> to = add(*next, depths[i] + 1);
      if (!to) return g;
      moves.push_back({i, *to, k});
    }
  }

  // Pass 2: the graph within the bound, described.
  const auto& props = model.properties();
  g.nodes.reserve(bytes.size());
  for (uint32_t i = 0; i < bytes.size(); ++i) {
    if (stopped(bytes.size())) return g;
    const State s = decode(*bytes[i]);
    StateGraphNode n;
    FieldWriter w(n.state);
    model.describe(s, w);
    n.initial = i < initial;
    n.depth = depths[i];
    for (const auto& p : props.invariants)
      if (!p.holds(s)) n.violated.push_back(p.name);
    for (const auto& goal : props.goals)
      if (goal.reached(s)) n.goals.push_back(goal.name);
    g.nodes.push_back(std::move(n));
  }
  std::set<std::pair<uint32_t, std::string>> seen;  // (to, label) of the current source
  for (size_t m = 0; m < moves.size();) {
    const uint32_t from = moves[m].from;
    if (stopped(bytes.size())) return g;
    const State s = decode(*bytes[from]);
    actions.clear();
    model.actions(s, actions);
    seen.clear();
    for (; m < moves.size() && moves[m].from == from; ++m) {
      const auto& a = actions[moves[m].action];
      StateGraphEdge e{from, moves[m].to, model.action_label(s, a), {}};
      if (!seen.insert({moves[m].to, e.label}).second) continue;
      const std::optional<State> next = model.next_state(s, a);
      for (const auto& p : props.steps)
        if (next && !p.holds(s, *next)) e.violated.push_back(p.name);
      g.edges.push_back(std::move(e));
    }
  }
  return g;
}

}  // namespace faultline
