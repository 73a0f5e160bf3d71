// `check --fingerprint-bits 64|128` and the spec key engine.fingerprint_bits: the width reaches
// the engine, the summary and --json name it with the matching collision estimate, bad values
// and combinations with the exact store or bitstate hashing are one-line spec errors (exit 3,
// as for the other engine flags), and a counterexample found with 128 bits replays.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::fake_cli;
using testing::expect_one_line_error;
using testing::has;
using testing::TempDir;

class FingerprintBitsCli : public ::testing::Test {
 protected:
  std::string spec(const std::string& variant, const std::string& extra = "") {
    return dir_.write(variant + ".ini", "[model]\nname = toy\nvariant = " + variant + "\n" + extra);
  }
  TempDir dir_;
};

TEST_F(FingerprintBitsCli, WidthReachesTheEngineAndTheSummary) {
  CliRun r = fake_cli({"check", spec("correct"), "--fingerprint-bits", "128"});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_EQ(testing::last_options().fingerprint_bits, 128u);
  EXPECT_TRUE(has(r.out, "\nstore: fingerprint, 128 bits (collision probability ~ ")) << r.out;
  fake_cli({"check", spec("correct", "[engine]\nfingerprint_bits = 128\n")});
  EXPECT_EQ(testing::last_options().fingerprint_bits, 128u);
  // The flag overrides the file.
  fake_cli({"check", spec("correct", "[engine]\nfingerprint_bits = 128\n"), "--fingerprint-bits", "64"});
  EXPECT_EQ(testing::last_options().fingerprint_bits, 64u);
  CliRun plain = fake_cli({"check", spec("correct")});
  EXPECT_EQ(testing::last_options().fingerprint_bits, 64u);
  EXPECT_TRUE(has(plain.out, "\nstore: fingerprint, 64 bits (collision probability ~ "))
      << plain.out;
  // 64 is the default width and harmless with the exact store.
  EXPECT_EQ(fake_cli({"check", spec("correct"), "--fingerprint-bits", "64", "--store", "exact"}).code,
            kExitHolds);
  // simulate does not use the visited store: the key is accepted and ignored.
  EXPECT_EQ(fake_cli({"simulate", spec("correct", "[engine]\nfingerprint_bits = 128\n")}).code,
            kExitHolds);
}

TEST_F(FingerprintBitsCli, BadValuesAreOneLine) {
  for (std::string value : {"96", "32", "256", "x", "", "128bit", "0x80"}) {
    CliRun r = fake_cli({"check", spec("correct"), "--fingerprint-bits", value});
    EXPECT_EQ(r.code, kExitSpec) << value;
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "(--fingerprint-bits): engine.fingerprint_bits = '" + value +
                               "': expected one of: 64, 128\n"))
        << r.err;
  }
  CliRun r = fake_cli({"check", spec("correct", "[engine]\nfingerprint_bits = 32\n")});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, ".ini:5: engine.fingerprint_bits = '32': expected one of: 64, 128\n"))
      << r.err;
  // A missing value is a usage error, as for every flag.
  EXPECT_EQ(fake_cli({"check", spec("correct"), "--fingerprint-bits"}).code, kExitUsage);
}

TEST_F(FingerprintBitsCli, OneTwentyEightBitsNeedTheFingerprintStore) {
  CliRun exact = fake_cli({"check", spec("correct"), "--fingerprint-bits", "128", "--store", "exact"});
  EXPECT_EQ(exact.code, kExitSpec);
  expect_one_line_error(exact);
  EXPECT_TRUE(has(exact.err,
                  "(--fingerprint-bits): engine.fingerprint_bits = 128 needs "
                  "engine.store = fingerprint, but engine.store = exact ("))
      << exact.err;
  EXPECT_TRUE(has(exact.err, "(--store)), which keeps whole states, not fingerprints\n"))
      << exact.err;
  CliRun file =
      fake_cli({"check", spec("correct", "[engine]\nstore = exact\nfingerprint_bits = 128\n")});
  EXPECT_EQ(file.code, kExitSpec);
  EXPECT_TRUE(has(file.err,
                  ".ini:6: engine.fingerprint_bits = 128 needs engine.store = "
                  "fingerprint, but engine.store = exact ("))
      << file.err;
  EXPECT_TRUE(has(file.err, ".ini:5), which keeps whole states")) << file.err;

  CliRun bits = fake_cli({"check", spec("correct"), "--fingerprint-bits", "128", "--bitstate", "2^20"});
  EXPECT_EQ(bits.code, kExitSpec);
  expect_one_line_error(bits);
  EXPECT_TRUE(has(bits.err,
                  "(--fingerprint-bits): engine.fingerprint_bits = 128 does not "
                  "combine with engine.bitstate ("))
      << bits.err;
  EXPECT_TRUE(has(bits.err, "(--bitstate)), which keeps a few bits a state, not fingerprints\n"))
      << bits.err;
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// On real specs: --json names the width and the estimate n^2 / 2^129; a bug variant's
// counterexample found with 128 bits is the 64-bit one, meets [expect] and replays.
TEST(FingerprintBitsSpecs, JsonAndReplayOfACounterexample) {
  const std::string specs = FAULTLINE_SOURCE_DIR "/specs/";
  CliRun json = testing::run_captured({"check", specs + "paxos_abstract_small.ini",
                                       "--fingerprint-bits", "128", "--json", "--no-progress"});
  ASSERT_EQ(json.code, 0) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  const auto& stats = doc.at("statistics");
  EXPECT_EQ(stats.at("store"), "fingerprint");
  EXPECT_EQ(stats.at("fingerprint_bits"), 128);
  const double n = stats.at("distinct_states").get<double>();
  EXPECT_DOUBLE_EQ(stats.at("collision_probability").get<double>(), n * n / std::ldexp(1.0, 129));
  CliRun exact = testing::run_captured(
      {"check", specs + "paxos_abstract_small.ini", "--store", "exact", "--json", "--no-progress"});
  EXPECT_TRUE(nlohmann::json::parse(exact.out).at("statistics").at("fingerprint_bits").is_null());

  TempDir dir;
  const std::string spec = specs + "paxos_shared_ballots.ini";
  const std::string cex = dir.path("cex.json");
  CliRun wide = testing::run_captured(
      {"check", spec, "--fingerprint-bits", "128", "--trace-out", cex, "--no-progress"});
  EXPECT_EQ(wide.code, kExitViolation) << wide.err;
  EXPECT_TRUE(has(wide.out, "store: fingerprint, 128 bits")) << wide.out;
  EXPECT_TRUE(has(wide.out, "expect: met\n")) << wide.out;
  CliRun narrow = testing::run_captured({"check", spec, "--no-progress"});
  auto trace_of = [](const std::string& out) { return out.substr(out.find("\nstep 0")); };
  EXPECT_EQ(trace_of(wide.out), trace_of(narrow.out));
  CliRun replay = testing::run_captured({"replay", spec, cex});
  EXPECT_EQ(replay.code, kExitViolation) << replay.err;
  EXPECT_TRUE(has(replay.out, "result: VIOLATION")) << replay.out;
}

}  // namespace
}  // namespace faultline
