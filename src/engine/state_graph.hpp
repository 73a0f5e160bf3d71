// Builds the reachable state graph of a model for `faultline graph`: a sequential
// breadth-first search over exact states (the graphs drawn are small: thousands of states),
// in the model's enumeration order, so node numbers are deterministic. Unlike `check`, it
// does not stop at a violation: every reachable state within the bounds is drawn.
//
// Two passes: the first finds the states (kept as their encodings) and the transitions (as
// action indices) and nothing else, so a graph over max_states is refused as soon as the
// count passes it, at the cost of those encodings; only a graph within the bound is then
// described (fields, labels, properties). Both passes stop at a time or memory limit or on
// Ctrl-C (the monitor of engine/monitor.hpp), with `stopped` saying why. Successors and
// property checks come from the shared kernel (kernel.hpp).
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
#include "engine/kernel.hpp"
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
  Kernel<M> kernel(model);
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
    kernel.encode(s, sink);
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
    bool too_large = false;
    kernel.for_each_successor(s, actions, [&](uint32_t k, const auto&, State&& next) {
      if (too_large || g.depth_cut) return;
      if (at_bound) {  // drawn without its successors
        g.depth_cut = true;
        return;
      }
      std::optional<uint32_t> to = add(next, depths[i] + 1);
      if (!to) too_large = true;
      else moves.push_back({i, *to, k});
    });
    if (too_large) return g;
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
    for (const ReplayFailure& f : kernel.invariant_failures(s)) n.violated.push_back(f.property);
    for (size_t goal = 0; goal < kernel.goal_count(); ++goal)
      if (kernel.reaches_goal(s, goal)) n.goals.push_back(props.goals[goal].name);
    g.nodes.push_back(std::move(n));
  }
  std::set<std::pair<uint32_t, std::string>> seen;  // (to, label) of the current source
  for (size_t m = 0; m < moves.size();) {
    const uint32_t from = moves[m].from;
    if (stopped(bytes.size())) return g;
    const State s = decode(*bytes[from]);
    kernel.enabled(s, actions);
    seen.clear();
    for (; m < moves.size() && moves[m].from == from; ++m) {
      const auto& a = actions[moves[m].action];
      StateGraphEdge e{from, moves[m].to, model.action_label(s, a), {}};
      if (!seen.insert({moves[m].to, e.label}).second) continue;
      if (const std::optional<State> next = kernel.successor(s, a))
        for (const ReplayFailure& f : kernel.step_failures(s, *next))
          e.violated.push_back(f.property);
      g.edges.push_back(std::move(e));
    }
  }
  return g;
}

}  // namespace faultline
