// Bitstate hashing: the coverage estimate, exact agreement with the fingerprint store when the
// bit array is large, omissions (and an honest coverage below 100%) when it is small, the same
// result for any worker count, and bugs still found with replayable traces, in BFS and DFS.
#include <gtest/gtest.h>

#include <cmath>

#include "store/bitstate_store.hpp"
#include "testing/model_contracts.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline {
namespace {

CheckOptions bitstate(unsigned log2_bits, unsigned workers = 1,
                      SearchStrategy strategy = SearchStrategy::Bfs) {
  CheckOptions o;
  o.workers = workers;
  o.strategy = strategy;
  o.bitstate_log2_bits = log2_bits;
  return o;
}

using testing_support::labels;

TEST(Bitstate, CoverageEstimateMatchesTheSumItApproximates) {
  EXPECT_EQ(bitstate_expected_coverage(0, 20, 3), 1.0);
  EXPECT_GT(bitstate_expected_coverage(1000, 30, 3), 0.999999);
  const unsigned log2m = 16;
  const double m = 65536;
  for (uint64_t n : {1000u, 20000u, 60000u}) {
    double lost = 0;
    for (uint64_t i = 1; i <= n; ++i) lost += std::pow(1 - std::exp(-3.0 * i / m), 3);
    EXPECT_NEAR(bitstate_expected_coverage(n, log2m, 3), 1 - lost / n, 1e-3) << n;
  }
  EXPECT_LT(bitstate_expected_coverage(60000, log2m, 3),
            bitstate_expected_coverage(20000, log2m, 3));
}

TEST(Bitstate, StoreInsertAndSeen) {
  BitstateStore store(bitstate(12));
  EXPECT_FALSE(store.seen(12345));
  EXPECT_TRUE(store.insert(12345));
  EXPECT_TRUE(store.seen(12345));
  EXPECT_FALSE(store.insert(12345));
  EXPECT_EQ(store.log2_bits(), 12u);
}

TEST(Bitstate, LargeArrayGivesExactCounts) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    toy::RandomGraph g(200 + static_cast<uint32_t>(seed * 37 % 400), 1 + seed % 3, seed);
    CheckOptions plain;
    plain.workers = 1;
    const uint64_t expected = check_model(g, plain).stats.distinct_states;
    for (SearchStrategy s : {SearchStrategy::Bfs, SearchStrategy::Dfs}) {
      CheckResult r = check_model(g, bitstate(24, 2, s));
      EXPECT_EQ(r.verdict, Verdict::Holds);
      EXPECT_EQ(r.stats.distinct_states, expected) << "seed " << seed;
      EXPECT_EQ(r.stats.bitstate_log2_bits, 24u);
      EXPECT_EQ(r.stats.bitstate_hashes, kBitstateHashes);
      EXPECT_GT(r.stats.bitstate_coverage, 0.9999);
    }
  }
}

TEST(Bitstate, SmallArrayOmitsStatesAndSaysSo) {
  toy::Grid grid(100, 100);  // 10201 states
  CheckResult one = check_model(grid, bitstate(14, 1));
  EXPECT_EQ(one.verdict, Verdict::Holds);
  EXPECT_LT(one.stats.distinct_states, 10201u);
  EXPECT_LT(one.stats.bitstate_coverage, 0.99);
  EXPECT_GT(one.stats.bitstate_coverage, 0.0);
  // Deterministic for any worker count.
  for (unsigned workers : {2u, 4u}) {
    CheckResult r = check_model(grid, bitstate(14, workers));
    EXPECT_EQ(r.stats.distinct_states, one.stats.distinct_states);
    EXPECT_EQ(r.stats.generated_states, one.stats.generated_states);
    EXPECT_EQ(r.stats.depth, one.stats.depth);
  }
  CheckResult dfs = check_model(grid, bitstate(14, 1, SearchStrategy::Dfs));
  EXPECT_LT(dfs.stats.distinct_states, 10201u);
}

TEST(Bitstate, FindsBugsWithReplayableTraces) {
  int found = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    int64_t bad = static_cast<int64_t>(seed * 997 % 3000);
    toy::RandomGraph g(3000, 3, seed, bad);
    CheckOptions plain;
    plain.workers = 1;
    CheckResult exact = check_model(g, plain);
    if (exact.verdict != Verdict::Violation) continue;
    ++found;
    for (SearchStrategy s : {SearchStrategy::Bfs, SearchStrategy::Dfs})
      for (unsigned workers : {1u, 4u}) {
        CheckResult r = check_model(g, bitstate(20, workers, s));
        ASSERT_EQ(r.verdict, Verdict::Violation);
        if (s == SearchStrategy::Bfs) {  // no state lost here: the same shortest trace
          EXPECT_EQ(labels(r.finding->trace), labels(exact.finding->trace));
        }
        LabelReplay replay = replay_labels(g, labels(r.finding->trace));
        ASSERT_TRUE(replay.ok) << replay.error;
        EXPECT_EQ(replay.violated, std::vector<std::string>{"AvoidsBad"});
      }
  }
  EXPECT_GT(found, 3);
}

}  // namespace
}  // namespace faultline
