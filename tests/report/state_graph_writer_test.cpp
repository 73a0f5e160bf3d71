// The state-graph writer on a hand-made graph: short summaries (only the fields that vary),
// marks for initial and violating states and for edges that break a step property, and
// GraphML that Boost can read back with the same number of nodes and edges.
#include "report/state_graph_writer.hpp"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <sstream>

namespace faultline {
namespace {

StateGraph three_states() {
  StateGraph g;
  g.nodes.push_back({{{"x", "0"}, {"mode", "a"}, {"net", "m1"}}, true, 0, {}, {}});
  g.nodes.push_back({{{"x", "1"}, {"mode", "a"}, {"net", "m1"}, {"net", "m2"}}, false, 1, {}, {"G"}});
  g.nodes.push_back({{{"x", "2"}, {"mode", "a"}}, false, 1, {"Inv"}, {}});
  g.edges.push_back({0, 1, "inc", {}});
  g.edges.push_back({0, 2, "jump \"far\"", {"Step"}});
  return g;
}

TEST(StateGraphWriter, SummariesKeepOnlyFieldsThatVary) {
  auto s = node_summaries(three_states());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], (std::vector<std::string>{"x = 0", "net = m1"}));
  EXPECT_EQ(s[1], (std::vector<std::string>{"x = 1", "net = m1; m2"}));
  EXPECT_EQ(s[2], (std::vector<std::string>{"x = 2"}));
  StateGraph one;
  one.nodes.push_back({{{"x", "0"}, {"mode", "a"}}, true, 0, {}, {}});
  EXPECT_EQ(node_summaries(one)[0], (std::vector<std::string>{"x = 0", "mode = a"}));
}

TEST(StateGraphWriter, DotMarksInitialViolatingAndBreakingEdges) {
  std::ostringstream out;
  write_state_graph(out, three_states(), GraphFormat::Dot);
  const std::string dot = out.str();
  EXPECT_EQ(dot.rfind("digraph G {\n", 0), 0u) << dot;
  EXPECT_NE(dot.find("0 [color=black, label=\"#0 (initial)\\lx = 0\\lnet = m1\\l\", "
                     "peripheries=2, shape=box, style=solid"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("2 [color=red, label=\"#2\\lx = 2\\lVIOLATES Inv\\l\", peripheries=1, "
                     "shape=box, style=bold"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("goal G\\l"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->2  [color=red, label=\"jump \\\"far\\\"\\n[breaks Step]\"]"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("0->1  [color=black, label=inc]"), std::string::npos) << dot;
}

TEST(StateGraphWriter, GraphmlReadsBackWithItsProperties) {
  std::ostringstream out;
  write_state_graph(out, three_states(), GraphFormat::GraphML);
  struct V {
    std::string label, state, violated, goals;
    bool initial = false;
    int depth = 0;
  };
  struct E {
    std::string label, violated;
  };
  boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, V, E> g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("label", boost::get(&V::label, g));
  dp.property("state", boost::get(&V::state, g));
  dp.property("initial", boost::get(&V::initial, g));
  dp.property("depth", boost::get(&V::depth, g));
  dp.property("violated", boost::get(&V::violated, g));
  dp.property("goals", boost::get(&V::goals, g));
  dp.property("label", boost::get(&E::label, g));
  dp.property("violated", boost::get(&E::violated, g));
  // Multi-line values are written with their newlines ...
  EXPECT_NE(out.str().find(">x = 1\nmode = a\nnet = m1\nnet = m2</data>"), std::string::npos)
      << out.str();
  std::istringstream in(out.str());
  boost::read_graphml(in, g, dp);
  ASSERT_EQ(boost::num_vertices(g), 3u);
  ASSERT_EQ(boost::num_edges(g), 2u);
  EXPECT_TRUE(g[0].initial);
  EXPECT_FALSE(g[1].initial);
  EXPECT_EQ(g[1].depth, 1);
  EXPECT_EQ(g[2].violated, "Inv");
  EXPECT_EQ(g[1].goals, "G");
  // ... which Boost's reader folds into spaces.
  EXPECT_EQ(g[1].state, "x = 1 mode = a net = m1 net = m2");
  EXPECT_EQ(g[0].label, "#0 (initial) x = 0 net = m1");
}

}  // namespace
}  // namespace faultline
