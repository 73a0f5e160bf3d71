// Verdict -> exit code mapping.
#include "cli/exit_codes.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace faultline {
namespace {

int code(Verdict v, bool goal_missed = false) {
  CheckResult r;
  r.verdict = v;
  if (goal_missed) r.goals.push_back({"G", "", false, 0});
  return exit_code_for(r);
}

TEST(ExitCodes, FromVerdict) {
  EXPECT_EQ(code(Verdict::Holds), 0);
  EXPECT_EQ(code(Verdict::HoldsUpToDepth), 0);
  EXPECT_EQ(code(Verdict::Holds, true), 12);
  EXPECT_EQ(code(Verdict::HoldsUpToDepth, true), 12);
  EXPECT_EQ(code(Verdict::Violation), 10);
  EXPECT_EQ(code(Verdict::Violation, true), 10);
  EXPECT_EQ(code(Verdict::Deadlock), 11);
  EXPECT_EQ(code(Verdict::GoalReached), 0);
  EXPECT_EQ(code(Verdict::GoalUnreachable), 12);
  EXPECT_EQ(code(Verdict::LimitReached), 4);
  EXPECT_EQ(code(Verdict::Interrupted), 4);
  EXPECT_EQ(code(Verdict::Nondeterministic), 5);
}

}  // namespace
}  // namespace faultline
