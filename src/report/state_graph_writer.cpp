// StateGraph -> boost::adjacency_list -> DOT or GraphML.
#include "report/state_graph_writer.hpp"
#include "core/text.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <algorithm>
#include <map>

namespace faultline {
namespace {

struct VertexProps {
  std::string label;     // summary (DOT: lines joined with \l)
  std::string state;     // every field, one "name = value" a line
  bool initial = false;
  int depth = 0;
  std::string violated;  // invariants, comma-separated
  std::string goals;
  // DOT drawing attributes
  std::string shape = "box", peripheries, color, style;
};

struct EdgeProps {
  std::string label;
  std::string violated;  // step properties
  std::string color;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps,
                                    EdgeProps>;

// Per node: field name -> its value(s) joined.
std::vector<std::map<std::string, std::string>> field_values(const StateGraph& g,
                                                             std::vector<std::string>& order) {
  std::vector<std::map<std::string, std::string>> out(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const auto& f : g.nodes[i].state) {
      auto [it, fresh] = out[i].emplace(f.name, f.value);
      if (!fresh) it->second += "; " + f.value;
      if (fresh && std::find(order.begin(), order.end(), f.name) == order.end())
        order.push_back(f.name);
    }
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> node_summaries(const StateGraph& g) {
  std::vector<std::string> order;
  auto values = field_values(g, order);
  std::vector<std::string> varying;
  for (const auto& name : order) {
    const std::string* first = nullptr;
    bool varies = false;
    for (const auto& node : values) {
      auto it = node.find(name);
      static const std::string kAbsent = "(absent)";
      const std::string& v = it == node.end() ? kAbsent : it->second;
      if (!first) first = &v;
      if (v != *first) varies = true;
    }
    if (varies) varying.push_back(name);
  }
  if (varying.empty()) varying = order;
  std::vector<std::vector<std::string>> out(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const auto& name : varying) {
      auto it = values[i].find(name);
      if (it != values[i].end()) out[i].push_back(name + " = " + it->second);
    }
  return out;
}

void write_state_graph(std::ostream& out, const StateGraph& sg, GraphFormat format) {
  Graph g(sg.nodes.size());
  const auto summaries = node_summaries(sg);
  for (size_t i = 0; i < sg.nodes.size(); ++i) {
    const StateGraphNode& n = sg.nodes[i];
    VertexProps& v = g[i];
    std::vector<std::string> lines = {"#" + std::to_string(i) + (n.initial ? " (initial)" : "")};
    lines.insert(lines.end(), summaries[i].begin(), summaries[i].end());
    if (!n.violated.empty()) lines.push_back("VIOLATES " + join(n.violated, ", "));
    if (!n.goals.empty()) lines.push_back("goal " + join(n.goals, ", "));
    std::vector<std::string> state;
    for (const auto& f : n.state) state.push_back(f.name + " = " + f.value);
    v.state = join(state, format == GraphFormat::Dot ? "\\n" : "\n");
    v.initial = n.initial;
    v.depth = static_cast<int>(n.depth);
    v.violated = join(n.violated, ", ");
    v.goals = join(n.goals, ", ");
    v.peripheries = n.initial ? "2" : "1";
    v.color = n.violated.empty() ? "black" : "red";
    v.style = n.violated.empty() ? "solid" : "bold";
    // DOT: "\l" ends a left-justified line; GraphML: plain newlines.
    v.label = format == GraphFormat::Dot ? join(lines, "\\l") + "\\l" : join(lines, "\n");
  }
  for (const auto& e : sg.edges) {
    auto [edge, added] = boost::add_edge(e.from, e.to, g);
    (void)added;
    EdgeProps& p = g[edge];
    p.violated = join(e.violated, ", ");
    p.label = e.label + (e.violated.empty() ? "" : "\n[breaks " + p.violated + "]");
    p.color = e.violated.empty() ? "black" : "red";
  }

  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("label", boost::get(&VertexProps::label, g));
  dp.property("label", boost::get(&EdgeProps::label, g));
  if (format == GraphFormat::Dot) {
    // Escape the one newline an edge label may hold; node labels already use \l.
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
      std::string& l = g[*it].label;
      for (size_t at = l.find('\n'); at != std::string::npos; at = l.find('\n', at))
        l.replace(at, 1, "\\n");
    }
    dp.property("node_id", boost::get(boost::vertex_index, g));
    dp.property("tooltip", boost::get(&VertexProps::state, g));
    dp.property("shape", boost::get(&VertexProps::shape, g));
    dp.property("peripheries", boost::get(&VertexProps::peripheries, g));
    dp.property("color", boost::get(&VertexProps::color, g));
    dp.property("style", boost::get(&VertexProps::style, g));
    dp.property("color", boost::get(&EdgeProps::color, g));
    boost::write_graphviz_dp(out, g, dp, "node_id");
    return;
  }
  dp.property("state", boost::get(&VertexProps::state, g));
  dp.property("initial", boost::get(&VertexProps::initial, g));
  dp.property("depth", boost::get(&VertexProps::depth, g));
  dp.property("violated", boost::get(&VertexProps::violated, g));
  dp.property("goals", boost::get(&VertexProps::goals, g));
  dp.property("violated", boost::get(&EdgeProps::violated, g));
  boost::write_graphml(out, g, dp, true);
}

}  // namespace faultline
