// Long simulate runs on the real models stop cleanly: a time or memory limit or Ctrl-C ends
// them with the counts so far and exit 4 (run_cli in-process).
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "cli/cli.hpp"
#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::has;
using testing::TempDir;

// One client and unbounded time (horizon 0): a walk of the lease model never ends by itself.
const std::string kEndlessLease =
    "[model]\nname = lease\n[params]\nclients = 1\nduration = 2\nmargin = 0\nhorizon = 0\n"
    "[faults]\ndrift = 0\n";

CliRun cli(const std::vector<std::string>& args) { return testing::run_captured(args); }

CliRun interrupted_cli(const std::vector<std::string>& args) {
  static const std::atomic<bool> flag{true};
  CliEnv env;
  env.interrupt = &flag;
  return testing::run_captured(args, env);
}

TEST(SimulateStop, LimitsEndAnEndlessWalkWithTheCountsSoFar) {
  TempDir dir;
  const std::string spec = dir.write("lease.ini", kEndlessLease);
  CliRun t = cli({"simulate", spec, "--runs", "1", "--depth", "1000000000", "--time-limit", "0.5"});
  EXPECT_EQ(t.code, kExitLimit) << t.err;
  EXPECT_TRUE(has(t.out,
                  "LIMIT REACHED (time limit of 0.5 s reached): no verdict\n"
                  "runs: 0 of 1 (up to 1000000000 steps each, seed 1)\nsteps: "))
      << t.out;
  EXPECT_FALSE(has(t.out, "steps: 0\n")) << t.out;

  CliRun m = cli({"simulate", spec, "--runs", "1", "--depth", "1000000000", "--set",
                  "limits.time_limit=60", "--memory-limit", "1"});
  EXPECT_EQ(m.code, kExitLimit) << m.err;
  EXPECT_TRUE(has(m.out, "LIMIT REACHED (memory limit of 1 MiB reached (")) << m.out;
  EXPECT_TRUE(has(cli({"simulate", "--help"}).out, "--memory-limit"));
}

TEST(SimulateStop, InterruptEndsAnEndlessWalk) {
  TempDir dir;
  const std::string spec = dir.write("lease.ini", kEndlessLease);
  CliRun r = interrupted_cli({"simulate", spec, "--runs", "1", "--depth", "1000000000"});
  EXPECT_EQ(r.code, kExitLimit) << r.err;
  EXPECT_TRUE(has(r.out, "interrupted: no verdict\nruns: 0 of 1")) << r.out;
}

}  // namespace
}  // namespace faultline
