// Engine tests on toy models with hand-computable counts, random graphs checked against a
// reference search, and cross-checks over worker counts and store modes.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <set>

#include "tests/engine/toy_models.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline {
namespace {

CheckOptions opts(unsigned workers = 1, StoreMode store = StoreMode::Fingerprint,
                  unsigned fingerprint_bits = 64) {
  CheckOptions o;
  o.workers = workers;
  o.store = store;
  o.fingerprint_bits = fingerprint_bits;
  return o;
}

// The store modes the cross-checks compare: 64- and 128-bit fingerprints, whole states.
struct StoreConfig {
  StoreMode store;
  unsigned fingerprint_bits;
  const char* name;
};
constexpr StoreConfig kStores[] = {{StoreMode::Fingerprint, 64, "fingerprint"},
                                   {StoreMode::Fingerprint, 128, "fingerprint128"},
                                   {StoreMode::Exact, 64, "exact"}};

using testing_support::labels;

TEST(Bfs, GridCountsAreHandComputable) {
  // (w+1)(h+1) states; deepest level is w+h; every state but the corner has 1 or 2 successors.
  toy::Grid grid(4, 3);
  CheckResult r = check_model(grid, opts());
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 20u);
  EXPECT_EQ(r.stats.depth, 7u);
  // generated = 1 initial + edges: right moves 4*4=16, up moves 5*3=15.
  EXPECT_EQ(r.stats.generated_states, 32u);
  ASSERT_EQ(r.goals.size(), 1u);
  EXPECT_TRUE(r.goals[0].reached);
  EXPECT_EQ(r.goals[0].depth, 2u);  // (1,1)
}

TEST(Bfs, NoOpActionsAreNotTransitions) {
  // States 0..5; from v: +1 (v<=4), +2 (v<=3), no-op never counted.
  CheckResult r = check_model(toy::Counter(5, false), opts());
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 6u);
  EXPECT_EQ(r.stats.generated_states, 1u + 5 + 4);
  EXPECT_EQ(r.stats.depth, 3u);  // 5 = 2 + 2 + 1
}

TEST(Bfs, InvariantViolationGivesShortestReplayedTrace) {
  toy::Grid grid(3, 2, /*corner_is_bad=*/true);
  CheckResult r = check_model(grid, opts());
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->property, "NotAtCorner");
  EXPECT_EQ(r.finding->kind, "invariant");
  EXPECT_EQ(r.finding->trace.steps.size(), 5u);
  EXPECT_EQ(r.finding->reason, "at (3,2)");
  EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"x", "3"}, {"y", "2"}}));
  EXPECT_EQ(r.finding->trace.initial, (FieldList{{"x", "0"}, {"y", "0"}}));
}

TEST(Bfs, StepPropertyChecksEveryTransition) {
  CheckResult r = check_model(toy::Counter(4, true), opts());
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->property, "Monotonic");
  EXPECT_EQ(r.finding->kind, "step");
  // The first drop is from 1 or 2 (both at depth 1) back to 0: a trace of 2 steps.
  ASSERT_EQ(r.finding->trace.steps.size(), 2u);
  EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"v", "0"}}));
}

TEST(Bfs, DeadlockIsReportedOnlyWhenAsked) {
  toy::Grid grid(2, 2);
  EXPECT_EQ(check_model(grid, opts()).verdict, Verdict::Holds);
  CheckOptions o = opts();
  o.check_deadlock = true;
  CheckResult r = check_model(grid, o);
  ASSERT_EQ(r.verdict, Verdict::Deadlock);
  EXPECT_EQ(r.finding->trace.steps.size(), 4u);
  toy::Grid wrapping(2, 2, false, /*deadlock_at_corner=*/false);
  EXPECT_EQ(check_model(wrapping, o).verdict, Verdict::Holds);
}

TEST(Bfs, DepthBoundIsAVerdictNotAPass) {
  CheckOptions o = opts();
  o.max_depth = 3;
  CheckResult r = check_model(toy::Grid(4, 4), o);
  EXPECT_EQ(r.verdict, Verdict::HoldsUpToDepth);
  EXPECT_EQ(r.stats.distinct_states, 1u + 2 + 3 + 4);
  EXPECT_EQ(r.stats.depth, 3u);
  // The bad corner lies beyond the bound: a too-small bound hides the bug.
  CheckResult bad = check_model(toy::Grid(4, 4, true), o);
  EXPECT_EQ(bad.verdict, Verdict::HoldsUpToDepth);
}

TEST(Bfs, StateLimitGivesNoVerdict) {
  CheckOptions o = opts();
  o.max_states = 10;
  CheckResult r = check_model(toy::Grid(20, 20), o);
  EXPECT_EQ(r.verdict, Verdict::LimitReached);
  EXPECT_GE(r.stats.distinct_states, 10u);
  EXPECT_NE(r.stop_reason.find("state limit"), std::string::npos);
}

TEST(Bfs, InterruptStopsCleanly) {
  std::atomic<bool> flag{true};
  CheckOptions o = opts();
  o.interrupt = &flag;
  CheckResult r = check_model(toy::Grid(3000, 3000), o);
  EXPECT_EQ(r.verdict, Verdict::Interrupted);
  EXPECT_LT(r.stats.distinct_states, 3001u * 3001u);
}

TEST(Bfs, WitnessForGoal) {
  CheckOptions o = opts();
  o.witness_goal = "Diagonal";
  CheckResult r = check_model(toy::Grid(3, 3), o);
  ASSERT_EQ(r.verdict, Verdict::GoalReached);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->trace.steps.size(), 2u);
  EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"x", "1"}, {"y", "1"}}));
  CheckResult none = check_model(toy::Grid(3, 0), o);
  EXPECT_EQ(none.verdict, Verdict::GoalUnreachable);
}

TEST(Bfs, NondeterministicModelIsReportedNotTraced) {
  CheckResult r = check_model(toy::Shuffling(), opts(1));
  EXPECT_EQ(r.verdict, Verdict::Nondeterministic);
  EXPECT_FALSE(r.finding);
  EXPECT_NE(r.stop_reason.find("not deterministic"), std::string::npos);
}

// Reference: plain sequential BFS over the graph's adjacency lists.
std::pair<size_t, size_t> reference_reach(const toy::RandomGraph& g, int64_t bad) {
  std::vector<int> dist(g.edges().size(), -1);
  std::deque<uint32_t> queue{0};
  dist[0] = 0;
  size_t count = 1;
  while (!queue.empty()) {
    uint32_t v = queue.front();
    queue.pop_front();
    for (uint32_t w : g.edges()[v])
      if (dist[w] < 0) {
        dist[w] = dist[v] + 1;
        ++count;
        queue.push_back(w);
      }
  }
  return {count, bad >= 0 ? static_cast<size_t>(dist[bad]) : 0};
}

TEST(Bfs, RandomGraphsMatchReferenceSearch) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    uint32_t nodes = 50 + static_cast<uint32_t>(seed * 37 % 400);
    uint32_t degree = 1 + seed % 3;
    toy::RandomGraph g(nodes, degree, seed);
    auto [count, unused] = reference_reach(g, -1);
    for (unsigned workers : {1u, 2u, 4u})
      for (const StoreConfig& c : kStores) {
        CheckResult r = check_model(g, opts(workers, c.store, c.fingerprint_bits));
        EXPECT_EQ(r.verdict, Verdict::Holds);
        EXPECT_EQ(r.stats.distinct_states, count)
            << "seed " << seed << " workers " << workers << " " << c.name;
      }
  }
}

TEST(Bfs, SameCounterexampleForEveryWorkerCountAndStore) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    toy::RandomGraph probe(3000, 3, seed);
    // Pick a bad vertex far from the start, so many shortest paths compete.
    std::vector<int> dist(3000, -1);
    auto [count, unused] = reference_reach(probe, -1);
    (void)count;
    int64_t bad = static_cast<int64_t>(seed * 997 % 3000);
    toy::RandomGraph g(3000, 3, seed, bad);
    auto [reach, depth] = reference_reach(g, bad);
    (void)reach;
    CheckResult first = check_model(g, opts(1));
    if (first.verdict == Verdict::Holds) continue;  // bad vertex unreachable for this seed
    ASSERT_EQ(first.verdict, Verdict::Violation);
    EXPECT_EQ(first.finding->trace.steps.size(), depth);
    for (unsigned workers : {1u, 2u, 4u})
      for (const StoreConfig& c : kStores) {
        if (workers == 1 && c.store == StoreMode::Fingerprint && c.fingerprint_bits == 64)
          continue;  // `first`
        CheckResult r = check_model(g, opts(workers, c.store, c.fingerprint_bits));
        ASSERT_EQ(r.verdict, Verdict::Violation);
        EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
        EXPECT_EQ(r.stats.depth, first.stats.depth);
        EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace))
            << "seed " << seed << " workers " << workers << " " << c.name;
      }
  }
}

// A frontier budget of a few KiB makes every level spill runs to disk and be merged into a
// level file: the counts, the depth and the counterexample must not change.
TEST(Bfs, SpilledFrontierGivesTheSameResults) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    int64_t bad = static_cast<int64_t>(seed * 7919 % 20000);
    toy::RandomGraph g(20000, 3, seed, bad);
    CheckResult plain = check_model(g, opts(1));
    EXPECT_EQ(plain.stats.frontier_spilled_bytes, 0u);
    for (unsigned workers : {1u, 2u, 4u})
      for (const StoreConfig& c : kStores) {
        CheckOptions o = opts(workers, c.store, c.fingerprint_bits);
        o.frontier_memory_bytes = 16 * 1024;
        CheckResult r = check_model(g, o);
        SCOPED_TRACE("seed " + std::to_string(seed) + " workers " + std::to_string(workers) +
                     " " + c.name);
        EXPECT_GT(r.stats.frontier_spilled_bytes, 0u);
        ASSERT_EQ(r.verdict, plain.verdict);
        EXPECT_EQ(r.stats.distinct_states, plain.stats.distinct_states);
        EXPECT_EQ(r.stats.generated_states, plain.stats.generated_states);
        EXPECT_EQ(r.stats.depth, plain.stats.depth);
        ASSERT_EQ(r.finding.has_value(), plain.finding.has_value());
        if (r.finding) {
          EXPECT_EQ(labels(r.finding->trace), labels(plain.finding->trace));
        }
      }
  }
}

TEST(Bfs, SpilledFrontierKeepsHandComputableCounts) {
  toy::Grid grid(300, 200);
  CheckOptions o = opts(2);
  o.frontier_memory_bytes = 8 * 1024;
  CheckResult r = check_model(grid, o);
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 301u * 201u);
  EXPECT_EQ(r.stats.depth, 500u);
  EXPECT_EQ(r.stats.generated_states, 1u + 300u * 201u + 301u * 200u);
  EXPECT_GT(r.stats.frontier_spilled_bytes, 0u);
  ASSERT_EQ(r.goals.size(), 1u);
  EXPECT_EQ(r.goals[0].depth, 2u);
}

TEST(Bfs, CollisionEstimateReported) {
  CheckResult r = check_model(toy::Grid(30, 30), opts());
  EXPECT_GT(r.stats.collision_probability, 0.0);
  EXPECT_LT(r.stats.collision_probability, 1e-10);
  CheckResult exact = check_model(toy::Grid(30, 30), opts(1, StoreMode::Exact));
  EXPECT_EQ(exact.stats.collision_probability, 0.0);
  EXPECT_EQ(exact.stats.distinct_states, r.stats.distinct_states);
  // 128 bits: n^2 / 2^129 instead of n^2 / 2^65.
  CheckResult wide = check_model(toy::Grid(30, 30), opts(1, StoreMode::Fingerprint, 128));
  EXPECT_EQ(wide.stats.distinct_states, r.stats.distinct_states);
  EXPECT_DOUBLE_EQ(wide.stats.collision_probability,
                   std::ldexp(r.stats.collision_probability, -64));
}

}  // namespace
}  // namespace faultline
