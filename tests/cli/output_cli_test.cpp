// Every output is checked (the faultline binary run by sh): standard output on a full device
// or closed is one line and exit 3, a reader that leaves early (`| head`) is not an error, a
// file output that fails leaves nothing half-written, and output flags need a file name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

// 191 KB of graph: more than the file limit below, more than `head` reads.
const std::string kTwoPhaseStop = FAULTLINE_SOURCE_DIR "/specs/two_phase_coordinator_stop.ini";

using testing::sh_exit;

TEST(OutputCli, AFailedWriteToStdoutIsExit3WhateverTheRunFound) {
  testing::TempDir dir;
  std::string err;
  EXPECT_EQ(sh_exit(dir.path("."), "$F list > /dev/full", err), kExitSpec);
  EXPECT_EQ(err,
            "faultline: writing to standard output failed (No space left on device); the output "
            "is incomplete\n");
  // A violation (exit 10) whose report cannot be written, as JSON or text.
  EXPECT_EQ(sh_exit(dir.path("."), "$F check " + kSharedBallots + " --json --no-progress > /dev/full", err),
            kExitSpec);
  EXPECT_TRUE(testing::has(err, "writing to standard output failed")) << err;
  EXPECT_EQ(sh_exit(dir.path("."), "$F graph " + kTwoPhaseStop + " >&-", err), kExitSpec);
  EXPECT_TRUE(testing::has(err, "writing to standard output failed (Bad file descriptor)")) << err;
}

TEST(OutputCli, AReaderThatLeavesEarlyIsNoError) {
  testing::TempDir dir;
  std::string err;
  EXPECT_EQ(sh_exit(dir.path("."), "$F graph " + kTwoPhaseStop + " | head -c 100 > /dev/null", err), 0);
  EXPECT_EQ(err, "");
}

// A file limit (ulimit -f, with SIGXFSZ ignored) makes the write fail part way: the error
// names the flag, and neither the file nor its temporary is left behind. (simulate, because
// check's scratch files would hit the limit first.)
TEST(OutputCli, AFailedFileWriteLeavesNoHalfWrittenFile) {
  testing::TempDir dir;
  std::string err;
  EXPECT_EQ(sh_exit(dir.path("."), "trap '' XFSZ; ulimit -f 8; $F graph " + kTwoPhaseStop + " -o g.dot", err),
            kExitSpec);
  EXPECT_TRUE(testing::has(err, "faultline: --output 'g.dot': write failed (File too large)")) << err;
  EXPECT_EQ(sh_exit(dir.path("."),
                    "trap '' XFSZ; ulimit -f 8; $F simulate " + kSharedBallots +
                        " --trace-out t.html > /dev/null",
                    err),
            kExitSpec);
  EXPECT_TRUE(testing::has(err, "--trace-out 't.html': write failed (File too large); the result "
                                "above is complete"))
      << err;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path(".")))
    EXPECT_EQ(entry.path().filename(), "stderr.txt") << "left behind";
  // Written whole, the file replaces an older one.
  EXPECT_EQ(sh_exit(dir.path("."), "echo old > g.dot; $F graph " + kTwoPhaseStop + " -o g.dot > /dev/null", err), 0);
  EXPECT_GT(std::filesystem::file_size(dir.path("g.dot")), 100000u);
}

TEST(OutputCli, OutputFlagsNeedAFileName) {
  const testing::CliRun flag = testing::run_captured(
      {"check", kSharedBallots, "--trace-out", "--no-progress"});
  EXPECT_EQ(flag.code, kExitUsage);
  EXPECT_EQ(flag.err.rfind("faultline: check: --trace-out needs a file name; '--no-progress' is a "
                           "flag (write ./--no-progress for a file of that name)",
                           0),
            0u)
      << flag.err;
  const testing::CliRun empty =
      testing::run_captured({"simulate", kSharedBallots, "--trace-out", ""});
  EXPECT_EQ(empty.code, kExitUsage);
  EXPECT_EQ(empty.err.rfind("faultline: simulate: --trace-out needs a file name, not an empty one", 0),
            0u)
      << empty.err;
  EXPECT_EQ(testing::run_captured({"graph", kPaxos, "-o", ""}).code, kExitUsage);
}

}  // namespace
}  // namespace faultline
