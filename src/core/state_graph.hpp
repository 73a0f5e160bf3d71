// The reachable state graph of a small model instance, as plain data (for `faultline graph`):
// nodes in breadth-first discovery order with their full state, edges labelled with actions,
// and which states are initial or violate an invariant, which steps break a step property.
#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/fields.hpp"

namespace faultline {

struct StateGraphOptions {
  uint64_t max_states = 10000;        // refuse (too_large) beyond this many states
  std::optional<uint32_t> max_depth;  // stop expanding at this depth
  // Stop (StateGraph::stopped) after this long, above this much resident memory, or when
  // *interrupt is set (Ctrl-C, SIGTERM).
  std::optional<double> time_limit_s;
  std::optional<uint64_t> memory_limit_bytes;
  const std::atomic<bool>* interrupt = nullptr;
};

struct StateGraphNode {
  FieldList state;
  bool initial = false;
  uint32_t depth = 0;                 // shortest distance from an initial state
  std::vector<std::string> violated;  // invariants failing in this state
  std::vector<std::string> goals;     // goals this state reaches
};

struct StateGraphEdge {
  uint64_t from = 0, to = 0;          // node indices
  std::string label;
  std::vector<std::string> violated;  // step properties this transition breaks
};

struct StateGraph {
  std::vector<StateGraphNode> nodes;
  std::vector<StateGraphEdge> edges;
  bool too_large = false;   // more than max_states states: nodes/edges are incomplete
  std::string stopped;      // non-empty: why a limit or Ctrl-C stopped the build ("time limit
                            // of 2 s reached after 5000 states"); nodes/edges are incomplete
  bool depth_cut = false;   // max_depth stopped the exploration with states left unexpanded
};

}  // namespace faultline
