// Bad input that reaches past the spec parser, through run_cli on the real models: an empty
// trace, a trace output that would overwrite the spec or cannot be written, a model or engine
// refusal that points at the key's line or flag, a goal that another parameter value would
// declare, and an unusable scratch directory. Each is one line, exit 3.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::run_captured;
using testing::expect_one_line_error;
using testing::has;


TEST(InputErrorsCli, EmptyTraceIsAnErrorNotAHold) {
  testing::TempDir dir;
  for (const std::string& text : {std::string(), std::string("# only a comment\n\n"),
                                  std::string(R"({"model": "paxos", "steps": [{"action": null}]})")}) {
    CliRun r = run_captured({"replay", kSharedBallots, dir.write("empty.trace", text)});
    EXPECT_EQ(r.code, kExitSpec) << text;
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "empty.trace: the trace has no steps")) << r.err;
  }
}

TEST(InputErrorsCli, JsonStepIndexMustBeItsPosition) {
  testing::TempDir dir;
  CliRun r = run_captured({"replay", kSharedBallots,
                  dir.write("t.json", R"({"model": "paxos", "steps": [{"index": 0, "action": null},
                     {"index": 7, "action": "start p1 b=1"}]})")});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "steps[1]: \"index\" is 7; expected 1, the step's position in \"steps\"")) << r.err;
}

TEST(InputErrorsCli, TraceOutMayNotOverwriteTheSpec) {
  testing::TempDir dir;
  const std::string spec = dir.write("s.ini", "[model]\nname = paxos-abstract\n");
  CliRun r = run_captured({"check", spec, "--trace-out", spec, "--no-progress"});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "is the spec file itself")) << r.err;
  std::ifstream in(spec);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "[model]");  // untouched
}

TEST(InputErrorsCli, FailedTraceWriteComesAfterTheResult) {
  CliRun r = run_captured({"check", kSharedBallots, "--trace-out", "/dev/full", "--no-progress"});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "--trace-out '/dev/full': write failed")) << r.err;
  EXPECT_TRUE(has(r.out, "violated: ")) << r.out;  // the verdict was printed first
}

// A FIFO with no writer: opening it waits; SIGTERM ends the wait with one clear line (it
// said "Interrupted system call").
TEST(InputErrorsCli, AFifoWithNoWriterIsInterruptedWithAClearLine) {
  testing::TempDir dir;
  std::string err;
  EXPECT_EQ(testing::sh_exit(dir.path("."),
                             "mkfifo spec.fifo && timeout --preserve-status -s TERM 0.5 $F check "
                             "spec.fifo",
                             err),
            kExitSpec);
  EXPECT_EQ(err,
            "faultline: spec.fifo: interrupted while waiting for the spec file (a FIFO opens, and "
            "reads, only once something writes to it)\n");
}

TEST(InputErrorsCli, GoalOfAnotherConfigurationGetsAHint) {
  const std::string raft = FAULTLINE_SOURCE_DIR "/specs/raft_correct.ini";
  CliRun r = run_captured({"check", raft, "--goal", "LeaderCrashRecovered", "--no-progress"});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "not a goal of model raft (goals: LeaderElected, EntryCommitted, "
                         "SecondLeaderElected); it is a goal with params.recovery_goals = true"))
      << r.err;
  CliRun e = run_captured({"check", raft, "--set", "expect.goals=PartitionRecovered", "--no-progress"});
  EXPECT_EQ(e.code, kExitSpec);
  expect_one_line_error(e);
  EXPECT_TRUE(has(e.err, "it is a goal with params.recovery_goals = true")) << e.err;
  CliRun none = run_captured({"check", raft, "--goal", "Nope", "--no-progress"});
  EXPECT_EQ(none.code, kExitSpec);
  EXPECT_FALSE(has(none.err, "it is a goal with")) << none.err;
}

TEST(InputErrorsCli, InfiniteStateSpaceRefusalNamesWhereTheKeyWasSet) {
  CliRun r = run_captured({"check", kLease, "--set", "params.horizon=0", "--no-progress"});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_EQ(r.err.rfind("faultline: " + kLease + " (--set): params.horizon = 0 (unbounded time)", 0),
            0u)
      << r.err;
}

TEST(InputErrorsCli, UnwritableScratchDirectoryIsExit3) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/faultline-test", 1);
  // A frontier bound this small spills at once, so a scratch file is needed. Several workers
  // reach the spill together: each must get this error, not a write to the file that failed
  // to open (EBADF; seen on a 2-core CI machine).
  CliRun r = run_captured({"check", FAULTLINE_SOURCE_DIR "/specs/paxos_correct.ini", "--frontier-memory",
                  "1", "--max-states", "200000", "--workers", "4", "--no-progress"});
  if (old)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "set TMPDIR to a writable directory")) << r.err;
}

}  // namespace
}  // namespace faultline
