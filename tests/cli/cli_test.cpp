// The CLI end to end through run_cli on the fake catalog: output, one-line errors, exit codes.
#include "cli/cli.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::TempDir;

using testing::CliRun;
using testing::fake_cli;
using testing::expect_one_line_error;
using testing::has;

class CliCheck : public ::testing::Test {
 protected:
  std::string spec(const std::string& variant, const std::string& extra = "") {
    return dir_.write(variant + ".ini", "[model]\nname = toy\nvariant = " + variant + "\n" + extra);
  }
  TempDir dir_;
};

TEST_F(CliCheck, HoldsExitsZero) {
  CliRun r = fake_cli({"check", spec("correct"), "--no-progress"});
  EXPECT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_TRUE(
      has(r.out, "model: toy (variant correct); acceptors=3, drops=0, fast=false, mode=a\n"));
  EXPECT_TRUE(has(r.out, "holds: all properties hold on every reachable state\n"));
  EXPECT_TRUE(has(r.out, "distinct states: 42\n"));
  EXPECT_FALSE(has(r.out, "expect:"));
  EXPECT_EQ(r.err, "");
}

TEST_F(CliCheck, VerdictExitCodes) {
  EXPECT_EQ(fake_cli({"check", spec("buggy")}).code, kExitViolation);
  EXPECT_EQ(fake_cli({"check", spec("stuck")}).code, kExitDeadlock);
  EXPECT_EQ(fake_cli({"check", spec("vacuous")}).code, kExitVacuous);
  EXPECT_EQ(fake_cli({"check", spec("limit")}).code, kExitLimit);
  EXPECT_EQ(fake_cli({"check", spec("nondet")}).code, kExitModelError);
  EXPECT_EQ(fake_cli({"check", spec("correct"), "--max-depth", "4"}).code, kExitHolds);
}

TEST_F(CliCheck, ViolationPrintsSummaryThenTrace) {
  CliRun r = fake_cli({"check", spec("buggy")});
  auto verdict = r.out.find("VIOLATION of Agreement\n");
  auto trace = r.out.find("counterexample (2 steps):\n");
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(trace, std::string::npos);
  EXPECT_LT(verdict, trace);
  EXPECT_TRUE(has(r.out, "because: a1 chose 1, a2 chose 2\n"));
}

TEST_F(CliCheck, ExpectationMetKeepsTheVerdictCode) {
  CliRun r = fake_cli({"check", spec("buggy",
                                "[expect]\nverdict = violation\nproperty = Agreement\n"
                                "trace_length = 2\n")});
  EXPECT_EQ(r.code, kExitViolation);
  EXPECT_TRUE(has(r.out, "\nexpect: met\n"));
}

TEST_F(CliCheck, ExpectationNotMetExits13) {
  CliRun r =
      fake_cli({"check", spec("correct", "[expect]\nverdict = violation\ndistinct_states = 7\n")});
  EXPECT_EQ(r.code, kExitExpectMismatch);
  EXPECT_TRUE(has(r.out,
                  "expect: NOT met: verdict is holds, expected violation; distinct states: 42, "
                  "expected 7\n"));
  CliRun vac = fake_cli({"check", spec("vacuous", "[expect]\nverdict = holds\n")});
  EXPECT_EQ(vac.code, kExitExpectMismatch);
  EXPECT_TRUE(has(vac.out, "VACUOUS: properties hold but goal Chosen was never reached\n"));
  EXPECT_TRUE(has(vac.out, "expect: NOT met: verdict is vacuous, expected holds\n"));
}

TEST_F(CliCheck, InterruptStopsWithoutCheckingTheExpectation) {
  std::atomic<bool> interrupted{true};
  CliRun r = fake_cli({"check", spec("correct", "[expect]\nverdict = holds\n")}, &interrupted);
  EXPECT_EQ(r.code, kExitLimit);
  EXPECT_TRUE(has(r.out, "interrupted: no verdict\n"));
  EXPECT_TRUE(has(r.out, "frontier left unexplored: 9 states\n"));
  EXPECT_TRUE(has(r.out, "expect: not checked (interrupted)\n"));
  EXPECT_EQ(testing::last_options().interrupt, &interrupted);
}

TEST_F(CliCheck, ShortcutsAndSetReachTheEngine) {
  CliRun r = fake_cli({"check", spec("correct"), "--workers", "3", "--store", "exact", "--max-depth",
                  "7", "--max-states", "100", "--time-limit", "1.5", "--memory-limit", "64",
                  "--deadlock", "--set", "params.acceptors=5", "--set=faults.drops=2"});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  const CheckOptions& o = testing::last_options();
  EXPECT_EQ(o.workers, 3u);
  EXPECT_EQ(o.store, StoreMode::Exact);
  EXPECT_EQ(o.max_depth, 7u);
  EXPECT_EQ(o.max_states, 100u);
  EXPECT_DOUBLE_EQ(*o.time_limit_s, 1.5);
  EXPECT_EQ(o.memory_limit_bytes, 64ull << 20);
  EXPECT_TRUE(o.check_deadlock);
  EXPECT_FALSE(o.progress);
  EXPECT_TRUE(has(r.out, "acceptors=5, drops=2"));
  EXPECT_TRUE(has(r.out, "holds up to depth 7"));
  // Shortcuts apply after --set.
  fake_cli({"check", spec("correct"), "--set", "engine.workers=1", "--workers", "2"});
  EXPECT_EQ(testing::last_options().workers, 2u);
}

TEST_F(CliCheck, ProgressDefaultsToTheTerminal) {
  fake_cli({"check", spec("correct")}, nullptr, /*tty=*/true);
  EXPECT_TRUE(testing::last_options().progress);
  fake_cli({"check", spec("correct"), "--no-progress"}, nullptr, true);
  EXPECT_FALSE(testing::last_options().progress);
  fake_cli({"check", spec("correct"), "--progress"}, nullptr, false);
  EXPECT_TRUE(testing::last_options().progress);
  CliRun both = fake_cli({"check", spec("correct"), "--progress", "--no-progress"});
  EXPECT_EQ(both.code, kExitUsage);
}

TEST_F(CliCheck, GoalWitnessMode) {
  CliRun r = fake_cli({"check", spec("correct", "[expect]\nverdict = holds\n"), "--goal", "Chosen"});
  EXPECT_EQ(r.code, kExitHolds) << r.err;
  EXPECT_EQ(testing::last_options().witness_goal, "Chosen");
  EXPECT_TRUE(has(r.out, "goal Chosen reached (witness below)\n"));
  EXPECT_TRUE(has(r.out, "witness for goal Chosen (2 steps):\n"));
  EXPECT_TRUE(has(r.out, "expect: not checked"));
  CliRun none = fake_cli({"check", spec("vacuous"), "--goal", "Chosen"});
  EXPECT_EQ(none.code, kExitVacuous);
  EXPECT_TRUE(has(none.out, "goal Chosen is unreachable"));
  CliRun bad = fake_cli({"check", spec("correct"), "--goal", "Agreement"});
  EXPECT_EQ(bad.code, kExitSpec);
  expect_one_line_error(bad);
  EXPECT_EQ(bad.err, "faultline: --goal 'Agreement': not a goal of model toy (goals: Chosen)\n");
}

TEST_F(CliCheck, SpecGoalChecksItsExpectations) {
  const std::string witness = "[engine]\ngoal = Chosen\n[expect]\nverdict = goal-reached\n";
  CliRun met = fake_cli({"check", spec("correct", witness + "trace_length = 2\n")});
  EXPECT_EQ(met.code, kExitHolds) << met.err;
  EXPECT_EQ(testing::last_options().witness_goal, "Chosen");
  EXPECT_TRUE(has(met.out, "witness for goal Chosen (2 steps):\n"));
  EXPECT_TRUE(has(met.out, "expect: met\n"));
  CliRun wrong_length = fake_cli({"check", spec("correct", witness + "trace_length = 3\n")});
  EXPECT_EQ(wrong_length.code, kExitExpectMismatch);
  EXPECT_TRUE(has(wrong_length.out, "expect: NOT met: trace length is 2, expected 3\n"));
  CliRun unreachable = fake_cli({"check", spec("vacuous", witness)});
  EXPECT_EQ(unreachable.code, kExitExpectMismatch);
  EXPECT_TRUE(has(unreachable.out, "verdict is goal-unreachable, expected goal-reached"));
  // The same goal on the command line keeps the spec's question; another goal does not.
  CliRun same = fake_cli({"check", spec("correct", witness), "--goal", "Chosen"});
  EXPECT_TRUE(has(same.out, "expect: met\n"));
  CliRun bad = fake_cli({"check", spec("correct", "[engine]\ngoal = Agreement\n")});
  EXPECT_EQ(bad.code, kExitSpec);
  expect_one_line_error(bad);
  EXPECT_TRUE(has(bad.err, ":5: engine.goal: 'Agreement' is not a goal of toy (goals: Chosen)"));
}

TEST_F(CliCheck, SymmetryNeedsAModelThatDeclaresIt) {
  CliRun on = fake_cli({"check", spec("correct"), "--symmetry", "on"});
  EXPECT_EQ(on.code, kExitHolds) << on.err;
  EXPECT_TRUE(testing::last_options().symmetry);
  CliRun off = fake_cli({"check", spec("correct", "[engine]\nsymmetry = on\n"), "--symmetry", "off"});
  EXPECT_FALSE(testing::last_options().symmetry);
  // The fake model declares no symmetry in mode b.
  CliRun none = fake_cli({"check", spec("correct", "[params]\nmode = b\n[engine]\nsymmetry = on\n")});
  EXPECT_EQ(none.code, kExitSpec);
  expect_one_line_error(none);
  EXPECT_TRUE(has(none.err, ":7: engine.symmetry = on: model toy declares no symmetry here"));
  CliRun bad = fake_cli({"check", spec("correct"), "--symmetry", "maybe"});
  EXPECT_EQ(bad.code, kExitSpec);
  EXPECT_TRUE(has(bad.err, "engine.symmetry = 'maybe': expected one of: on, off"));
}

TEST_F(CliCheck, SweepNeedsAModelWithAProgressMeasure) {
  CliRun on = fake_cli({"check", spec("correct"), "--sweep", "on"});
  EXPECT_EQ(on.code, kExitHolds) << on.err;
  EXPECT_TRUE(testing::last_options().sweep);
  fake_cli({"check", spec("correct", "[engine]\nsweep = on\n"), "--sweep", "off"});
  EXPECT_FALSE(testing::last_options().sweep);
  // The fake model declares no progress measure in mode b.
  CliRun none = fake_cli({"check", spec("correct", "[params]\nmode = b\n[engine]\nsweep = on\n")});
  EXPECT_EQ(none.code, kExitSpec);
  expect_one_line_error(none);
  EXPECT_TRUE(has(none.err, ":7: engine.sweep = on: model toy declares no graded progress measure"))
      << none.err;
  CliRun bad = fake_cli({"check", spec("correct"), "--sweep", "yes"});
  EXPECT_EQ(bad.code, kExitSpec);
  EXPECT_TRUE(has(bad.err, "engine.sweep = 'yes': expected one of: on, off"));
}

TEST_F(CliCheck, TraceOutWritesJson) {
  std::string json = dir_.path("trace.json");
  CliRun r = fake_cli({"check", spec("buggy"), "--trace-out", json});
  EXPECT_EQ(r.code, kExitViolation);
  std::ifstream in(json);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind("{\n  \"model\": \"toy\",\n  \"variant\": \"buggy\",\n", 0), 0u);
  EXPECT_TRUE(has(text.str(), "\"action\":\"crash a2\""));
  CliRun bad = fake_cli({"check", spec("buggy"), "--trace-out", dir_.path("no/such/dir/t.json")});
  EXPECT_EQ(bad.code, kExitSpec);
  expect_one_line_error(bad);
  EXPECT_TRUE(has(bad.err, "cannot open for writing"));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(CliCheck, TraceOutPicksTheFormatByExtensionUnlessTraceFormatSaysOtherwise) {
  const std::string html = dir_.path("t.html"), mmd = dir_.path("t.mmd"),
                    txt = dir_.path("t.txt"), forced = dir_.path("t.json");
  EXPECT_EQ(fake_cli({"check", spec("buggy"), "--trace-out", html}).code, kExitViolation);
  EXPECT_EQ(read_file(html).rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(fake_cli({"check", spec("buggy"), "--trace-out", mmd}).code, kExitViolation);
  EXPECT_TRUE(has(read_file(mmd), "\nsequenceDiagram\n"));
  EXPECT_EQ(fake_cli({"check", spec("buggy"), "--trace-out", txt}).code, kExitViolation);
  EXPECT_EQ(read_file(txt).rfind("counterexample (2 steps):\n", 0), 0u);
  CliRun r = fake_cli({"check", spec("buggy"), "--trace-out", forced, "--trace-format", "mermaid"});
  EXPECT_EQ(r.code, kExitViolation);
  EXPECT_TRUE(has(read_file(forced), "\nsequenceDiagram\n"));
  // With --trace-out, stdout keeps the summary and the text trace.
  EXPECT_TRUE(has(r.out, "counterexample (2 steps):\nstep 0: initial state\n"));
}

TEST_F(CliCheck, TraceFormatWithoutTraceOutPutsTheDocumentAloneOnStdout) {
  CliRun r = fake_cli({"check", spec("buggy"), "--trace-format", "html", "--no-progress"});
  EXPECT_EQ(r.code, kExitViolation);
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(r.out.find("distinct states"), std::string::npos);
  EXPECT_TRUE(has(r.err, "distinct states: 42\n"));
  CliRun text = fake_cli({"check", spec("buggy"), "--trace-format", "text", "--no-progress"});
  EXPECT_TRUE(has(text.out, "distinct states: 42\n"));
  EXPECT_TRUE(has(text.out, "counterexample (2 steps):\n"));
  EXPECT_TRUE(text.err.empty());
  CliRun holds = fake_cli({"check", spec("correct"), "--trace-format", "mermaid", "--no-progress"});
  EXPECT_EQ(holds.code, kExitHolds);
  EXPECT_EQ(holds.out,
            "sequenceDiagram\n    participant faultline\n    Note over faultline: no trace: toy "
            "(variant correct), verdict holds\n");
}

TEST_F(CliCheck, UnknownTraceFormatIsAUsageError) {
  CliRun r = fake_cli({"check", spec("buggy"), "--trace-format", "svg"});
  EXPECT_EQ(r.code, kExitUsage);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "--trace-format 'svg': not a trace format (accepted: text, json, html, "
                         "mermaid)"));
}

TEST_F(CliCheck, SpecErrorsAreOneLineExit3) {
  struct Case {
    std::string body;
    std::string message;
  };
  std::string p = dir_.path("bad.ini");
  std::vector<Case> cases = {
      {"[model]\nname = toy\n[params]\nacceptors = ten\n",
       p + ":4: params.acceptors = 'ten': expected an integer in 1..7"},
      {"[model]\nnme = toy\n",
       p + ":2: unknown key 'model.nme' (accepted in [model]: name, variant)"},
      {"[params]\nacceptors = 3\n",
       p + ": missing required key model.name (add 'name = <model>' under [model])"},
      {"[model]\nname = toy\nnme = x\n",
       p + ":3: unknown key 'model.nme' (accepted in [model]: name, variant)"},
      {"[model]\nname = paxo\n", p + ":2: model 'paxo' is unknown (known: toy, other)"},
      {"[model]\nname = toy\nvariant = nope\n",
       p + ":3: model.variant = 'nope': expected one of: correct, buggy, stuck, vacuous, limit, "
           "nondet, throws"},
      {"[model]\nname = toy\n[bogus]\n", p + ":3: unknown section [bogus] (sections: model, "
                                             "params, faults, bounds, limits, engine, expect)"},
      {"[model]\nname = toy\njunk\n",
       p + ":3: malformed line 'junk' (expected 'key = value' or '[section]')"},
      {"[model]\nname = toy\n[expect]\nverdict = holds-up-to-depth\n",
       p + ":4: expect.verdict = holds-up-to-depth needs a depth bound, but bounds.max_depth is "
           "not set"},
      {"[model]\nname = toy\n[params]\nacceptors = 7\n[faults]\ndrops = 3\n",
       p + ":4: params.acceptors = 7 needs faults.drops < 3"},  // the model's error, located
      {"[model]\nname = toy\n[expect]\ngoals = Nope\n",
       p + ":4: expect.goals: 'Nope' is not a goal of toy (goals: Chosen)"},
  };
  for (const auto& c : cases) {
    dir_.write("bad.ini", c.body);
    CliRun r = fake_cli({"check", p});
    EXPECT_EQ(r.code, kExitSpec) << c.body;
    expect_one_line_error(r);
    EXPECT_EQ(r.err, "faultline: " + c.message + "\n");
    EXPECT_EQ(r.out, "");
  }
  CliRun missing = fake_cli({"check", dir_.path("missing.ini")});
  EXPECT_EQ(missing.code, kExitSpec);
  EXPECT_EQ(missing.err, "faultline: " + dir_.path("missing.ini") +
                             ": cannot open spec file (No such file or directory)\n");
  CliRun set = fake_cli({"check", spec("correct"), "--set", "acceptors=3"});
  EXPECT_EQ(set.code, kExitSpec);
  EXPECT_EQ(set.err,
            "faultline: --set 'acceptors=3': expected section.key=value (e.g. --set "
            "params.acceptors=5)\n");
  CliRun workers = fake_cli({"check", spec("correct"), "--workers", "-1"});
  EXPECT_EQ(workers.code, kExitSpec);
  EXPECT_TRUE(has(workers.err, "(--workers): engine.workers = '-1': expected an integer"));
}

TEST(Cli, UsageErrorsExit2WithAHint) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{},
                                             {"chek"},
                                             {"--frobnicate"},
                                             {"check"},
                                             {"check", "a.ini", "b.ini"},
                                             {"check", "a.ini", "--frobnicate"},
                                             {"check", "a.ini", "--work", "2"},
                                             {"check", "a.ini", "--workers"},
                                             {"describe"},
                                             {"list", "extra"}}) {
    CliRun r = fake_cli(args);
    EXPECT_EQ(r.code, kExitUsage) << (args.empty() ? "" : args[0]);
    expect_one_line_error(r);
    EXPECT_TRUE(has(r.err, "--help')")) << r.err;
  }
  EXPECT_EQ(fake_cli({"chek"}).err,
            "faultline: unknown subcommand 'chek' (subcommands: check, replay, graph, simulate, list, describe, new-model) "
            "(see "
            "'faultline --help')\n");
  EXPECT_EQ(fake_cli({"check"}).err,
            "faultline: check: missing SPEC (the spec file to check, or --model NAME) (see "
            "'faultline check --help')\n");
}

TEST(Cli, HelpExitsZero) {
  CliRun top = fake_cli({"--help"});
  EXPECT_EQ(top.code, 0);
  EXPECT_TRUE(has(top.out, "faultline check SPEC [options]"));
  CliRun check = fake_cli({"check", "--help"});
  EXPECT_EQ(check.code, 0);
  EXPECT_TRUE(has(check.out, "--trace-out"));
  EXPECT_TRUE(has(check.out, "--max-depth"));
  // help SUBCOMMAND is that subcommand's --help; the general help points to the docs pages.
  EXPECT_EQ(fake_cli({"help", "check"}).out, check.out);
  EXPECT_EQ(fake_cli({"help", "describe"}).out, fake_cli({"describe", "--help"}).out);
  EXPECT_TRUE(has(top.out, "docs/spec-files.md"));
  CliRun bad = fake_cli({"help", "chek"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_TRUE(has(bad.err, "help: unknown subcommand 'chek'")) << bad.err;
}

TEST(Cli, InternalErrorsExit255) {
  TempDir dir;
  auto p = dir.write("t.ini", "[model]\nname = toy\nvariant = throws\n");
  CliRun r = fake_cli({"check", p});
  EXPECT_EQ(r.code, kExitInternal);
  EXPECT_EQ(r.err, "faultline: internal error: engine exploded\n");
}

TEST(Cli, ListAndDescribe) {
  CliRun list = fake_cli({"list"});
  EXPECT_EQ(list.code, 0);
  EXPECT_TRUE(has(list.out, "toy    a fake model for front-end tests\n"));
  EXPECT_TRUE(has(list.out, "       variants: correct, buggy, stuck"));
  CliRun d = fake_cli({"describe", "toy"});
  EXPECT_EQ(d.code, 0) << d.err;
  EXPECT_TRUE(
      has(d.out, "params.acceptors  an integer in 1..7  default 3      number of acceptors\n"))
      << d.out;
  EXPECT_TRUE(has(
      d.out, "faults.drops      an integer in 0..3  default 0      messages that may be lost\n"))
      << d.out;
  EXPECT_TRUE(has(d.out, "  buggy    violates Agreement\n")) << d.out;
  EXPECT_TRUE(has(d.out, "  invariant  Agreement  at most one value is chosen\n")) << d.out;
  EXPECT_TRUE(has(d.out, "  goal       Chosen     a value is chosen\n")) << d.out;
  EXPECT_TRUE(has(d.out, "  engine.symmetry = on  acceptors a1..a3 are interchangeable\n"))
      << d.out;
  EXPECT_TRUE(has(d.out, "  engine.sweep = on     levels forgotten once explored; graded "
                         "progress measure: messages sent\n"))
      << d.out;
  CliRun unknown = fake_cli({"describe", "paxo"});
  EXPECT_EQ(unknown.code, kExitSpec);
  EXPECT_EQ(unknown.err, "faultline: model 'paxo' is unknown (known: toy, other)\n");
}

}  // namespace
}  // namespace faultline
