// Golden outputs of the sequence-chart trace formats on small specs: `faultline check SPEC
// --trace-format html|mermaid` must print exactly tests/golden/NAME.html|.mmd (NAME is the
// spec's, with the goal's for a witness). After a
// deliberate change to a renderer or a model's labels, regenerate them with
//   FAULTLINE_UPDATE_GOLDEN=1 build/tests/faultline_integration_tests --gtest_filter='*TraceGolden*'
// and review the diff (open the .html files in a browser).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "core/errors.hpp"

namespace faultline {
namespace {

struct GoldenCase {
  std::string spec;    // in specs/, without .ini
  std::string format;  // html or mermaid
  std::string ext;
  std::string goal = "";  // witness mode: --goal GOAL
  std::string name() const { return spec + (goal.empty() ? "" : "_" + goal); }
};

class TraceGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TraceGolden, MatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  const std::string root = FAULTLINE_SOURCE_DIR;
  std::ostringstream out, err;
  std::vector<std::string> args{"check",
                                root + "/specs/" + c.spec + ".ini",
                                "--trace-format",
                                c.format,
                                "--no-progress",
                                "--workers",
                                "2"};
  if (!c.goal.empty()) args.insert(args.end(), {"--goal", c.goal});
  const int code = run_cli(args, out, err);
  ASSERT_EQ(code, c.goal.empty() ? kExitViolation : kExitHolds) << err.str();
  const std::string golden = root + "/tests/golden/" + c.name() + "." + c.ext;
  if (std::getenv("FAULTLINE_UPDATE_GOLDEN")) {
    std::ofstream(golden, std::ios::binary) << out.str();
    GTEST_SKIP() << "rewrote " << golden;
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << golden;
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(out.str(), expected.str()) << "differs from " << golden;
}

INSTANTIATE_TEST_SUITE_P(
    Specs, TraceGolden,
    ::testing::Values(GoldenCase{"paxos_forget_promise", "html", "html"},
                      GoldenCase{"paxos_forget_promise", "mermaid", "mmd"},
                      GoldenCase{"raft_count_stale_votes", "html", "html"},
                      GoldenCase{"raft_count_stale_votes", "mermaid", "mmd"},
                      GoldenCase{"paxos_abstract_any_value", "mermaid", "mmd"},
                      GoldenCase{"raft_correct_faults", "mermaid", "mmd", "EntryCommitted"},
                      GoldenCase{"lease_pause_exceeds_margin", "html", "html"},
                      GoldenCase{"lease_pause_exceeds_margin", "mermaid", "mmd"},
                      GoldenCase{"fencing_counter_forgotten", "mermaid", "mmd"}),
    [](const auto& info) { return info.param.name() + "_" + info.param.format; });

}  // namespace
}  // namespace faultline
