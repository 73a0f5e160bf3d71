// Writes a StateGraph with Boost.Graph: Graphviz DOT (write_graphviz_dp) or GraphML
// (write_graphml), both through dynamic_properties. Nodes are labelled with a short summary
// (the state fields that differ somewhere in the graph; fields equal in every state are left
// out), edges with action labels. DOT: nodes are boxes, initial states have a double border,
// states that violate an invariant and transitions that break a step property are red.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/state_graph.hpp"

namespace faultline {

enum class GraphFormat { Dot, GraphML };

// The summary line of each node: "name = value" for every field whose value is not the same
// in all nodes (a repeated field counts as one value, its values joined with "; "). When no
// field varies (a single state) every field is shown.
std::vector<std::vector<std::string>> node_summaries(const StateGraph& graph);

void write_state_graph(std::ostream& out, const StateGraph& graph, GraphFormat format);

}  // namespace faultline
