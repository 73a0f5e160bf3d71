// The CLI of the search modes on the fake catalog: `check --strategy/--bitstate` reach the
// engine (and the spec keys engine.strategy / engine.bitstate), `simulate` flags (progress
// included), output, [expect] and exit codes; bad values get one error line.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::fake_cli;
using testing::expect_one_line_error;
using testing::has;
using testing::TempDir;

class SearchCli : public ::testing::Test {
 protected:
  std::string spec(const std::string& variant, const std::string& extra = "") {
    return dir_.write(variant + ".ini", "[model]\nname = toy\nvariant = " + variant + "\n" + extra);
  }
  TempDir dir_;
};

TEST_F(SearchCli, StrategyAndBitstateReachTheEngine) {
  CliRun r = fake_cli({"check", spec("correct"), "--strategy", "dfs", "--bitstate", "2^24"});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_EQ(testing::last_options().strategy, SearchStrategy::Dfs);
  EXPECT_EQ(testing::last_options().bitstate_log2_bits, 24u);
  fake_cli({"check", spec("correct", "[engine]\nstrategy = dfs\nbitstate = 2^30\n")});
  EXPECT_EQ(testing::last_options().strategy, SearchStrategy::Dfs);
  EXPECT_EQ(testing::last_options().bitstate_log2_bits, 30u);
  fake_cli({"check", spec("correct")});
  EXPECT_EQ(testing::last_options().strategy, SearchStrategy::Bfs);
  EXPECT_FALSE(testing::last_options().bitstate_log2_bits);
}

TEST_F(SearchCli, FrontierMemoryAndMemoryLimitReachTheEngine) {
  CliRun r = fake_cli({"check", spec("correct"), "--frontier-memory", "64", "--memory-limit", "512"});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_EQ(testing::last_options().frontier_memory_bytes, uint64_t{64} << 20);
  EXPECT_EQ(testing::last_options().memory_limit_bytes, uint64_t{512} << 20);
  fake_cli({"check", spec("correct", "[engine]\nfrontier_memory = 8\n")});
  EXPECT_EQ(testing::last_options().frontier_memory_bytes, uint64_t{8} << 20);
  fake_cli({"check", spec("correct")});
  EXPECT_FALSE(testing::last_options().frontier_memory_bytes);
  for (const char* bad : {"0", "-1", "1GiB"}) {
    CliRun b = fake_cli({"check", spec("correct"), "--frontier-memory", bad});
    EXPECT_EQ(b.code, kExitSpec) << bad;
    expect_one_line_error(b);
    EXPECT_TRUE(has(b.err, "--frontier-memory")) << b.err;
  }
}

TEST_F(SearchCli, BadStrategyOrBitstateIsOneLine) {
  for (auto [flag, value] : {std::pair<std::string, std::string>{"--strategy", "astar"},
                             {"--bitstate", "27"},
                             {"--bitstate", "2^9"},
                             {"--bitstate", "2^41"},
                             {"--bitstate", "2^x"},
                             {"--bitstate", "128MiB"}}) {
    CliRun r = fake_cli({"check", spec("correct"), flag, value});
    EXPECT_EQ(r.code, kExitSpec) << flag << " " << value;
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, flag)) << r.err;
  }
  CliRun r = fake_cli({"check", spec("correct", "[engine]\nbitstate = 1000\n")});
  EXPECT_EQ(r.code, kExitSpec);
  EXPECT_TRUE(has(r.err,
                  ":5: engine.bitstate = '1000': expected a bit-array size 2^N with N in "
                  "10..40"))
      << r.err;
}

TEST_F(SearchCli, SimulateReportsWithoutClaimingHolds) {
  CliRun r = fake_cli({"simulate", spec("correct"), "--runs", "20", "--depth", "7", "--seed", "5",
                  "--workers", "3"});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_EQ(testing::last_simulate_options().runs, 20u);
  EXPECT_EQ(testing::last_simulate_options().depth, 7u);
  EXPECT_EQ(testing::last_simulate_options().seed, 5u);
  EXPECT_EQ(testing::last_options().workers, 3u);
  EXPECT_TRUE(has(r.out, "simulate: 20 random runs of up to 7 steps, seed 5\n"));
  EXPECT_TRUE(has(r.out, "no violation in 20 random runs of up to 7 steps\n"));
  EXPECT_FALSE(has(r.out, "holds"));
  // A goal not reached by random walks is not vacuity.
  EXPECT_EQ(fake_cli({"simulate", spec("vacuous")}).code, kExitHolds);
}

// simulate shows progress as check does: by default on a terminal, or as asked.
TEST_F(SearchCli, SimulateProgressDefaultsToTheTerminal) {
  ASSERT_EQ(testing::fake_cli({"simulate", spec("correct")}, nullptr, /*tty=*/true).code,
            kExitHolds);
  EXPECT_TRUE(testing::last_options().progress);
  testing::fake_cli({"simulate", spec("correct"), "--no-progress"}, nullptr, true);
  EXPECT_FALSE(testing::last_options().progress);
  testing::fake_cli({"simulate", spec("correct"), "--progress"}, nullptr, false);
  EXPECT_TRUE(testing::last_options().progress);
  fake_cli({"simulate", spec("correct")});
  EXPECT_FALSE(testing::last_options().progress);
  CliRun both = fake_cli({"simulate", spec("correct"), "--progress", "--no-progress"});
  EXPECT_EQ(both.code, kExitUsage);
  expect_one_line_error(both);
}

TEST_F(SearchCli, SimulateViolationAndExpect) {
  CliRun r = fake_cli({"simulate", spec("buggy")});
  EXPECT_EQ(r.code, kExitViolation);
  EXPECT_TRUE(has(r.out, "VIOLATION of Agreement\n"));
  EXPECT_TRUE(has(r.out, "not necessarily a shortest one"));
  EXPECT_TRUE(has(r.out, "counterexample (2 steps):"));

  std::string met = spec("buggy",
                         "[expect]\nverdict = violation\nproperty = Agreement\n"
                         "trace_length = 99\ndistinct_states = 1\n");
  CliRun m = fake_cli({"simulate", met});
  EXPECT_EQ(m.code, kExitViolation);
  EXPECT_TRUE(has(m.out, "expect: met (verdict and property;")) << m.out;

  CliRun not_met = fake_cli({"simulate", spec("correct", "[expect]\nverdict = violation\n")});
  EXPECT_EQ(not_met.code, kExitExpectMismatch);
  EXPECT_TRUE(has(not_met.out, "expect: NOT met: verdict is holds, expected violation"));

  CliRun unjudged = fake_cli({"simulate", spec("correct",
                                          "[limits]\nmax_states = 5\n[expect]\n"
                                          "verdict = limit\n")});
  EXPECT_EQ(unjudged.code, kExitHolds);
  EXPECT_TRUE(has(unjudged.out, "expect: not checked"));
}

TEST_F(SearchCli, SimulateBadValuesAreOneLineUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--runs", "0"},
                                                                {"--runs", "many"},
                                                                {"--depth", "-1"},
                                                                {"--depth", "0"},
                                                                {"--seed", "x"},
                                                                {"--seed", "18446744073709551616"},
                                                                {"--bogus"}}) {
    std::vector<std::string> full = {"simulate", spec("correct")};
    full.insert(full.end(), args.begin(), args.end());
    CliRun r = fake_cli(full);
    EXPECT_EQ(r.code, kExitUsage) << args[0];
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "(see 'faultline simulate --help')")) << r.err;
  }
  CliRun missing = fake_cli({"simulate"});
  EXPECT_EQ(missing.code, kExitUsage);
  expect_one_line_error(missing);
  CliRun help = fake_cli({"simulate", "--help"});
  EXPECT_EQ(help.code, kExitHolds);
  EXPECT_TRUE(has(help.out, "usage: faultline simulate SPEC"));
  EXPECT_TRUE(has(fake_cli({"--help"}).out, "faultline simulate SPEC"));
  EXPECT_TRUE(has(fake_cli({"check", "--help"}).out, "--strategy"));
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// [expect] keys a search mode cannot promise are left out and said so: a depth-first trace
// need not be shortest, bitstate hashing may omit states.
TEST(SearchCliExpect, ModesSkipWhatTheyCannotPromise) {
  const std::string specs = FAULTLINE_SOURCE_DIR "/specs/";
  CliRun dfs = testing::run_captured(
      {"check", specs + "raft_no_log_up_to_date_check.ini", "--strategy", "dfs", "--no-progress"});
  EXPECT_EQ(dfs.code, 10) << dfs.err;
  EXPECT_TRUE(has(dfs.out, "expect: met (not compared: trace_length (depth-first traces need "
                           "not be shortest))\n"));
  CliRun bits = testing::run_captured(
      {"check", specs + "paxos_abstract_3a2v3b.ini", "--bitstate", "2^16", "--no-progress"});
  EXPECT_EQ(bits.code, 0) << bits.err;
  EXPECT_TRUE(has(bits.out, "expect: met (not compared: distinct_states (bitstate hashing may "
                            "omit states))\n"));
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// Bitstate hashing proves nothing unreachable: a goal it misses is no vacuity (exit 0, said in
// the output), the JSON result does not call properties "holds", and DFS counts coverage.
TEST(SearchCliBitstate, NoProofOfVacuityOrHolds) {
  const std::string spec = FAULTLINE_SOURCE_DIR "/specs/paxos_abstract_small.ini";
  CliRun goal = testing::run_captured(
      {"check", spec, "--bitstate", "2^10", "--goal", "ValueChosen", "--max-depth", "3"});
  EXPECT_EQ(goal.code, 0) << goal.out;
  EXPECT_TRUE(has(goal.out, "omitted states may reach it")) << goal.out;
  CliRun json = testing::run_captured({"check", spec, "--bitstate", "2^10", "--json"});
  EXPECT_TRUE(has(json.out, "\"store\": \"bitstate\"")) << json.out;
  EXPECT_TRUE(has(json.out, "\"status\": \"not-violated\"")) << json.out;
  EXPECT_FALSE(has(json.out, "\"status\": \"holds\"")) << json.out;
  CliRun dfs = testing::run_captured({"check", spec, "--strategy", "dfs", "--coverage"});
  EXPECT_TRUE(has(dfs.out, "coverage (transitions per kind of action):")) << dfs.out;
  EXPECT_FALSE(has(dfs.out, "(no transitions)")) << dfs.out;
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// engine.sweep on a real model, end to end: the spec's pinned count is met, the summary and
// the JSON result say what the levels were swept by, and a model without a measure is refused.
TEST(SearchCliSweep, PaxosAbstractMeetsItsExpectations) {
  const std::string specs = FAULTLINE_SOURCE_DIR "/specs/";
  CliRun r = testing::run_captured(
      {"check", specs + "paxos_abstract_3a2v3b.ini", "--sweep", "on", "--no-progress"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "distinct states: 185369\n")) << r.out;
  EXPECT_TRUE(has(r.out, "sweep: each level forgotten once explored (graded progress measure: "
                         "messages sent)\n"))
      << r.out;
  EXPECT_TRUE(has(r.out, "expect: met\n")) << r.out;
  CliRun json = testing::run_captured(
      {"check", specs + "paxos_abstract_small.ini", "--sweep", "on", "--json"});
  EXPECT_TRUE(has(json.out, "\"sweep\": \"messages sent\"")) << json.out;
  CliRun raft = testing::run_captured(
      {"check", specs + "raft_no_log_up_to_date_check.ini", "--sweep", "on", "--no-progress"});
  EXPECT_EQ(raft.code, kExitSpec);
  testing::expect_one_line_error(raft);
  EXPECT_TRUE(has(raft.err, "(--sweep): engine.sweep = on: model raft declares no graded "
                            "progress measure"))
      << raft.err;
}

}  // namespace
}  // namespace faultline
