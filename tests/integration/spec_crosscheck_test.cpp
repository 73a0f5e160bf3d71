// Every spec in specs/ (the fast ones; see kHugeSpec), checked with 1, 2 and 4 workers, with every store
// mode (64- and 128-bit fingerprints, exact) and with the BFS frontier spilled to disk: the
// same verdict, counts, depth and counterexample each time. Every counterexample
// (and witness) replays from its labels and violates its property (reaches its goal) in the
// last state, and no shorter one exists (the same check bounded one step shorter finds
// nothing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/model_info.hpp"
#include "spec/spec_file.hpp"
#include "testing/model_contracts.hpp"
#include "tests/integration/spec_params.hpp"

namespace faultline {
namespace {

using testing_support::labels;

// Specs above kLargeSpec states get one cross-check; those that pin more than kHugeSpec
// (each spec.NAME ctest checks them once) are cross-checked only with
// FAULTLINE_CROSSCHECK_HUGE=1, as the ctest crosscheck.huge_specs (label slow) does, to keep
// the default suite within its time.
constexpr uint64_t kLargeSpec = 100000;
constexpr uint64_t kHugeSpec = 1000000;

class SpecCrossCheck : public ::testing::TestWithParam<std::string> {};

TEST_P(SpecCrossCheck, SameResultsForWorkersAndStoresAndTracesReplay) {
  CheckRequest req = load_spec(GetParam(), {}, all_models());
  const char* huge = std::getenv("FAULTLINE_CROSSCHECK_HUGE");
  if (req.expect.distinct_states.value_or(0) > kHugeSpec && !(huge && std::string(huge) == "1"))
    GTEST_SKIP() << "more than " << kHugeSpec << " states: crosscheck.huge_specs (label slow)";
  auto runner = req.model->make(req.params, req.variant);
  CheckOptions base = req.options;
  base.progress = false;
  base.workers = 1;
  CheckResult first = runner->check(base);
  struct StoreConfig {
    StoreMode store;
    unsigned fingerprint_bits;
    const char* name;
  };
  const StoreConfig stores[] = {{StoreMode::Fingerprint, 64, "fingerprint"},
                                {StoreMode::Fingerprint, 128, "fingerprint128"},
                                {StoreMode::Exact, 64, "exact"}};
  for (unsigned workers : {1u, 2u, 4u})
    for (const StoreConfig& c : stores) {
      if (workers == 1 && c.store == StoreMode::Fingerprint && c.fingerprint_bits == 64) continue;
      // Large specs (millions of states) get one cross-check, to keep the suite fast: 2
      // workers and 128-bit fingerprints against the first run's 1 worker and 64 bits.
      bool large = first.stats.distinct_states > kLargeSpec;
      if (large && (workers != 2 || c.fingerprint_bits != 128)) continue;
      CheckOptions o = base;
      o.workers = workers;
      o.store = c.store;
      o.fingerprint_bits = c.fingerprint_bits;
      CheckResult r = runner->check(o);
      SCOPED_TRACE("workers " + std::to_string(workers) + " " + c.name);
      EXPECT_EQ(r.verdict, first.verdict);
      EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
      EXPECT_EQ(r.stats.generated_states, first.stats.generated_states);
      EXPECT_EQ(r.stats.depth, first.stats.depth);
      ASSERT_EQ(r.finding.has_value(), first.finding.has_value());
      if (r.finding) {
        EXPECT_EQ(r.finding->property, first.finding->property);
        EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
      }
    }
  // The frontier spilled to disk (a 64 KiB budget) changes nothing either.
  if (first.stats.distinct_states <= kLargeSpec) {
    CheckOptions o = base;
    o.workers = 2;
    o.frontier_memory_bytes = 64 * 1024;
    CheckResult r = runner->check(o);
    SCOPED_TRACE("frontier spilled");
    EXPECT_EQ(r.verdict, first.verdict);
    EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
    EXPECT_EQ(r.stats.generated_states, first.stats.generated_states);
    EXPECT_EQ(r.stats.depth, first.stats.depth);
    ASSERT_EQ(r.finding.has_value(), first.finding.has_value());
    if (r.finding) {
      EXPECT_EQ(r.finding->property, first.finding->property);
      EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
    }
  }
  const bool witness = first.verdict == Verdict::GoalReached;
  if (!first.finding || (first.verdict != Verdict::Violation && !witness)) return;

  // The printed trace is a real run that ends in a state violating the property (or, for a
  // witness, reaching the goal).
  std::vector<std::string> trace = labels(first.finding->trace);
  LabelReplay replay = runner->replay_labels(trace);
  ASSERT_TRUE(replay.ok) << replay.error;
  const auto& ends = witness ? replay.goals_reached : replay.violated;
  EXPECT_NE(std::find(ends.begin(), ends.end(), first.finding->property), ends.end());

  // And it is a shortest one: one step less, nothing is violated (the goal is not reached).
  ASSERT_GT(trace.size(), 0u);
  if (first.stats.distinct_states > kLargeSpec) return;
  CheckOptions shorter = base;
  shorter.max_depth = static_cast<uint32_t>(trace.size() - 1);
  if (trace.size() - 1 == 0) return;
  CheckResult r = runner->check(shorter);
  EXPECT_TRUE(r.verdict == Verdict::HoldsUpToDepth || r.verdict == Verdict::Holds ||
              r.verdict == Verdict::GoalUnreachable)
      << "a " << (witness ? "witness" : "violation") << " within " << trace.size() - 1
      << " steps";
}

INSTANTIATE_TEST_SUITE_P(Specs, SpecCrossCheck, ::testing::ValuesIn(testing::spec_files()),
                         testing::spec_test_name);

}  // namespace
}  // namespace faultline
