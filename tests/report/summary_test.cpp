// Summary wording: one verdict line per verdict, then the statistics lines.
#include "report/summary.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace faultline {
namespace {

CheckResult result(Verdict v) {
  CheckResult r;
  r.verdict = v;
  r.stats.distinct_states = 1234;
  r.stats.generated_states = 5678;
  r.stats.depth = 12;
  r.stats.wall_s = 1.234;
  r.stats.states_per_s = 1000.4;
  r.stats.peak_rss_bytes = 3 * 1024 * 1024 + 512 * 1024;
  r.stats.workers = 4;
  r.stats.collision_probability = 1.23e-9;
  return r;
}

TEST(Summary, VerdictLines) {
  EXPECT_EQ(verdict_line(result(Verdict::Holds)),
            "holds: all properties hold on every reachable state");
  EXPECT_EQ(verdict_line(result(Verdict::HoldsUpToDepth)),
            "holds up to depth 12 (bound reached; deeper states unexplored)");
  CheckResult v = result(Verdict::Violation);
  v.finding = Finding{"Agreement", "invariant", "", "", {}};
  EXPECT_EQ(verdict_line(v), "VIOLATION of Agreement");
  CheckResult vac = result(Verdict::Holds);
  vac.goals = {{"ValueChosen", "", false, 0}, {"Other", "", true, 2}};
  EXPECT_EQ(verdict_line(vac), "VACUOUS: properties hold but goal ValueChosen was never reached");
  vac.goals[1].reached = false;
  vac.verdict = Verdict::HoldsUpToDepth;
  EXPECT_EQ(verdict_line(vac),
            "VACUOUS: properties hold up to depth 12 but goals ValueChosen, Other were never "
            "reached within the bound");
  CheckResult lim = result(Verdict::LimitReached);
  lim.stop_reason = "time limit 60 s";
  EXPECT_EQ(verdict_line(lim), "LIMIT REACHED (time limit 60 s): no verdict");
  EXPECT_EQ(verdict_line(result(Verdict::Interrupted)), "interrupted: no verdict");
  CheckResult nd = result(Verdict::Nondeterministic);
  nd.stop_reason = "replay diverged at step 3";
  EXPECT_EQ(verdict_line(nd), "model error: replay diverged at step 3");
  EXPECT_EQ(verdict_line(result(Verdict::Deadlock)),
            "DEADLOCK: a reachable state has no enabled action");
  EXPECT_EQ(verdict_line(result(Verdict::GoalUnreachable), std::string("Chosen")),
            "goal Chosen is unreachable: no explored state reaches it");
  EXPECT_EQ(verdict_line(result(Verdict::GoalReached), std::string("Chosen")),
            "goal Chosen reached (witness below)");
}

TEST(Summary, Statistics) {
  CheckResult r = result(Verdict::LimitReached);
  r.stop_reason = "state limit 1000";
  r.stats.frontier = 77;
  r.goals = {{"Chosen", "", true, 3}, {"Done", "", false, 0}};
  std::ostringstream out;
  write_summary(out, r);
  EXPECT_EQ(out.str(),
            "LIMIT REACHED (state limit 1000): no verdict\n"
            "distinct states: 1234\n"
            "generated states: 5678\n"
            "depth: 12\n"
            "states/s: 1000\n"
            "wall time: 1.23 s\n"
            "peak memory: 3.5 MiB\n"
            "workers: 4\n"
            "store: fingerprint, 64 bits (collision probability ~ 1.2e-09)\n"
            "goals reached: Chosen (depth 3)\n"
            "goals not reached: Done\n"
            "frontier left unexplored: 77 states\n");
  r.stats.fingerprint_bits = 128;
  r.stats.collision_probability = 2.3e-27;
  std::ostringstream wide;
  write_summary(wide, r);
  EXPECT_NE(wide.str().find("\nstore: fingerprint, 128 bits (collision probability ~ 2.3e-27)\n"),
            std::string::npos)
      << wide.str();
  r.stats.store = StoreMode::Exact;
  r.stats.fingerprint_bits = 0;
  std::ostringstream exact;
  write_summary(exact, r);
  EXPECT_NE(exact.str().find("\nstore: exact\n"), std::string::npos);
}

}  // namespace
}  // namespace faultline
