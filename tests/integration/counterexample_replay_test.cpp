// Every counterexample of the fast violation specs, written both as text (the labels the
// check prints) and as --trace-out JSON, replays through `faultline replay` to the same
// verdict: exit 10 with the violated property failing at the last step.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/cli.hpp"
#include "core/errors.hpp"
#include "core/model_info.hpp"
#include "report/trace_json.hpp"
#include "spec/spec_file.hpp"
#include "tests/integration/spec_params.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

std::vector<std::string> violation_specs() {
  std::vector<std::string> out;
  for (const auto& spec : testing::spec_files())
    if (load_spec(spec, {}, all_models()).expect.verdict == ExpectedVerdict::Violation)
      out.push_back(spec);
  return out;
}

struct CliRun {
  int code;
  std::string out, err;
};

CliRun replay(const std::string& spec, const std::string& trace) {
  std::ostringstream out, err;
  int code = run_cli({"replay", spec, trace}, out, err);
  return {code, out.str(), err.str()};
}

class CounterexampleReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(CounterexampleReplay, TextAndJsonFormsGiveTheSameVerdict) {
  CheckRequest req = load_spec(GetParam(), {}, all_models());
  auto runner = req.model->make(req.params, req.variant);
  CheckOptions o = req.options;
  o.workers = 2;
  CheckResult r = runner->check(o);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_TRUE(r.finding);
  const Finding& f = *r.finding;

  testing::TempDir dir;
  std::string text = "# counterexample of " + GetParam() + "\n";
  for (const auto& s : f.trace.steps) text += s.label + "\n";
  const std::string text_path = dir.write("cex.trace", text);
  const std::string json_path = dir.path("cex.json");
  {
    std::ofstream json(json_path);
    write_trace_json(json, {req.model->name, req.variant, "violation"}, &f);
  }
  const std::string last = std::to_string(f.trace.steps.size());
  const std::string expected = "  " + f.property + " (" + f.kind + ") fails at ";
  for (const std::string& path : {text_path, json_path}) {
    SCOPED_TRACE(path);
    CliRun run = replay(GetParam(), path);
    EXPECT_EQ(run.code, kExitViolation) << run.err;
    EXPECT_TRUE(run.err.empty()) << run.err;
    auto at = run.out.find(expected);
    ASSERT_NE(at, std::string::npos) << run.out;
    // A shortest counterexample: the property fails at the last step and not before.
    std::string where = run.out.substr(at + expected.size());
    EXPECT_EQ(where.substr(0, where.find('\n')), "step " + last);
  }
  // Both forms print the same report apart from the "trace:" header and the line numbers.
  auto body = [](const std::string& s) {
    return std::regex_replace(s.substr(s.find("\nstep 0:")), std::regex(" \\(line [0-9]+\\)"),
                              "");
  };
  EXPECT_EQ(body(replay(GetParam(), text_path).out), body(replay(GetParam(), json_path).out));
}

INSTANTIATE_TEST_SUITE_P(Specs, CounterexampleReplay, ::testing::ValuesIn(violation_specs()),
                         testing::spec_test_name);

}  // namespace
}  // namespace faultline
