// Every spec in specs/ of up to 300,000 states checked depth-first and with bitstate hashing: the
// same verdict as breadth-first search and, on exhaustive runs, the same distinct-state count;
// every DFS counterexample replays from its labels and fails its property. The known bug
// variants are also found by random simulation with a fixed seed, the same for 1 and 4 workers.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/model_info.hpp"
#include "spec/spec_file.hpp"
#include "testing/model_contracts.hpp"

namespace faultline {
namespace {

constexpr uint64_t kSearchModesLimit = 300000;

// The specs in specs/ whose [expect] does not promise more than kSearchModesLimit states.
std::vector<std::string> small_specs() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(FAULTLINE_SOURCE_DIR "/specs")) {
    if (e.path().extension() != ".ini") continue;
    CheckRequest req = load_spec(e.path().string(), {}, all_models());
    if (!req.expect.distinct_states || *req.expect.distinct_states <= kSearchModesLimit)
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

using testing_support::labels;

bool exhaustive(Verdict v) {
  return v == Verdict::Holds || v == Verdict::HoldsUpToDepth || v == Verdict::GoalUnreachable;
}

// The finding's labels replay and end violating its property (or reaching its goal).
void expect_replays(const ModelRunner& runner, const CheckResult& r) {
  ASSERT_TRUE(r.finding);
  LabelReplay replay = runner.replay_labels(labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  const auto& ends = r.verdict == Verdict::GoalReached ? replay.goals_reached : replay.violated;
  EXPECT_NE(std::find(ends.begin(), ends.end(), r.finding->property), ends.end())
      << r.finding->property;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class SearchModes : public ::testing::TestWithParam<std::string> {};

TEST_P(SearchModes, DfsAndBitstateAgreeWithBfs) {
  CheckRequest req = load_spec(GetParam(), {}, all_models());
  auto runner = req.model->make(req.params, req.variant);
  CheckOptions base = req.options;
  base.progress = false;
  base.workers = 2;
  CheckResult bfs = runner->check(base);

  CheckOptions dfs = base;
  dfs.strategy = SearchStrategy::Dfs;
  CheckResult d = runner->check(dfs);
  EXPECT_EQ(d.verdict, bfs.verdict);
  if (exhaustive(bfs.verdict)) {
    EXPECT_EQ(d.stats.distinct_states, bfs.stats.distinct_states);
  }
  if (d.finding) {
    EXPECT_GE(d.finding->trace.steps.size(), bfs.finding->trace.steps.size());
    expect_replays(*runner, d);
  }

  CheckOptions bits = base;
  bits.bitstate_log2_bits = 28;  // 32 MiB: no state lost at these sizes
  CheckResult b = runner->check(bits);
  EXPECT_EQ(b.verdict, bfs.verdict);
  EXPECT_EQ(b.stats.distinct_states, bfs.stats.distinct_states);
  ASSERT_EQ(b.finding.has_value(), bfs.finding.has_value());
  if (b.finding) {
    EXPECT_EQ(labels(b.finding->trace), labels(bfs.finding->trace));
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, SearchModes, ::testing::ValuesIn(small_specs()), test_name);

// Bug variants that random walks (seed 1, 300 walks of up to 60 steps) find.
class SimulationFindsBugs : public ::testing::TestWithParam<std::string> {};

TEST_P(SimulationFindsBugs, ViolationFoundReplayedAndIndependentOfWorkers) {
  CheckRequest req = load_spec(FAULTLINE_SOURCE_DIR "/specs/" + GetParam(), {}, all_models());
  auto runner = req.model->make(req.params, req.variant);
  SimulateOptions sim;
  sim.runs = 300;
  sim.depth = 60;
  sim.seed = 1;
  CheckOptions o = req.options;
  o.progress = false;
  o.workers = 1;
  CheckResult one = runner->simulate(o, sim);
  ASSERT_EQ(one.verdict, Verdict::Violation);
  EXPECT_EQ(one.finding->property, *req.expect.property);
  expect_replays(*runner, one);
  o.workers = 4;
  CheckResult four = runner->simulate(o, sim);
  ASSERT_EQ(four.verdict, Verdict::Violation);
  EXPECT_EQ(four.simulation->violating_run, one.simulation->violating_run);
  EXPECT_EQ(labels(four.finding->trace), labels(one.finding->trace));
}

INSTANTIATE_TEST_SUITE_P(Specs, SimulationFindsBugs,
                         ::testing::Values("paxos_forget_promise.ini", "raft_count_stale_votes.ini",
                                         "paxos_shared_ballots.ini", "paxos_quorum_floor.ini",
                                         "raft_vote_not_persisted.ini",
                                         "paxos_ignore_promised_values.ini"),
                         test_name);

}  // namespace
}  // namespace faultline
