// Golden outputs: each output format of check, replay and graph on small specs, compared
// byte for byte with a file in tests/golden/. Numbers that depend on the machine (wall time,
// states/s, peak memory) are blanked before comparing, and the source directory is removed
// from paths.
//
// Regenerating: FAULTLINE_REGENERATE_GOLDEN=1 build/tests/faultline_integration_tests
// --gtest_filter='Golden*' rewrites the files instead of comparing. Do it only when an output
// format changes on purpose, then read the diff (git diff tests/golden) line by line: the
// files are the specification of what a person sees, and were checked by eye when created.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/cli.hpp"
#include "report/trace_json.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

const std::string kSource = FAULTLINE_SOURCE_DIR;

std::string in_source(const std::string& path) { return kSource + "/" + path; }

// Text with the machine-dependent parts blanked and the source directory removed.
std::string normalize(std::string text) {
  for (size_t at; (at = text.find(kSource + "/")) != std::string::npos;)
    text.erase(at, kSource.size() + 1);
  text = std::regex_replace(text, std::regex("states/s: [0-9]+"), "states/s: N");
  text = std::regex_replace(text, std::regex("wall time: [0-9.]+ s"), "wall time: T s");
  text = std::regex_replace(text, std::regex("peak memory: [0-9.]+ MiB"), "peak memory: M MiB");
  return text;
}

// The --json document with the machine-dependent statistics set to 0.
std::string normalize_json(const std::string& text) {
  Json doc = Json::parse(text);
  for (const char* key : {"wall_s", "states_per_s", "peak_memory_bytes"})
    doc["statistics"][key] = 0;
  return normalize(doc.dump(2)) + "\n";
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = in_source("tests/golden/" + name);
  if (std::getenv("FAULTLINE_REGENERATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "regenerated " << path;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << path << " is missing (see the top of golden_test.cpp)";
  EXPECT_EQ(actual, read(path)) << "output differs from " << path;
}

// stdout, then stderr and the exit code, as one text.
std::string run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = run_cli(args, out, err);
  return out.str() + "--- stderr ---\n" + err.str() + "--- exit code " + std::to_string(code) +
         " ---\n";
}

TEST(Golden, CheckTextWithCoverage) {
  expect_golden("check_raft_count_stale_votes_coverage.txt",
                normalize(run({"check", in_source("specs/raft_count_stale_votes.ini"), "--coverage",
                               "--workers", "1", "--no-progress"})));
}

TEST(Golden, CheckJsonWithCoverage) {
  std::ostringstream out, err;
  int code = run_cli({"check", in_source("specs/paxos_shared_ballots.ini"), "--json",
                      "--coverage", "--workers", "1"},
                     out, err);
  EXPECT_EQ(code, 10);
  EXPECT_EQ(err.str(), "");
  expect_golden("check_paxos_shared_ballots.json", normalize_json(out.str()));
}

TEST(Golden, CheckJsonHoldsWithExpect) {
  std::ostringstream out, err;
  int code = run_cli(
      {"check", in_source("specs/paxos_abstract_small.ini"), "--json", "--workers", "1"}, out, err);
  EXPECT_EQ(code, 0);
  expect_golden("check_paxos_abstract_small.json", normalize_json(out.str()));
}

TEST(Golden, TraceOut) {
  testing::TempDir dir;
  const std::string path = dir.path("t.json");
  std::ostringstream out, err;
  run_cli({"check", in_source("specs/raft_count_stale_votes.ini"), "--trace-out", path,
           "--no-progress"},
          out, err);
  expect_golden("trace_out_raft_count_stale_votes.json", read(path));
}

TEST(Golden, ReplayHandTrace) {
  expect_golden("replay_raft_leader_crash.txt",
                normalize(run({"replay", in_source("specs/raft_witness_leader_crash.ini"),
                               in_source("specs/traces/raft_leader_crash.trace")})));
}

TEST(Golden, ReplayViolationFullStates) {
  expect_golden("replay_paxos_shared_ballots_full.txt",
                normalize(run({"replay", in_source("specs/paxos_shared_ballots.ini"),
                               in_source("specs/traces/paxos_shared_ballots.trace"),
                               "--full-states"})));
}

TEST(Golden, ReplayWrongStep) {
  expect_golden("replay_wrong_step.txt",
                normalize(run({"replay", in_source("specs/paxos_ignore_promised_values.ini"),
                               in_source("specs/traces/paxos_competing_proposer.trace")})));
}

TEST(Golden, GraphDotAndGraphml) {
  const std::string spec = in_source("tests/golden/paxos_forget_promise_tiny.ini");
  testing::TempDir dir;
  for (const std::string format : {"dot", "graphml"}) {
    const std::string path = dir.path("g." + format);
    std::ostringstream out, err;
    EXPECT_EQ(run_cli({"graph", spec, "--format", format, "-o", path}, out, err), 0) << err.str();
    EXPECT_TRUE(out.str().find(" (" + format + "): 31 states (1 initial, 0 violating an "
                               "invariant), 43 transitions\n") != std::string::npos)
        << out.str();
    expect_golden("graph_paxos_forget_promise_tiny." + format, read(path));
  }
}

}  // namespace
}  // namespace faultline
