// Random simulation on toy models: findings with replayable traces, deadlocks, goals, counts
// that never exceed the reachable states, and walks that depend on the seed alone (not on the
// worker count).
#include <gtest/gtest.h>

#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline {
namespace {

CheckOptions workers(unsigned n) {
  CheckOptions o;
  o.workers = n;
  return o;
}

SimulateOptions sim(uint64_t runs, uint32_t depth, uint64_t seed = 1) {
  SimulateOptions s;
  s.runs = runs;
  s.depth = depth;
  s.seed = seed;
  return s;
}

std::vector<std::string> labels(const Trace& t) {
  std::vector<std::string> out;
  for (const auto& s : t.steps) out.push_back(s.label);
  return out;
}

TEST(Simulate, EveryWalkReachesTheBadCorner) {
  toy::Grid grid(4, 4, true);
  CheckResult r = simulate_model(grid, workers(1), sim(50, 20));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_TRUE(r.simulation);
  EXPECT_EQ(r.simulation->violating_run, 0u);
  EXPECT_EQ(r.simulation->runs, 1u);
  EXPECT_EQ(r.finding->property, "NotAtCorner");
  EXPECT_EQ(r.finding->trace.steps.size(), 8u);
  LabelReplay replay = replay_labels(grid, labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_EQ(replay.violated, std::vector<std::string>{"NotAtCorner"});
}

TEST(Simulate, StepPropertyFoundAndReplayed) {
  toy::Counter counter(4, true);
  CheckResult r = simulate_model(counter, workers(2), sim(100, 30));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->property, "Monotonic");
  LabelReplay replay = replay_labels(counter, labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_EQ(replay.violated, std::vector<std::string>{"Monotonic"});
}

TEST(Simulate, WalksStopWithoutSuccessorsAndDeadlocksOnlyWhenAsked) {
  toy::Grid grid(3, 2);  // every walk ends in the corner after 5 steps
  CheckResult r = simulate_model(grid, workers(1), sim(40, 100));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.simulation->runs, 40u);
  EXPECT_EQ(r.simulation->steps, 40u * 5u);
  EXPECT_EQ(r.stats.depth, 5u);
  EXPECT_LE(r.stats.distinct_states, 12u);
  CheckOptions o = workers(1);
  o.check_deadlock = true;
  CheckResult dead = simulate_model(grid, o, sim(40, 100));
  ASSERT_EQ(dead.verdict, Verdict::Deadlock);
  EXPECT_EQ(dead.finding->trace.steps.size(), 5u);
  // Walks cut short by the depth bound do not deadlock.
  EXPECT_EQ(simulate_model(grid, o, sim(40, 4)).verdict, Verdict::Holds);
}

TEST(Simulate, GoalsAndCounts) {
  toy::RandomGraph g(500, 2, 7);
  CheckOptions plain = workers(1);
  const uint64_t reachable = check_model(g, plain).stats.distinct_states;
  CheckResult r = simulate_model(g, workers(2), sim(300, 50));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.simulation->runs, 300u);
  EXPECT_EQ(r.simulation->steps, 300u * 50u);  // every vertex has out-edges
  EXPECT_GT(r.stats.distinct_states, 1u);
  EXPECT_LE(r.stats.distinct_states, reachable);

  CheckResult goal = simulate_model(toy::Grid(3, 3), workers(1), sim(100, 10));
  ASSERT_EQ(goal.goals.size(), 1u);
  EXPECT_TRUE(goal.goals[0].reached);
  EXPECT_EQ(goal.goals[0].depth, 2u);  // some walk goes right, up (or up, right) first
}

TEST(Simulate, SameSeedSameResultForAnyWorkerCount) {
  for (uint64_t seed : {1u, 2u, 99u}) {
    int64_t bad = static_cast<int64_t>(seed * 997 % 3000);
    toy::RandomGraph g(3000, 3, seed, bad);
    CheckResult first = simulate_model(g, workers(1), sim(2000, 200, seed));
    for (unsigned w : {2u, 4u}) {
      CheckResult r = simulate_model(g, workers(w), sim(2000, 200, seed));
      EXPECT_EQ(r.verdict, first.verdict);
      EXPECT_EQ(r.simulation->runs, first.simulation->runs);
      EXPECT_EQ(r.simulation->steps, first.simulation->steps);
      EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
      ASSERT_EQ(r.finding.has_value(), first.finding.has_value());
      if (r.finding) {
        EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
      }
    }
  }
}

TEST(Simulate, InterruptStopsCleanly) {
  std::atomic<bool> flag{true};
  CheckOptions o = workers(2);
  o.interrupt = &flag;
  CheckResult r = simulate_model(toy::Grid(3000, 3000), o, sim(1000000, 1000));
  EXPECT_EQ(r.verdict, Verdict::Interrupted);
  EXPECT_LT(r.simulation->runs, 1000000u);
}

}  // namespace
}  // namespace faultline
