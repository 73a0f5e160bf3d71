// Spec-file loading: typed values, --set overrides, and one precise line per bad input.
#include "spec/spec_file.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using testing::fake_models;
using testing::TempDir;

// The SpecError message thrown by load_spec, or "" when it loads.
std::string spec_error(const std::string& path, const std::vector<SpecOverride>& overrides = {}) {
  try {
    load_spec(path, overrides, fake_models());
  } catch (const SpecError& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "message must be one line: " << msg;
    return msg;
  }
  return "";
}

TEST(SpecFile, MinimalSpecGetsDefaults) {
  TempDir dir;
  auto path = dir.write("min.ini", "[model]\nname = toy\n");
  CheckRequest r = load_spec(path, {}, fake_models());
  EXPECT_EQ(r.file, path);
  ASSERT_NE(r.model, nullptr);
  EXPECT_EQ(r.model->name, "toy");
  EXPECT_EQ(r.variant, "correct");
  EXPECT_EQ(r.params.get_int("acceptors"), 3);
  EXPECT_EQ(r.params.get_int("drops"), 0);
  EXPECT_FALSE(r.options.max_depth);
  EXPECT_EQ(r.options.workers, 0u);
  EXPECT_EQ(r.options.store, StoreMode::Fingerprint);
  EXPECT_FALSE(r.expect.any());
}

TEST(SpecFile, EverySectionIsTyped) {
  TempDir dir;
  auto path = dir.write("full.ini",
                        "# a full spec\n"
                        "[model]\n"
                        "name = toy   # trailing comment\n"
                        "variant = buggy\n"
                        "\n"
                        "[params]\n"
                        "acceptors = 5\n"
                        "fast = yes\n"
                        "mode = b\n"
                        "[faults]\n"
                        "drops = 2\n"
                        "[bounds]\n"
                        "max_depth = 12\n"
                        "[limits]\n"
                        "max_states = 1000000\n"
                        "time_limit = 2.5\n"
                        "memory_limit = 512\n"
                        "[engine]\n"
                        "workers = 4\n"
                        "store = exact\n"
                        "check_deadlock = true\n"
                        "[expect]\n"
                        "verdict = violation\n"
                        "property = Agreement\n"
                        "trace_length = 2\n"
                        "distinct_states = 42\n"
                        "goals = Chosen, Other\n");
  CheckRequest r = load_spec(path, {}, fake_models());
  EXPECT_EQ(r.variant, "buggy");
  EXPECT_EQ(r.params.get_int("acceptors"), 5);
  EXPECT_TRUE(r.params.get_bool("fast"));
  EXPECT_EQ(r.params.get("mode"), "b");
  EXPECT_EQ(r.params.get_int("drops"), 2);
  EXPECT_EQ(r.options.max_depth, 12u);
  EXPECT_EQ(r.options.max_states, 1000000u);
  EXPECT_DOUBLE_EQ(*r.options.time_limit_s, 2.5);
  EXPECT_EQ(r.options.memory_limit_bytes, 512ull * 1024 * 1024);
  EXPECT_EQ(r.options.workers, 4u);
  EXPECT_EQ(r.options.store, StoreMode::Exact);
  EXPECT_TRUE(r.options.check_deadlock);
  EXPECT_EQ(r.expect.verdict, ExpectedVerdict::Violation);
  EXPECT_EQ(r.expect.property, "Agreement");
  EXPECT_EQ(r.expect.trace_length, 2u);
  EXPECT_EQ(r.expect.distinct_states, 42u);
  EXPECT_EQ(r.expect.goals, (std::vector<std::string>{"Chosen", "Other"}));
  EXPECT_EQ(r.where("params.acceptors"), path + ":7");
}

TEST(SpecFile, UnknownKeyNamesLineAndAcceptedKeys) {
  TempDir dir;
  auto path = dir.write("x.ini", "\n[model]\nnme = toy\n");
  // model.name is missing too: the misspelt key is the likelier mistake, so it is named.
  EXPECT_EQ(spec_error(path),
            path + ":3: unknown key 'model.nme' (accepted in [model]: name, variant)");
  path = dir.write("z.ini", "[params]\nacceptors = 3\n");
  EXPECT_EQ(spec_error(path),
            path + ": missing required key model.name (add 'name = <model>' under [model])");
  path = dir.write("y.ini", "[model]\nname = toy\nnme = toy\n");
  EXPECT_EQ(spec_error(path),
            path + ":3: unknown key 'model.nme' (accepted in [model]: name, variant)");
}

TEST(SpecFile, UnknownParamListsTheModelsKeys) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n[params]\nacceptor = 3\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: unknown key 'params.acceptor' (accepted in [params]: "
                                  "acceptors, fast, mode)");
  // A fault budget in [params] is in the wrong section.
  path = dir.write("y.ini", "[model]\nname = toy\n[params]\ndrops = 1\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: unknown key 'params.drops' (accepted in [params]: "
                                  "acceptors, fast, mode)");
  path = dir.write("z.ini", "[model]\nname = other\n[faults]\ndrops = 1\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: unknown key 'faults.drops' (accepted in [faults]: none "
                                  "for model 'other')");
}

TEST(SpecFile, UnknownSection) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n\n[engines]\nworkers = 2\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: unknown section [engines] (sections: model, params, "
                                  "faults, bounds, limits, engine, expect)");
  path = dir.write("empty.ini", "[]\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":1: unknown section [] (sections: model, params, faults, "
                                  "bounds, limits, engine, expect)");
}

TEST(SpecFile, MalformedLine) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n[params]\nacceptors 3\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: malformed line 'acceptors 3' (expected 'key = value' or '[section]')");
  path = dir.write("y.ini", "[model\nname = toy\n");
  EXPECT_EQ(spec_error(path),
            path + ":1: malformed line '[model' (expected 'key = value' or '[section]')");
}

TEST(SpecFile, KeyOutsideAnySection) {
  TempDir dir;
  auto path = dir.write("x.ini", "name = toy\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":1: key 'name' is outside any section (sections: model, "
                                  "params, faults, bounds, limits, engine, expect)");
}

TEST(SpecFile, WrongTypesAndRanges) {
  TempDir dir;
  auto spec = [&](const std::string& body) {
    return dir.write("t.ini", "[model]\nname = toy\n" + body);
  };
  auto path = spec("[params]\nacceptors = ten\n");
  EXPECT_EQ(spec_error(path), path + ":4: params.acceptors = 'ten': expected an integer in 1..7");
  path = spec("[params]\nacceptors = 8\n");
  EXPECT_EQ(spec_error(path), path + ":4: params.acceptors = '8': expected an integer in 1..7");
  path = spec("[params]\nfast = maybe\n");
  EXPECT_EQ(spec_error(path), path + ":4: params.fast = 'maybe': expected true or false (or yes/no, on/off, 1/0)");
  path = spec("[params]\nmode = c\n");
  EXPECT_EQ(spec_error(path), path + ":4: params.mode = 'c': expected one of: a, b");
  path = spec("[faults]\ndrops = -1\n");
  EXPECT_EQ(spec_error(path), path + ":4: faults.drops = '-1': expected an integer in 0..3");
  path = spec("[bounds]\nmax_depth = 0\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: bounds.max_depth = '0': expected an integer in "
                                  "1..4294967295 (leave the key out for no depth bound)");
  path = spec("[bounds]\nmax_depth = 4294967296\n");
  EXPECT_NE(spec_error(path).find(":4: bounds.max_depth = '4294967296': expected"),
            std::string::npos);
  path = spec("[limits]\nmax_states = 1e6\n");
  EXPECT_EQ(spec_error(path), path + ":4: limits.max_states = '1e6': expected an integer in 1..2^62");
  path = spec("[limits]\ntime_limit = -3\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: limits.time_limit = '-3': expected a number of seconds "
                                  "> 0 (e.g. 60 or 2.5)");
  path = spec("[limits]\ntime_limit = nan\n");
  EXPECT_NE(spec_error(path).find(":4: limits.time_limit = 'nan'"), std::string::npos);
  path = spec("[limits]\nmemory_limit = 0\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: limits.memory_limit = '0': expected a size in MiB in 1..16777216");
  path = spec("[engine]\nworkers = +2\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: engine.workers = '+2': expected an integer in 0..1024 (0 = all cores)");
  path = spec("[engine]\nstore = hash\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: engine.store = 'hash': expected one of: fingerprint, exact");
  path = spec("[engine]\ncheck_deadlock = 2\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: engine.check_deadlock = '2': expected true or false (or "
                                  "yes/no, on/off, 1/0)");
  path = spec("[expect]\nverdict = fine\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: expect.verdict = 'fine': expected one of: holds, "
                                  "holds-up-to-depth, violation, deadlock, vacuous, limit, "
                                  "goal-reached, goal-unreachable");
  path = spec("[expect]\ngoals = A,,B\n");
  EXPECT_NE(spec_error(path).find(":4: expect.goals = 'A,,B': expected comma-separated"),
            std::string::npos);
  path = spec("[expect]\ntrace_length = x\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: expect.trace_length = 'x': expected an integer in 0..2^62");
}

TEST(SpecFile, UnknownModelListsKnownOnes) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\n\nname = toi\n");
  EXPECT_EQ(spec_error(path), path + ":3: model 'toi' is unknown (known: toy, other)");
}

TEST(SpecFile, UnknownVariantListsAcceptedOnes) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = other\nvariant = buggy\n");
  EXPECT_EQ(spec_error(path), path + ":3: model.variant = 'buggy': expected one of: correct");
}

TEST(SpecFile, MissingFile) {
  TempDir dir;
  auto path = dir.path("nope.ini");
  EXPECT_EQ(spec_error(path), path + ": cannot open spec file (No such file or directory)");
}

TEST(SpecFile, UnreadableInputsGetOneLine) {
  TempDir dir;
  EXPECT_EQ(spec_error(""), "the spec file path is empty");
  EXPECT_EQ(spec_error(dir.path("")), dir.path("") + ": is a directory, not a spec file");
  // An endless file is cut off at the cap instead of filling memory.
  EXPECT_EQ(spec_error("/dev/zero"), "/dev/zero: larger than 1 MiB; not a spec file");
  auto big = dir.write("big.ini", "[model]\nname = toy\n" + std::string(size_t{2} << 20, '#'));
  EXPECT_EQ(spec_error(big), big + ": larger than 1 MiB; not a spec file");
}

TEST(SpecFile, ByteOrderMarkIsSkipped) {
  TempDir dir;
  auto path = dir.write("bom.ini", "\xEF\xBB\xBF[model]\nname = toy\n");
  EXPECT_EQ(spec_error(path), "");
}

TEST(SpecFile, QuotedInputIsOneLineAndBounded) {
  TempDir dir;
  auto path = dir.write("nul.ini", std::string("x\0\x1b[2J\n", 7));
  EXPECT_EQ(spec_error(path),
            path + ":1: malformed line 'x\\x00\\x1b[2J' (expected 'key = value' or '[section]')");
  path = dir.write("long.ini", "[model]\nname = toy\n[params]\nacceptors = " +
                                   std::string(5000, '9') + "\n");
  std::string msg = spec_error(path);
  EXPECT_LT(msg.size(), 300u) << msg;
  EXPECT_NE(msg.find("...': expected an integer in 1..7"), std::string::npos) << msg;
  path = dir.write("set.ini", "[model]\nname = toy\n");
  EXPECT_EQ(spec_error(path, {{"params.mode", "a\nfaultline: fine"}}),
            path + " (--set): params.mode = 'a\\x0afaultline: fine': expected one of: a, b");
}

TEST(SpecFile, EngineSettingsThatExcludeEachOther) {
  TempDir dir;
  auto path = dir.write("e.ini", "[model]\nname = toy\n[limits]\nmemory_limit = 10\n[engine]\n");
  EXPECT_EQ(spec_error(path, {{"engine.bitstate", "2^20", "--bitstate"},
                              {"engine.store", "exact", "--store"}}),
            path + " (--bitstate): engine.bitstate = 2^20 does not combine with engine.store = "
                   "exact (" + path + " (--store)): they are two different visited sets; choose one");
  EXPECT_EQ(spec_error(path, {{"engine.bitstate", "2^30", "--bitstate"}}),
            path + " (--bitstate): engine.bitstate = 2^30 is a 128 MiB bit array, more than "
                   "limits.memory_limit = 10 MiB (" + path + ":4)");
  EXPECT_EQ(spec_error(path, {{"engine.bitstate", "2^26", "--bitstate"}}), "");  // 8 MiB
  EXPECT_NE(spec_error(dir.write("f.ini", "[model]\nname = toy\n"),
                       {{"engine.bitstate", "2^40", "--bitstate"}})
                .find("more than this machine's memory"),
            std::string::npos);
  EXPECT_EQ(spec_error(path, {{"engine.frontier_memory", "11", "--frontier-memory"}}),
            path + " (--frontier-memory): engine.frontier_memory = 11 MiB is more than "
                   "limits.memory_limit = 10 MiB (" + path + ":4)");
  EXPECT_EQ(spec_error(path, {{"engine.frontier_memory", "5", "--frontier-memory"},
                              {"engine.strategy", "dfs", "--strategy"}}),
            path + " (--frontier-memory): engine.frontier_memory bounds the breadth-first "
                   "frontier, but engine.strategy = dfs (" + path + " (--strategy)) keeps none");
  EXPECT_EQ(spec_error(path, {{"engine.sweep", "on", "--sweep"},
                              {"engine.strategy", "dfs", "--strategy"}}),
            path + " (--sweep): engine.sweep = on forgets the levels of a breadth-first search, "
                   "but engine.strategy = dfs (" + path + " (--strategy)) has none");
  EXPECT_EQ(spec_error(path, {{"engine.sweep", "on", "--sweep"},
                              {"engine.bitstate", "2^20", "--bitstate"}}),
            path + " (--sweep): engine.sweep = on does not combine with engine.bitstate (" +
                path + " (--bitstate)): the sweep needs no visited set at all; choose one");
  EXPECT_EQ(spec_error(path, {{"engine.sweep", "on", "--sweep"}}), "");
}

TEST(SpecFile, DuplicateKey) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n[params]\nacceptors = 3\nacceptors = 4\n");
  EXPECT_EQ(spec_error(path), path + ":5: key 'params.acceptors' is given twice (first on line 4)");
}

TEST(SpecFile, ContradictoryExpectations) {
  TempDir dir;
  auto spec = [&](const std::string& body) {
    return dir.write("t.ini", "[model]\nname = toy\n" + body);
  };
  auto path = spec("[expect]\nverdict = holds-up-to-depth\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: expect.verdict = holds-up-to-depth needs a depth bound, "
                                  "but bounds.max_depth is not set");
  path = spec("[bounds]\nmax_depth = 3\n[expect]\nverdict = holds-up-to-depth\n");
  EXPECT_EQ(spec_error(path), "");
  path = spec("[expect]\nverdict = limit\n");
  EXPECT_NE(spec_error(path).find(":4: expect.verdict = limit needs a limit"), std::string::npos);
  path = spec("[expect]\nverdict = holds\ntrace_length = 3\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: expect.verdict = holds has no trace, but "
                                  "expect.trace_length is set (" +
                                  path + ":5)");
  path = spec("[expect]\nverdict = deadlock\nproperty = Agreement\n");
  EXPECT_NE(spec_error(path).find("expect.verdict = deadlock names no violated property"),
            std::string::npos);
  path = spec("[expect]\nverdict = deadlock\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":4: expect.verdict = deadlock needs deadlock checking, but "
                                  "engine.check_deadlock is not true");
  path = spec("[expect]\nverdict = goal-reached\n");
  EXPECT_EQ(spec_error(path),
            path + ":4: expect.verdict = goal-reached needs witness mode, but engine.goal is not set");
  path = spec("[engine]\ngoal = Chosen\n[expect]\nverdict = holds\n");
  EXPECT_EQ(spec_error(path), path +
                                  ":6: expect.verdict = holds cannot come out of witness mode "
                                  "(engine.goal is set at " +
                                  path + ":4; expect goal-reached or goal-unreachable)");
  path = spec("[engine]\ngoal = Chosen\n[expect]\nverdict = goal-unreachable\ntrace_length = 2\n");
  EXPECT_NE(spec_error(path).find("goal-unreachable has no trace"), std::string::npos);
  path = spec("[engine]\ngoal = Chosen\n[expect]\nverdict = goal-reached\ntrace_length = 2\n");
  EXPECT_EQ(spec_error(path), "");
  path = spec("[engine]\ngoal =\n");
  EXPECT_NE(spec_error(path).find(":4: engine.goal"), std::string::npos);
}

TEST(SpecFile, EngineGoalSelectsWitnessMode) {
  TempDir dir;
  auto path = dir.write("w.ini", "[model]\nname = toy\n[engine]\ngoal = Chosen\n");
  CheckRequest r = load_spec(path, {}, fake_models());
  EXPECT_EQ(r.options.witness_goal, "Chosen");
  EXPECT_EQ(r.where("engine.goal"), path + ":4");
}

TEST(SpecFile, SetOverridesApplyAfterTheFile) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n[params]\nacceptors = 3\n");
  CheckRequest r = load_spec(path,
                             {parse_set_override("params.acceptors=5"),
                              parse_set_override("faults.drops = 1"),
                              parse_set_override("model.variant=buggy"),
                              {"engine.workers", "3", "--workers"},
                              parse_set_override("params.acceptors=6")},
                             fake_models());
  EXPECT_EQ(r.params.get_int("acceptors"), 6);
  EXPECT_EQ(r.params.get_int("drops"), 1);
  EXPECT_EQ(r.variant, "buggy");
  EXPECT_EQ(r.options.workers, 3u);
  EXPECT_EQ(r.where("params.acceptors"), path + " (--set)");
  EXPECT_EQ(r.where("engine.workers"), path + " (--workers)");
}

TEST(SpecFile, SetCanChooseTheModel) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = nosuch\n");
  CheckRequest r = load_spec(path, {parse_set_override("model.name=other")}, fake_models());
  EXPECT_EQ(r.model->name, "other");
}

TEST(SpecFile, SetErrorsNameTheOrigin) {
  TempDir dir;
  auto path = dir.write("x.ini", "[model]\nname = toy\n");
  EXPECT_EQ(spec_error(path, {parse_set_override("params.acceptors=ten")}),
            path + " (--set): params.acceptors = 'ten': expected an integer in 1..7");
  EXPECT_EQ(spec_error(path, {parse_set_override("model.nme=x")}),
            path + " (--set): unknown key 'model.nme' (accepted in [model]: name, variant)");
  EXPECT_EQ(spec_error(path, {parse_set_override("engin.workers=2")}),
            path +
                " (--set): unknown section [engin] in key 'engin.workers' (sections: model, "
                "params, faults, bounds, limits, engine, expect)");
  EXPECT_EQ(spec_error(path, {{"engine.workers", "many", "--workers"}}),
            path +
                " (--workers): engine.workers = 'many': expected an integer in 0..1024 (0 = "
                "all cores)");
}

TEST(SpecFile, BadSetSyntax) {
  for (const char* text : {"acceptors=3", "params.acceptors", ".x=1", "params.=1", "=1"}) {
    try {
      parse_set_override(text);
      ADD_FAILURE() << "accepted " << text;
    } catch (const SpecError& e) {
      EXPECT_EQ(std::string(e.what()), std::string("--set '") + text +
                                           "': expected section.key=value (e.g. --set "
                                           "params.acceptors=5)");
    }
  }
  SpecOverride o = parse_set_override("expect.goals=A,B=C");
  EXPECT_EQ(o.key, "expect.goals");
  EXPECT_EQ(o.value, "A,B=C");
}

}  // namespace
}  // namespace faultline
