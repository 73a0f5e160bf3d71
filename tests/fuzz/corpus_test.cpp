// The fuzz targets' corpora in the default suite: every seed (specs/, specs/traces/,
// tests/fuzz/seeds/) and every input that once failed (tests/fuzz/regressions/TARGET/) goes
// through its target, which must accept it or refuse it with one clear line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace faultline::fuzz {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class FuzzCorpus : public ::testing::TestWithParam<Target> {};

}  // namespace

// A target prints as its name (in test names and failures).
void PrintTo(const Target& t, std::ostream* os) { *os << t.name; }

namespace {

TEST_P(FuzzCorpus, EveryInputIsAcceptedOrRefusedInOneLine) {
  const Target& t = GetParam();
  std::vector<std::string> dirs = t.seeds;
  dirs.push_back(std::string("tests/fuzz/regressions/") + t.name);
  size_t inputs = 0;
  for (const std::string& dir : dirs) {
    const fs::path folder = fs::path(FAULTLINE_SOURCE_DIR) / dir;
    if (!fs::is_directory(folder)) continue;  // a target with no past failures
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      SCOPED_TRACE(entry.path().string());
      EXPECT_NO_THROW(t.run(read_file(entry.path())));
      ++inputs;
    }
  }
  EXPECT_GE(inputs, 3u) << "the seed folders of '" << t.name << "' are (nearly) empty";
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, ::testing::ValuesIn(targets()),
                         [](const auto& info) { return std::string(info.param.name); });

// The promise every target checks: a refusal is one line that says something.
TEST(FuzzTargets, ARefusalOnTwoLinesOrEmptyIsAFinding) {
  EXPECT_NO_THROW(check_refusal(SpecError("fuzz.ini:3: unknown key 'x'"), "x"));
  EXPECT_THROW(check_refusal(SpecError("fuzz.ini:3: unknown key\n'x'"), "x"), std::logic_error);
  EXPECT_THROW(check_refusal(SpecError(""), "x"), std::logic_error);
  // and the targets refuse bad input without a finding:
  EXPECT_NO_THROW(spec_input("[model]\nname = no-such-model\n"));
  EXPECT_NO_THROW(spec_input("[model]\nname = paxos\n%%set\nparams.acceptors=99\n"));
  EXPECT_NO_THROW(trace_input("{\"steps\": 3}"));
  EXPECT_NO_THROW(label_replay_input("start p1 b=1\ndeliver Prepare(b=1) p1->a1\n"));
}

}  // namespace
}  // namespace faultline::fuzz
