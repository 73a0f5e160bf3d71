// Trace files for `faultline replay`: the text form (comments, blank lines, spacing, line
// numbers), the text and JSON forms of --trace-out (labels, model, where each step is),
// charts refused, errors that name the file and line, and parsing in linear time.
#include "spec/trace_file.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "core/errors.hpp"
#include "report/trace_json.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_trace("t.trace", text);
  } catch (const SpecError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TraceFile, TextSkipsCommentsAndBlankLinesAndKeepsLineNumbers) {
  TraceFile t = parse_trace("t.trace",
                            "# a comment\n"
                            "\n"
                            "start p1 b=1\n"
                            "  deliver   Prepare(b=1)\tp1->a1   # trailing comment\r\n"
                            "   \n"
                            "crash a2");
  EXPECT_FALSE(t.json);
  EXPECT_FALSE(t.model);
  ASSERT_EQ(t.steps.size(), 3u);
  EXPECT_EQ(t.labels(), (std::vector<std::string>{"start p1 b=1", "deliver Prepare(b=1) p1->a1",
                                                  "crash a2"}));
  EXPECT_EQ(t.steps[0].line, 3u);
  EXPECT_EQ(t.steps[1].line, 4u);
  EXPECT_EQ(t.steps[2].line, 6u);
  EXPECT_EQ(t.steps[1].where, "t.trace:4");
  EXPECT_TRUE(parse_trace("t.trace", "").steps.empty());
}

TEST(TraceFile, JsonFromTraceOutGivesLabelsModelAndLines) {
  Finding f{"Agreement", "invariant", "d", "r", testing::fake_trace()};
  std::ostringstream out;
  write_trace_json(out, {"toy", "buggy", "violation"}, &f);
  TraceFile t = parse_trace("t.json", out.str());
  EXPECT_TRUE(t.json);
  EXPECT_EQ(t.model, "toy");
  EXPECT_EQ(t.labels(), (std::vector<std::string>{"deliver Prepare(b=1) p1->a1", "crash a2"}));
  // write_trace_json puts 8 header lines first, then the initial state, then a step a line.
  EXPECT_EQ(t.steps[0].line, 11u);
  EXPECT_EQ(t.steps[1].line, 12u);
  EXPECT_EQ(t.steps[1].where, "t.json:12");
}

TEST(TraceFile, JsonOnOneLineNamesTheStepsIndexWhenTheLabelRepeats) {
  // The same label twice on one line: both are found, on line 1.
  TraceFile t = parse_trace(
      "t.json", R"({"steps": [{"action": null}, {"action": "crash a1"}, {"action": "crash a1"}]})");
  ASSERT_EQ(t.steps.size(), 2u);
  EXPECT_EQ(t.steps[1].line, 1u);
  EXPECT_FALSE(t.model);
  // A label written with escapes the writer would not use is not found: the index is named.
  TraceFile escaped = parse_trace("t.json", "{\"steps\": [{\"action\": \"crash \\u0061\"}]}");
  EXPECT_EQ(escaped.labels(), std::vector<std::string>{"crash a"});
  EXPECT_EQ(escaped.steps[0].where, "t.json (steps[0])");
}

TEST(TraceFile, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(error_of("{\n  \"steps\": [\n    {\"action\": \"crash a1\"},,\n  ]\n}"),
            error_of("{\n  \"steps\": [\n    {\"action\": \"crash a1\"},,\n  ]\n}"));
  std::string bad = error_of("{\n  \"steps\": [\n    {\"action\": \"crash a1\"},,\n  ]\n}");
  EXPECT_EQ(bad.rfind("t.trace:3: not valid JSON (", 0), 0u) << bad;
  EXPECT_EQ(error_of("{\"model\": \"toy\"}").rfind("t.trace: no \"steps\" array; expected", 0), 0u);
  EXPECT_EQ(error_of("{\"steps\": [{\"state\": {}}]}"),
            "t.trace: steps[0] has no \"action\"; expected the JSON that 'faultline check "
            "--trace-out' writes: {\"model\": ..., \"steps\": [{\"action\": null, ...}, "
            "{\"action\": \"<label>\", ...}, ...]}");
  EXPECT_EQ(error_of("{\"steps\": [{\"action\": null}, {\"action\": 3}]}"),
            "t.trace: steps[1]: \"action\" must be a string (a label)");
  EXPECT_EQ(error_of("{\"steps\": [{\"action\": \"a\"}, {\"action\": null}]}"),
            "t.trace: steps[1]: \"action\" is null; only steps[0], the initial state, has none");
  EXPECT_EQ(error_of("{\"model\": 1, \"steps\": []}"), "t.trace: \"model\" must be a string");
  try {
    read_trace_file("/no/such/file.trace");
    FAIL() << "no error";
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/no/such/file.trace: cannot open trace file (", 0), 0u);
  }
}

TEST(TraceFile, JsonThatIsNoTraceObjectIsAnErrorNotALabel) {
  for (const char* text : {"[]", "1", "\"crash a1\"", "  [{\"action\": null}]"})
    EXPECT_EQ(error_of(text).rfind("t.trace: not a trace: the JSON document is ", 0), 0u)
        << text << ": " << error_of(text);
  // Numbers beyond a double, as a value or as an index, are input errors, not internal ones.
  EXPECT_EQ(error_of("{\"x\": 1e400, \"steps\": []}").rfind("t.trace: not a trace: number overflow", 0),
            0u)
      << error_of("{\"x\": 1e400, \"steps\": []}");
  const std::string digits(100000, '9');
  EXPECT_EQ(error_of("{\"steps\": [{\"index\": " + digits + ", \"action\": null}]}")
                .rfind("t.trace: not a trace: number overflow", 0),
            0u);
  // "-0" is the integer 0, the right index; other indices name what was expected.
  EXPECT_EQ(error_of("{\"steps\": [{\"index\": -0, \"action\": null}]}"), "no error");
  EXPECT_EQ(error_of("{\"steps\": [{\"index\": 1.0, \"action\": null}]}"),
            "t.trace: steps[0]: \"index\" is 1.0; expected 0, the step's position in \"steps\"");
}

TEST(TraceFile, TheTextTraceOfCheckGivesItsStepLabels) {
  const TraceFile t = parse_trace("t.txt",
                                  "counterexample (2 steps):\n"
                                  "step 0: initial state\n"
                                  "  a1 = promised 0\n"
                                  "step 1: start p1 b=1\n"
                                  "  p1: idle -> preparing # not a comment here\n"
                                  "step 2: deliver Prepare(b=1) p1->a1   # kept as written\n"
                                  "  + net a1->p1 = Promise(b=1)\n"
                                  "\n");
  ASSERT_EQ(t.labels(), (std::vector<std::string>{"start p1 b=1",
                                                  "deliver Prepare(b=1) p1->a1   # kept as written"}));
  EXPECT_EQ(t.steps[1].where, "t.txt:6");
  EXPECT_EQ(parse_trace("t.txt", "witness for goal G (1 step):\nstep 0: initial state\nstep 1: x\n")
                .labels(),
            (std::vector<std::string>{"x"}));
  EXPECT_EQ(error_of("trace to deadlock (1 step):\nstep 0: initial state\nstep 2: x\n"),
            "t.trace:3: expected 'step 1: ...' in this trace written by 'faultline check', found "
            "'step 2: x'");
}

TEST(TraceFile, SequenceChartsAreRefusedWithTheFormatsReplayReads) {
  for (const char* text : {"%% faultline: paxos\nsequenceDiagram\n", "sequenceDiagram\n",
                           "<!DOCTYPE html>\n<html>"})
    EXPECT_EQ(error_of(text).rfind("t.trace: a sequence chart (Mermaid or HTML) cannot be replayed", 0),
              0u)
        << text;
}

// 200,000 steps in a second or two: the line of each JSON step is counted from the previous
// one, not from the start of the file (that took minutes).
TEST(TraceFile, ParsingIsLinearInTheNumberOfSteps) {
  std::string text = "{\"steps\": [\n{\"action\": null}";
  for (int i = 0; i < 200000; ++i) text += ",\n{\"action\": \"step " + std::to_string(i) + "\"}";
  text += "]}\n";
  const auto start = std::chrono::steady_clock::now();
  const TraceFile t = parse_trace("t.json", text);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(t.steps.size(), 200000u);
  EXPECT_EQ(t.steps.back().line, 200002u);
  EXPECT_LT(s, 10.0);
}

}  // namespace
}  // namespace faultline
