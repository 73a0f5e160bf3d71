// Long simulate and graph runs on the real models stop cleanly: a time or memory limit or
// Ctrl-C ends them with a message and exit 4 (run_cli in-process), and so does the faultline
// binary sent SIGTERM twice in a row, as `timeout` sends it (a shell subprocess, its address
// space capped so that a regression cannot take the machine's memory).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli.hpp"
#include "core/errors.hpp"
#include "engine/resources.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::run_captured;
using testing::expect_one_line_error;
using testing::has;
using testing::TempDir;

const std::string kBinary = FAULTLINE_BINARY;
// One client and unbounded time (horizon 0): a walk of the lease model never ends by itself.
const std::string kEndlessLease =
    "[model]\nname = lease\n[params]\nclients = 1\nduration = 2\nmargin = 0\nhorizon = 0\n"
    "[faults]\ndrift = 0\n";

CliRun interrupted_cli(const std::vector<std::string>& args) {
  static const std::atomic<bool> flag{true};
  CliEnv env;
  env.interrupt = &flag;
  return testing::run_captured(args, env);
}

// Resets the process's peak resident memory to what it holds now (Linux 4.0+); false where
// that is not allowed.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  return f && (f << "5" << std::flush);
}

// Runs `command` with sh under an address-space cap of 2 GB; its stdout and stderr.
std::string shell(const std::string& command) {
  const std::string line = "{ ulimit -v 2000000; " + command + "; } 2>&1";
  FILE* pipe = popen(line.c_str(), "r");
  if (!pipe) return "popen failed";
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  pclose(pipe);
  return out;
}

TEST(SimulateStop, LimitsEndAnEndlessWalkWithTheCountsSoFar) {
  TempDir dir;
  const std::string spec = dir.write("lease.ini", kEndlessLease);
  CliRun t = run_captured({"simulate", spec, "--runs", "1", "--depth", "1000000000", "--time-limit", "0.5"});
  EXPECT_EQ(t.code, kExitLimit) << t.err;
  EXPECT_TRUE(has(t.out,
                  "LIMIT REACHED (time limit of 0.5 s reached): no verdict\n"
                  "runs: 0 of 1 (up to 1000000000 steps each, seed 1)\nsteps: "))
      << t.out;
  EXPECT_FALSE(has(t.out, "steps: 0\n")) << t.out;

  CliRun m = run_captured({"simulate", spec, "--runs", "1", "--depth", "1000000000", "--set",
                  "limits.time_limit=60", "--memory-limit", "1"});
  EXPECT_EQ(m.code, kExitLimit) << m.err;
  EXPECT_TRUE(has(m.out, "LIMIT REACHED (memory limit of 1 MiB reached (")) << m.out;
  EXPECT_TRUE(has(run_captured({"simulate", "--help"}).out, "--memory-limit"));
}

TEST(SimulateStop, InterruptEndsAnEndlessWalk) {
  TempDir dir;
  const std::string spec = dir.write("lease.ini", kEndlessLease);
  CliRun r = interrupted_cli({"simulate", spec, "--runs", "1", "--depth", "1000000000"});
  EXPECT_EQ(r.code, kExitLimit) << r.err;
  EXPECT_TRUE(has(r.out, "interrupted: no verdict\nruns: 0 of 1")) << r.out;
}

// A limit passed after the search, while the counterexample's 200,000 steps are replayed: the
// verdict and counts are printed, the trace is not (no file either), exit 4, and the peak
// memory covers the replay.
TEST(CheckStop, ALimitAfterTheSearchStopsRebuildingTheTrace) {
  TempDir dir;
  const std::string run = "cd '" + dir.path(".") + "' && " + kBinary + " check " +
                          FAULTLINE_SOURCE_DIR "/specs/lease_timer_on_receipt.ini " +
                          "--set params.horizon=0 --set bounds.max_depth=200000 --strategy dfs "
                          "--memory-limit 150 --no-progress";
  const std::string text = shell(run + " --trace-out t.html; echo exit=$?");
  EXPECT_TRUE(has(text, "VIOLATION of OneHolderAtATime\nnote: the trace was not rebuilt: memory "
                        "limit of 150 MiB reached after the search found it (exit 4)"))
      << text;
  EXPECT_TRUE(has(text, "exit=4")) << text;
  EXPECT_FALSE(has(text, "counterexample (")) << text;
  EXPECT_FALSE(std::filesystem::exists(dir.path("t.html")));
  const std::string json = shell(run + " --json; echo exit=$?");
  EXPECT_TRUE(has(json, "\"trace\": null")) << json;
  EXPECT_TRUE(has(json, "\"trace_stopped\": \"memory limit of 150 MiB reached\"")) << json;
  EXPECT_TRUE(has(json, "exit=4")) << json;
}

// 50,000 steps rebuild within 120 MiB (about 95 MiB), but their HTML chart needs more (about
// 165 MiB): the watch ends the writing with one line and exit 4, after the verdict, and the
// half-written chart's temporary is removed.
TEST(CheckStop, ALimitWhileWritingTheTraceEndsItAfterTheVerdict) {
  TempDir dir;
  const std::string text =
      shell("cd '" + dir.path(".") + "' && " + kBinary + " check " +
            FAULTLINE_SOURCE_DIR "/specs/lease_timer_on_receipt.ini --set params.horizon=0 "
            "--set bounds.max_depth=50000 --strategy dfs --memory-limit 120 --no-progress "
            "--trace-out t.html; echo exit=$?");
  EXPECT_TRUE(has(text, "VIOLATION of OneHolderAtATime\n")) << text;
  EXPECT_TRUE(has(text, "faultline: memory limit of 120 MiB reached while writing the trace; the "
                        "result above is complete, the trace is not\nexit=4"))
      << text;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path(".")))
    ADD_FAILURE() << "left behind: " << entry.path();
}

// The depth-first search keeps no frontier to spill: its memory-limit message says what it
// does keep.
TEST(CheckStop, TheDepthFirstMemoryLimitNamesWhatDepthFirstKeeps) {
  CliRun r = run_captured({"check", kPaxos, "--strategy", "dfs", "--memory-limit", "1", "--no-progress"});
  EXPECT_EQ(r.code, kExitLimit) << r.err;
  EXPECT_TRUE(has(r.out, "(memory limit of 1 MiB reached (the visited states and the depth-first "
                         "stack need more: raise the limit"))
      << r.out;
  EXPECT_FALSE(has(r.out, "frontier spills")) << r.out;
}

TEST(GraphStop, InterruptStopsWithOneLineAndExit4) {
  TempDir dir;
  const std::string path = dir.path("g.dot");
  CliRun r = interrupted_cli({"graph", kPaxos, "--max-states", "1000000", "-o", path});
  EXPECT_EQ(r.code, kExitLimit);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "faultline: graph: " + kPaxos + ": interrupted (Ctrl-C or SIGTERM) after ")) << r.err;
  EXPECT_TRUE(has(r.err, " states; nothing written\n")) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(GraphStop, TimeAndMemoryLimitsStopIt) {
  CliRun t = run_captured({"graph", kPaxos, "--max-states", "1000000", "--time-limit", "0.3"});
  EXPECT_EQ(t.code, kExitLimit);
  expect_one_line_error(t);
  EXPECT_TRUE(has(t.err, ": time limit of 0.3 s reached after ")) << t.err;
  EXPECT_EQ(t.out, "");
  CliRun m = run_captured({"graph", kPaxos, "--max-states", "1000000", "--set", "limits.memory_limit=1"});
  EXPECT_EQ(m.code, kExitLimit);
  expect_one_line_error(m);
  EXPECT_TRUE(has(m.err, ": memory limit of 1 MiB reached after ")) << m.err;
  EXPECT_TRUE(has(run_captured({"graph", "--help"}).out, "--time-limit"));
}

// The refusal of a graph over --max-states costs the states' encodings, not their drawing.
TEST(GraphStop, RefusingABigGraphCostsLittleMemory) {
  const bool measured = reset_peak_rss();
  const uint64_t before = current_rss_bytes();
  CliRun r = run_captured({"graph", kPaxos, "--max-states", "200000"});
  EXPECT_EQ(r.code, kExitLimit);
  EXPECT_TRUE(has(r.err, "has more than 200000 reachable states; nothing written")) << r.err;
  if (!measured) GTEST_SKIP() << "cannot reset the peak resident memory here";
  EXPECT_LT(peak_rss_bytes(), before + (150u << 20));  // describing them all took 650 MB
}

// `timeout` signals the process, then its process group: two SIGTERMs, microseconds apart. A
// handler reset by the first let the second kill the process (exit 143) when it ran in between;
// here they come 10 ms apart, which always did.
TEST(SignalStop, TwoQuickSigtermsStopGraphCleanly) {
  TempDir dir;
  const std::string out =
      shell(kBinary + " graph '" + kPaxos + "' --max-states 1000000 -o '" + dir.path("g.dot") +
            "' & p=$!; sleep 0.5; kill -TERM $p; sleep 0.01; "
            "kill -TERM $p 2>/dev/null; wait $p; echo rc=$?");
  EXPECT_TRUE(has(out, ": interrupted (Ctrl-C or SIGTERM) after ")) << out;
  EXPECT_TRUE(has(out, "rc=4\n")) << out;
}

TEST(SignalStop, TimeoutStopsAnEndlessSimulation) {
  TempDir dir;
  const std::string spec = dir.write("lease.ini", kEndlessLease);
  const std::string out = shell("timeout --preserve-status 1 " + kBinary + " simulate '" + spec +
                                "' --runs 1 --depth 1000000000; echo rc=$?");
  EXPECT_TRUE(has(out, "interrupted: no verdict\nruns: 0 of 1")) << out;
  EXPECT_TRUE(has(out, "rc=4\n")) << out;
}

}  // namespace
}  // namespace faultline
