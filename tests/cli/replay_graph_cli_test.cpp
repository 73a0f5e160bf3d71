// The replay and graph subcommands and check --json / --coverage through run_cli on the real
// models: exit codes, one-line errors for bad input, and what the output promises.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.hpp"
#include "core/errors.hpp"
#include "report/trace_json.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::run_captured;
using testing::expect_one_line_error;
using testing::has;


TEST(ReplayCli, UsageErrorsExit2) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"replay"}, {"replay", kPaxos}, {"replay", kPaxos, "t", "extra"},
           {"replay", kPaxos, "t", "--frobnicate"}}) {
    CliRun r = run_captured(args);
    EXPECT_EQ(r.code, kExitUsage) << r.err;
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "(see 'faultline replay --help')")) << r.err;
  }
  EXPECT_EQ(run_captured({"replay", kPaxos}).err,
            "faultline: replay: missing TRACE (the trace file to replay) (see 'faultline replay "
            "--help')\n");
  CliRun help = run_captured({"replay", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_TRUE(has(help.out, "usage: faultline replay SPEC TRACE [options]"));
  EXPECT_TRUE(has(help.out, "--full-states"));
}

TEST(ReplayCli, TraceFileErrorsAreOneLineExit3) {
  testing::TempDir dir;
  CliRun missing = run_captured({"replay", kPaxos, dir.path("none.trace")});
  EXPECT_EQ(missing.code, kExitSpec);
  expect_one_line_error(missing);
  EXPECT_TRUE(has(missing.err, "none.trace: cannot open trace file")) << missing.err;
  CliRun directory = run_captured({"replay", kPaxos, dir.path("")});
  EXPECT_EQ(directory.code, kExitSpec);
  expect_one_line_error(directory);
  EXPECT_TRUE(has(directory.err, "is a directory, not a trace file")) << directory.err;

  CliRun bad_json = run_captured({"replay", kPaxos, dir.write("bad.json", "{\n \"steps\": [\n  {,\n]}")});
  EXPECT_EQ(bad_json.code, kExitSpec);
  expect_one_line_error(bad_json);
  EXPECT_TRUE(has(bad_json.err, "bad.json:3: not valid JSON")) << bad_json.err;

  CliRun other_model = run_captured(
      {"replay", kPaxos, dir.write("raft.json", R"({"model": "raft", "steps": []})")});
  EXPECT_EQ(other_model.code, kExitSpec);
  expect_one_line_error(other_model);
  EXPECT_TRUE(has(other_model.err, "raft.json: the trace was written for model 'raft', but "))
      << other_model.err;
}

TEST(ReplayCli, WrongStepNamesLineLabelAndEnabledActions) {
  testing::TempDir dir;
  const std::string trace = dir.write("t.trace",
                                      "# p1 starts, then a message that was never sent\n"
                                      "start p1 b=1\n"
                                      "\n"
                                      "deliver Promise(b=1) a1->p1\n"
                                      "crash a1\n");
  CliRun r = run_captured({"replay", kPaxos, trace});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_EQ(r.err, "faultline: " + trace +
                       ":4: step 2 'deliver Promise(b=1) a1->p1' is not enabled after step 1 (10 "
                       "actions are enabled there, listed above)\n");
  EXPECT_TRUE(has(r.out, "step 1 (line 2): start p1 b=1\n"));
  EXPECT_TRUE(has(r.out, "step 2 (line 4): deliver Promise(b=1) a1->p1\n"
                         "  NOT ENABLED here; 10 actions are enabled:\n"
                         "    start p1 b=3\n"
                         "    start p2 b=2\n"
                         "    deliver Prepare(b=1) p1->a1\n"));
  EXPECT_FALSE(has(r.out, "result:"));
}

TEST(ReplayCli, SetOverridesTheSpecsParameters) {
  testing::TempDir dir;
  const std::string trace = dir.write("t.trace", "start p3 b=3\n");
  EXPECT_EQ(run_captured({"replay", kPaxos, trace}).code, kExitSpec);  // only p1 and p2
  CliRun r = run_captured({"replay", kPaxos, trace, "--set", "params.proposers=3"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "result: all properties hold on every state and step of the trace (1 "
                         "step)\ngoals not reached: ValueChosen\n"))
      << r.out;
}

TEST(GraphCli, RefusesLargeGraphsAndBadOptions) {
  CliRun big = run_captured({"graph", kRaft});
  EXPECT_EQ(big.code, kExitLimit);
  expect_one_line_error(big);
  EXPECT_TRUE(has(big.err, "raft_correct.ini has more than 10000 reachable states; nothing "
                           "written (lower the bounds"))
      << big.err;
  EXPECT_EQ(big.out, "");
  CliRun bound = run_captured({"graph", kRaft, "--max-states", "5", "--max-depth", "1"});
  EXPECT_EQ(bound.code, kExitLimit);
  EXPECT_TRUE(has(bound.err, "more than 5 reachable states within the depth bound")) << bound.err;

  CliRun format = run_captured({"graph", kRaft, "--format", "svg"});
  EXPECT_EQ(format.code, kExitUsage);
  expect_one_line_error(format);
  EXPECT_TRUE(has(format.err, "graph: --format 'svg': expected dot or graphml")) << format.err;
  CliRun states = run_captured({"graph", kRaft, "--max-states", "lots"});
  EXPECT_EQ(states.code, kExitUsage);
  expect_one_line_error(states);
  EXPECT_TRUE(has(states.err, "--max-states 'lots': expected an integer in 1..1000000"));
  CliRun out = run_captured({"graph", kRaft, "--max-depth", "1", "-o", "/no/such/dir/g.dot"});
  EXPECT_EQ(out.code, kExitSpec);
  expect_one_line_error(out);
  EXPECT_TRUE(has(out.err, "--output '/no/such/dir/g.dot': cannot open for writing")) << out.err;
  EXPECT_EQ(run_captured({"graph"}).code, kExitUsage);
}

TEST(GraphCli, WritesTheFileAndSaysWhatItHolds) {
  testing::TempDir dir;
  const std::string path = dir.path("g.dot");
  CliRun r = run_captured({"graph", kRaft, "--max-depth", "1", "-o", path});
  EXPECT_EQ(r.code, 0) << r.err;
  // Depth 0: the initial state; depth 1: a timeout or a crash of each server.
  EXPECT_TRUE(has(r.out, "wrote " + path +
                             " (dot): 7 states (1 initial, 0 violating an invariant), 6 "
                             "transitions; states at depth 1 are drawn without their "
                             "successors\n"))
      << r.out;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind("digraph G {\n", 0), 0u);
}

TEST(CheckJson, IsOneDocumentWithTheExitCodeAndATraceReplayCanRead) {
  CliRun r = run_captured({"check", kSharedBallots, "--json"});
  EXPECT_EQ(r.code, kExitViolation);
  EXPECT_EQ(r.err, "");
  Json doc = Json::parse(r.out);  // the whole of stdout is one JSON document
  EXPECT_EQ(doc["exit_code"], kExitViolation);
  EXPECT_EQ(doc["verdict"], "violation");
  EXPECT_EQ(doc["expect"]["met"], true);
  EXPECT_EQ(doc["coverage"], nullptr);
  EXPECT_EQ(doc["trace"]["property"], "Agreement");
  EXPECT_EQ(doc["trace"]["steps"].size(), 15u);  // the initial state and 14 steps

  testing::TempDir dir;
  const std::string trace = dir.write("t.json", doc["trace"].dump(2));
  CliRun replay = run_captured({"replay", kSharedBallots, trace});
  EXPECT_EQ(replay.code, kExitViolation) << replay.err;
  EXPECT_TRUE(has(replay.out, "  Agreement (invariant) fails at step 14\n")) << replay.out;
}

TEST(CheckJson, ExpectMismatchIsExit13InTheDocumentToo) {
  CliRun r = run_captured({"check", kSharedBallots, "--json", "--set", "expect.trace_length=3"});
  EXPECT_EQ(r.code, kExitExpectMismatch);
  Json doc = Json::parse(r.out);
  EXPECT_EQ(doc["exit_code"], kExitExpectMismatch);
  EXPECT_EQ(doc["expect"]["checked"], true);
  EXPECT_EQ(doc["expect"]["met"], false);
  EXPECT_EQ(doc["expect"]["mismatches"].size(), 1u);
}

}  // namespace
}  // namespace faultline
