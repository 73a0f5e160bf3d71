// Depth-first search on toy models: the same distinct-state counts as BFS (with and without a
// depth bound, every store: 64- and 128-bit fingerprints, exact), findings whose traces replay
// and fail their property, goals, limits and Ctrl-C.
#include <gtest/gtest.h>

#include <atomic>

#include "testing/model_contracts.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline {
namespace {

CheckOptions dfs(StoreMode store = StoreMode::Fingerprint) {
  CheckOptions o;
  o.workers = 1;
  o.store = store;
  o.strategy = SearchStrategy::Dfs;
  return o;
}

CheckOptions bfs(const CheckOptions& o) {
  CheckOptions b = o;
  b.strategy = SearchStrategy::Bfs;
  return b;
}

using testing_support::labels;

// The finding's trace, replayed from its labels, ends violating its property.
template <class M>
void expect_replays_to_violation(const M& model, const CheckResult& r) {
  ASSERT_TRUE(r.finding);
  LabelReplay replay = replay_labels(model, labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_NE(std::find(replay.violated.begin(), replay.violated.end(), r.finding->property),
            replay.violated.end())
      << r.finding->property;
}

TEST(Dfs, GridCountsEqualBfs) {
  for (StoreMode store : {StoreMode::Fingerprint, StoreMode::Exact}) {
    CheckResult r = check_model(toy::Grid(4, 3), dfs(store));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, 20u);
    EXPECT_EQ(r.stats.depth, 7u);
    EXPECT_EQ(r.stats.strategy, SearchStrategy::Dfs);
    EXPECT_EQ(r.stats.workers, 1u);
    EXPECT_EQ(r.stats.generated_states,
              check_model(toy::Grid(4, 3), bfs(dfs(store))).stats.generated_states);
  }
}

TEST(Dfs, RandomGraphCountsEqualBfsWithAndWithoutDepthBound) {
  for (uint64_t seed = 1; seed <= 15; ++seed) {
    toy::RandomGraph g(60 + static_cast<uint32_t>(seed * 37 % 400), 1 + seed % 3, seed);
    for (auto [store, bits] : {std::pair{StoreMode::Fingerprint, 64u},
                               {StoreMode::Fingerprint, 128u},
                               {StoreMode::Exact, 64u}})
      for (std::optional<uint32_t> bound :
           {std::optional<uint32_t>(), std::optional<uint32_t>(3), std::optional<uint32_t>(6)}) {
        CheckOptions o = dfs(store);
        o.fingerprint_bits = bits;
        o.max_depth = bound;
        CheckResult d = check_model(g, o);
        CheckResult b = check_model(g, bfs(o));
        SCOPED_TRACE("seed " + std::to_string(seed) + " bound " +
                     (bound ? std::to_string(*bound) : "none") + " bits " + std::to_string(bits));
        EXPECT_EQ(d.verdict, b.verdict);
        EXPECT_EQ(d.stats.distinct_states, b.stats.distinct_states);
      }
  }
}

TEST(Dfs, InvariantViolationTraceReplays) {
  int found = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    int64_t bad = static_cast<int64_t>(seed * 997 % 3000);
    toy::RandomGraph g(3000, 3, seed, bad);
    CheckResult b = check_model(g, bfs(dfs()));
    CheckResult d = check_model(g, dfs());
    EXPECT_EQ(d.verdict, b.verdict);
    if (d.verdict != Verdict::Violation) continue;
    ++found;
    EXPECT_EQ(d.finding->property, "AvoidsBad");
    // Not necessarily shortest, but never shorter than BFS's shortest.
    EXPECT_GE(d.finding->trace.steps.size(), b.finding->trace.steps.size());
    expect_replays_to_violation(g, d);
  }
  EXPECT_GT(found, 3);
}

TEST(Dfs, StepPropertyAndDeadlock) {
  CheckResult step = check_model(toy::Counter(4, true), dfs());
  ASSERT_EQ(step.verdict, Verdict::Violation);
  EXPECT_EQ(step.finding->property, "Monotonic");
  expect_replays_to_violation(toy::Counter(4, true), step);

  CheckOptions o = dfs();
  EXPECT_EQ(check_model(toy::Grid(3, 2), o).verdict, Verdict::Holds);
  o.check_deadlock = true;
  CheckResult dead = check_model(toy::Grid(3, 2), o);
  ASSERT_EQ(dead.verdict, Verdict::Deadlock);
  EXPECT_EQ(dead.finding->trace.steps.back().state, (FieldList{{"x", "3"}, {"y", "2"}}));
  EXPECT_EQ(check_model(toy::Grid(3, 2, false, false), o).verdict, Verdict::Holds);
}

TEST(Dfs, DepthBoundAndGoals) {
  CheckOptions o = dfs();
  o.max_depth = 3;
  CheckResult r = check_model(toy::Grid(4, 4), o);
  EXPECT_EQ(r.verdict, Verdict::HoldsUpToDepth);
  EXPECT_EQ(r.stats.distinct_states, 10u);  // levels 0..3 of the grid
  CheckResult bad = check_model(toy::Grid(4, 4, true), o);
  EXPECT_EQ(bad.verdict, Verdict::HoldsUpToDepth);  // the corner is at depth 8

  // Goal depth: met again shallower, the recorded depth is the smallest.
  CheckResult goals = check_model(toy::Grid(3, 3), o);
  ASSERT_EQ(goals.goals.size(), 1u);
  EXPECT_TRUE(goals.goals[0].reached);
  EXPECT_EQ(goals.goals[0].depth, 2u);

  CheckOptions w = dfs();
  w.witness_goal = "Diagonal";
  CheckResult witness = check_model(toy::Grid(3, 3), w);
  ASSERT_EQ(witness.verdict, Verdict::GoalReached);
  const FieldList& last = witness.finding->trace.steps.back().state;
  EXPECT_EQ(last[0].value, last[1].value);
  EXPECT_EQ(check_model(toy::Grid(3, 0), w).verdict, Verdict::GoalUnreachable);
}

TEST(Dfs, LimitsAndInterrupt) {
  CheckOptions o = dfs();
  o.max_states = 10;
  CheckResult r = check_model(toy::Grid(20, 20), o);
  EXPECT_EQ(r.verdict, Verdict::LimitReached);
  EXPECT_EQ(r.stats.distinct_states, 10u);
  EXPECT_NE(r.stop_reason.find("state limit"), std::string::npos);

  std::atomic<bool> flag{true};
  CheckOptions i = dfs();
  i.interrupt = &flag;
  CheckResult stopped = check_model(toy::Grid(3000, 3000), i);
  EXPECT_EQ(stopped.verdict, Verdict::Interrupted);
  EXPECT_LT(stopped.stats.distinct_states, 3001u * 3001u);
}

TEST(Dfs, StackMemoryFollowsDepthNotStates) {
  // A long chain: DFS goes 2000 deep; the search must not recurse (no stack overflow).
  CheckOptions o = dfs();
  CheckResult r = check_model(toy::Grid(2000, 1), o);
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 2001u * 2u);
  EXPECT_EQ(r.stats.depth, 2001u);
}

}  // namespace
}  // namespace faultline
