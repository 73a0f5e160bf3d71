// The counterexample renderer and its field diff.
#include "report/trace_text.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using Lines = std::vector<std::string>;

TEST(DiffFields, ChangedAddedRemoved) {
  FieldList before = {{"a1.promised", "0"}, {"a2.promised", "0"}, {"gone", "x"}};
  FieldList after = {{"a1.promised", "2"}, {"a2.promised", "0"}, {"new", "y"}};
  EXPECT_EQ(diff_fields(before, after),
            (Lines{"  a1.promised: 0 -> 2", "  + new = y", "  - gone = x"}));
  EXPECT_TRUE(diff_fields(before, before).empty());
}

TEST(DiffFields, RepeatedFieldsDiffAsMultisets) {
  FieldList before = {
      {"net.msg", "Prepare(b=1)"}, {"net.msg", "Prepare(b=1)"}, {"net.msg", "Accept(b=1)"}};
  FieldList after = {
      {"net.msg", "Prepare(b=1)"}, {"net.msg", "Accept(b=1)"}, {"net.msg", "Promise(b=1)"}};
  EXPECT_EQ(diff_fields(before, after),
            (Lines{"  - net.msg = Prepare(b=1)", "  + net.msg = Promise(b=1)"}));
  // One value becoming two is an addition, not a change.
  EXPECT_EQ(diff_fields({{"m", "a"}}, {{"m", "a"}, {"m", "b"}}), (Lines{"  + m = b"}));
}

TEST(DiffFields, SetValuedFieldsShowOnlyChangedElements) {
  EXPECT_EQ(diff_fields({{"chosen", "{}"}}, {{"chosen", "{1}"}}), (Lines{"  chosen: + 1"}));
  EXPECT_EQ(diff_fields({{"msgs", "{1a(b=0), 2a(b=0, v=1)}"}},
                        {{"msgs", "{2a(b=0, v=1), 2b(a1, b=0, v={1, 2})}"}}),
            (Lines{"  msgs: - 1a(b=0), + 2b(a1, b=0, v={1, 2})"}));
  EXPECT_EQ(diff_fields({{"s", "{a, b}"}}, {{"s", "{}"}}), (Lines{"  s: - a, - b"}));
  // Not sets (or malformed ones): the whole value.
  EXPECT_EQ(diff_fields({{"s", "{a, (b}"}}, {{"s", "{a}"}}), (Lines{"  s: {a, (b} -> {a}"}));
  EXPECT_EQ(diff_fields({{"s", "[a]"}}, {{"s", "[a, b]"}}), (Lines{"  s: [a] -> [a, b]"}));
  EXPECT_EQ(diff_fields({{"s", "{a, b}"}}, {{"s", "{b, a}"}}), (Lines{"  s: {a, b} -> {b, a}"}));
}

TEST(TraceText, CounterexampleLayout) {
  Finding f{"Agreement", "invariant", "at most one value is chosen", "a1 chose 1, a2 chose 2",
            testing::fake_trace()};
  f.trace.steps.push_back({"stutter", f.trace.steps.back().state});
  std::ostringstream out;
  write_trace_text(out, f);
  EXPECT_EQ(out.str(),
            "counterexample (3 steps):\n"
            "step 0: initial state\n"
            "  a1.promised = 0\n"
            "  a2.promised = 0\n"
            "  net.msg = Prepare(b=1)\n"
            "step 1: deliver Prepare(b=1) p1->a1\n"
            "  a1.promised: 0 -> 1\n"
            "  net.msg: Prepare(b=1) -> Promise(b=1)\n"
            "step 2: crash a2\n"
            "  - a2.promised = 0\n"
            "step 3: stutter\n"
            "  (no change)\n"
            "violated: Agreement \u2014 at most one value is chosen\n"
            "because: a1 chose 1, a2 chose 2\n");
}

TEST(TraceText, DeadlockAndWitnessEndings) {
  Finding d{"deadlock", "deadlock", "", "", {}};
  std::ostringstream out;
  write_trace_text(out, d);
  EXPECT_EQ(out.str(),
            "trace to deadlock (0 steps):\n"
            "step 0: initial state\n"
            "deadlock: no action is enabled in the last state\n");
  Finding g{"Chosen", "goal", "a value is chosen", "", {}};
  g.trace.steps.push_back({"choose", {{"x", "1"}}});
  std::ostringstream w;
  write_trace_text(w, g);
  EXPECT_EQ(w.str(),
            "witness for goal Chosen (1 step):\n"
            "step 0: initial state\n"
            "step 1: choose\n"
            "  + x = 1\n"
            "reached: Chosen \u2014 a value is chosen\n");
}

}  // namespace
}  // namespace faultline
