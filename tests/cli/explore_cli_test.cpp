// Exploring around a spec: check --model without a spec file, --no-expect, [expect] left
// unchecked when the command line changes what it was written for, the expect keys
// generated_states and goal_depths, and --version.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/exit_codes.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::fake_cli;
using testing::expect_one_line_error;
using testing::has;

class ExploreCli : public ::testing::Test {
 protected:
  std::string spec(const std::string& variant, const std::string& extra = "") {
    return dir_.write(variant + ".ini", "[model]\nname = toy\nvariant = " + variant +
                                            "\n[params]\nacceptors = 3\n" + extra);
  }
  testing::TempDir dir_;
};

TEST_F(ExploreCli, ModelWithoutASpecFile) {
  CliRun r = fake_cli({"check", "--model", "toy", "--no-progress"});
  EXPECT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_TRUE(has(r.out, "model: toy (variant correct); acceptors=3")) << r.out;
  EXPECT_FALSE(has(r.out, "expect:"));

  CliRun buggy = fake_cli({"check", "--model", "toy", "--variant", "buggy", "--set",
                      "params.acceptors=5", "--workers", "2"});
  EXPECT_EQ(buggy.code, kExitViolation) << buggy.err;
  EXPECT_TRUE(has(buggy.out, "model: toy (variant buggy); acceptors=5")) << buggy.out;
  EXPECT_EQ(testing::last_options().workers, 2u);

  CliRun json = fake_cli({"check", "--model", "toy", "--json"});
  EXPECT_TRUE(nlohmann::json::parse(json.out)["spec"].is_null()) << json.out;
}

TEST_F(ExploreCli, ModelFlagsAreCheckedLikeSpecKeys) {
  CliRun unknown = fake_cli({"check", "--model", "nosuch"});
  EXPECT_EQ(unknown.code, kExitSpec);
  expect_one_line_error(unknown);
  EXPECT_TRUE(has(unknown.err, "command line (--model): model 'nosuch' is unknown")) << unknown.err;

  CliRun variant = fake_cli({"check", "--model", "toy", "--variant", "spicy"});
  EXPECT_EQ(variant.code, kExitSpec);
  expect_one_line_error(variant);

  CliRun key = fake_cli({"check", "--model", "toy", "--set", "params.nodes=3"});
  EXPECT_EQ(key.code, kExitSpec);
  EXPECT_TRUE(has(key.err, "command line (--set): unknown key 'params.nodes'")) << key.err;

  CliRun both = fake_cli({"check", spec("correct"), "--model", "toy"});
  EXPECT_EQ(both.code, kExitUsage);
  EXPECT_TRUE(has(both.err, "not both")) << both.err;

  CliRun alone = fake_cli({"check", spec("correct"), "--variant", "buggy"});
  EXPECT_EQ(alone.code, kExitUsage);
  EXPECT_TRUE(has(alone.err, "--variant needs --model")) << alone.err;

  CliRun neither = fake_cli({"check"});
  EXPECT_EQ(neither.code, kExitUsage);
  EXPECT_TRUE(has(neither.err, "missing SPEC (the spec file to check, or --model NAME)"))
      << neither.err;
}

TEST_F(ExploreCli, NoExpectRunsTheSpecWithoutItsExpectation) {
  const std::string s = spec("correct", "[expect]\nverdict = violation\n");
  EXPECT_EQ(fake_cli({"check", s}).code, kExitExpectMismatch);
  CliRun r = fake_cli({"check", s, "--no-expect"});
  EXPECT_EQ(r.code, kExitHolds) << r.out;
  EXPECT_TRUE(has(r.out, "expect: not checked (--no-expect)\n")) << r.out;
}

TEST_F(ExploreCli, ChangingWhatTheExpectationWasWrittenForLeavesItUnchecked) {
  const std::string s = spec("correct", "[expect]\nverdict = violation\n");
  CliRun sweep = fake_cli({"check", s, "--set", "params.acceptors=5"});
  EXPECT_EQ(sweep.code, kExitHolds) << sweep.out;
  EXPECT_TRUE(has(sweep.out,
                  "expect: not checked ([expect] was written for other values than "
                  "params.acceptors = 5 (--set))\n"))
      << sweep.out;
  CliRun flags = fake_cli({"check", s, "--max-depth", "4", "--set", "faults.drops=1"});
  EXPECT_EQ(flags.code, kExitHolds) << flags.out;
  EXPECT_TRUE(has(flags.out, "bounds.max_depth = 4 (--max-depth)")) << flags.out;
  EXPECT_TRUE(has(flags.out, "faults.drops = 1 (--set)")) << flags.out;
  // The file's own value, and engine keys that leave the state space as it is, keep [expect].
  EXPECT_EQ(fake_cli({"check", s, "--set", "params.acceptors=3"}).code, kExitExpectMismatch);
  EXPECT_EQ(fake_cli({"check", s, "--workers", "3", "--store", "exact"}).code, kExitExpectMismatch);
}

TEST_F(ExploreCli, ExpectPinsGeneratedStatesAndGoalDepths) {
  CliRun met = fake_cli({"check", spec("correct", "[expect]\nverdict = holds\ngenerated_states = 100\n"
                                             "goal_depths = Chosen:3\n")});
  EXPECT_EQ(met.code, kExitHolds) << met.out << met.err;
  EXPECT_TRUE(has(met.out, "expect: met\n")) << met.out;

  CliRun off = fake_cli({"check", spec("correct", "[expect]\nverdict = holds\ngenerated_states = 99\n"
                                             "goal_depths = Chosen:4\n")});
  EXPECT_EQ(off.code, kExitExpectMismatch);
  EXPECT_TRUE(has(off.out,
                  "expect: NOT met: generated states: 100, expected 99; goal Chosen first "
                  "reached at depth 3, expected 4\n"))
      << off.out;

  CliRun never = fake_cli({"check", spec("vacuous", "[expect]\ngoal_depths = Chosen:3\n")});
  EXPECT_TRUE(has(never.out, "goal Chosen was not reached, expected it at depth 3")) << never.out;
}

TEST_F(ExploreCli, BadGoalDepthsAndGeneratedStatesAreSpecErrors) {
  for (const std::string bad : {"Chosen", "Chosen:", ":3", "Chosen:x", "Chosen:3,"}) {
    CliRun r = fake_cli({"check", spec("correct", "[expect]\ngoal_depths = " + bad + "\n")});
    EXPECT_EQ(r.code, kExitSpec) << bad;
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "expected comma-separated GOAL:DEPTH pairs")) << r.err;
  }
  CliRun unknown = fake_cli({"check", spec("correct", "[expect]\ngoal_depths = Elected:3\n")});
  EXPECT_EQ(unknown.code, kExitSpec);
  EXPECT_TRUE(has(unknown.err, "expect.goal_depths: 'Elected' is not a goal of toy")) << unknown.err;
  // A search that stops at its finding generates a worker-dependent number of states.
  CliRun stops = fake_cli({"check", spec("buggy", "[expect]\nverdict = violation\n"
                                             "generated_states = 100\n")});
  EXPECT_EQ(stops.code, kExitSpec);
  expect_one_line_error(stops);
  EXPECT_TRUE(has(stops.err, "needs holds, holds-up-to-depth or vacuous")) << stops.err;
}

TEST(VersionCli, PrintsTheVersion) {
  CliRun r = fake_cli({"--version"});
  EXPECT_EQ(r.code, kExitHolds);
  EXPECT_EQ(r.out, std::string("faultline ") + version() + "\n");
  EXPECT_TRUE(std::regex_match(std::string(version()), std::regex(R"(\d+\.\d+\.\d+)")))
      << version();
  EXPECT_EQ(fake_cli({"--version", "x"}).code, kExitUsage);
}

}  // namespace
}  // namespace faultline
