// The state graph builder on toy models with hand-countable graphs: nodes in BFS order,
// edges, initial and violating states, step-property edges, the size bound and depth bound,
// and the stops (Ctrl-C, time limit) that end a build over a big graph early.
#include "engine/state_graph.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "tests/engine/toy_models.hpp"

namespace faultline {
namespace {

TEST(StateGraph, GridHasEveryStateAndMove) {
  toy::Grid grid(2, 1, /*corner_is_bad=*/true, /*deadlock_at_corner=*/false);
  StateGraph g = build_state_graph(grid, {});
  EXPECT_FALSE(g.too_large);
  EXPECT_FALSE(g.depth_cut);
  ASSERT_EQ(g.nodes.size(), 6u);  // (w+1)(h+1)
  // Rights: 2 per row * 2 rows, ups: 3, and the reset from the corner.
  EXPECT_EQ(g.edges.size(), 4u + 3u + 1u);
  EXPECT_TRUE(g.nodes[0].initial);
  EXPECT_EQ(g.nodes[0].state, (FieldList{{"x", "0"}, {"y", "0"}}));
  for (size_t i = 1; i < g.nodes.size(); ++i) EXPECT_FALSE(g.nodes[i].initial);
  // BFS order: (0,0), (1,0), (0,1), (2,0), (1,1), (2,1).
  EXPECT_EQ(g.nodes[5].state, (FieldList{{"x", "2"}, {"y", "1"}}));
  EXPECT_EQ(g.nodes[5].depth, 3u);
  EXPECT_EQ(g.nodes[5].violated, std::vector<std::string>{"NotAtCorner"});
  EXPECT_EQ(g.nodes[4].goals, std::vector<std::string>{"Diagonal"});  // (1,1)
  size_t violating = 0;
  for (const auto& n : g.nodes) violating += !n.violated.empty();
  EXPECT_EQ(violating, 1u);
  const StateGraphEdge& reset = g.edges.back();
  EXPECT_EQ(reset.from, 5u);
  EXPECT_EQ(reset.to, 0u);
  EXPECT_EQ(reset.label, "reset");
}

TEST(StateGraph, StepPropertyViolationsMarkEdges) {
  toy::Counter counter(2, /*can_drop=*/true);
  StateGraph g = build_state_graph(counter, {});
  ASSERT_EQ(g.nodes.size(), 3u);
  size_t drops = 0;
  for (const auto& e : g.edges) {
    bool is_drop = e.label.rfind("add -", 0) == 0;
    drops += is_drop;
    EXPECT_EQ(e.violated, is_drop ? std::vector<std::string>{"Monotonic"}
                                  : std::vector<std::string>{});
  }
  EXPECT_EQ(drops, 2u);  // from 1 and from 2
}

TEST(StateGraph, RefusesBeyondTheBoundAndStopsAtTheDepthBound) {
  toy::Grid grid(9, 9);
  StateGraphOptions small;
  small.max_states = 99;
  EXPECT_TRUE(build_state_graph(grid, small).too_large);
  small.max_states = 100;
  EXPECT_FALSE(build_state_graph(grid, small).too_large);

  StateGraphOptions shallow;
  shallow.max_depth = 2;
  StateGraph g = build_state_graph(grid, shallow);
  EXPECT_TRUE(g.depth_cut);
  EXPECT_EQ(g.nodes.size(), 6u);  // depths 0, 1, 2: 1 + 2 + 3
  for (const auto& e : g.edges) EXPECT_LT(g.nodes[e.from].depth, 2u);
  shallow.max_depth = 18;  // the far corner's depth: nothing beyond it
  EXPECT_FALSE(build_state_graph(grid, shallow).depth_cut);
}

TEST(StateGraph, InterruptAndTimeLimitStopABigBuild) {
  toy::Grid grid(3000, 3000);  // 9 million states
  StateGraphOptions options;
  options.max_states = 1'000'000;
  std::atomic<bool> flag{true};
  options.interrupt = &flag;
  const auto start = std::chrono::steady_clock::now();
  StateGraph g = build_state_graph(grid, options);
  EXPECT_EQ(g.stopped.rfind("interrupted (Ctrl-C or SIGTERM) after ", 0), 0u) << g.stopped;
  EXPECT_FALSE(g.too_large);

  options.interrupt = nullptr;
  options.time_limit_s = 0.2;
  g = build_state_graph(grid, options);
  EXPECT_EQ(g.stopped.rfind("time limit of 0.2 s reached after ", 0), 0u) << g.stopped;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  // A graph built before a limit is the same as without one.
  options.max_states = 100;
  EXPECT_EQ(build_state_graph(toy::Grid(9, 9), options).nodes.size(), 100u);
}

}  // namespace
}  // namespace faultline
