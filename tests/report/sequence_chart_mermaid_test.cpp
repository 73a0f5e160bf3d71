// Tests of the Mermaid renderer: escaping, participants, arrows for deliveries and drops,
// notes for the other events and the changed state, and the closing violation note.
#include "report/sequence_chart_mermaid.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/report/chart_fixture.hpp"
#include "tests/report/time_chart_fixture.hpp"

namespace faultline {
namespace {

std::vector<std::string> mermaid_lines(const Finding& f) {
  std::ostringstream out;
  write_sequence_chart_mermaid(out, build_sequence_chart(f, "toy (variant v)"));
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

TEST(MermaidText, EscapesWhatMermaidParses) {
  EXPECT_EQ(mermaid_text("a;b#c<d>\ne"), "a#59;b#35;c#lt;d#gt;<br/>e");
  EXPECT_EQ(mermaid_text("Prepare(b=1) {a1}|{a2}"), "Prepare(b=1) {a1}|{a2}");
}

TEST(MermaidChart, WholeDiagram) {
  EXPECT_EQ(mermaid_lines(testing::chart_finding()),
            (std::vector<std::string>{
                "%% faultline: toy (variant v), counterexample (9 steps)",
                "sequenceDiagram",
                "    participant p1",
                "    participant a1",
                "    participant a2",
                "    Note right of p1: p1 = idle",
                "    Note right of a1: a1 = 0<br/>a1.log = []",
                "    Note right of a2: a2 = 0",
                "    Note over p1: step 1: start p1",
                "    Note right of p1: p1: idle -#gt; busy",
                "    p1->>a1: step 2: M(1)",
                "    Note right of a1: a1: 0 -#gt; 1<br/>a1.log: [] -#gt; [x]",
                "    Note over p1,a2: step 3: duplicated M(1)",
                "    p1-xa2: step 4: dropped M(1) (sent at step 1)",
                "    p1->>a2: step 5: M(1) (copy made at step 3)",
                "    Note right of a2: a2: 0 -#gt; 1",
                "    Note over a1: step 6: crash",
                "    Note over a1: step 7: restart (state lost)",
                "    Note over p1,a2: step 8: partition {a2}|{p1,a1}",
                "    Note over p1,a2: step 9: heal",
                "    Note over p1,a2: violated: Safe \u2014 nothing bad #lt;ever#gt; happens<br/>"
                "because: a1 saw x=1#59; a2 saw #35;2",
            }));
}

TEST(MermaidChart, TimeMarkersAreNotes) {
  const auto lines = mermaid_lines(testing::time_chart_finding());
  const std::vector<std::string> steps(lines.begin() + 8, lines.end() - 1);
  EXPECT_EQ(steps, (std::vector<std::string>{
                       "    Note over c1: step 1: request c1 (clock 0)",
                       "    Note right of c1: c1: no lease -#gt; requested at 0",
                       "    Note over c1: step 2: pause (up to 1 tick)",
                       "    Note over g: step 3: clock jumps ahead (reads 1)",
                       "    Note over g,c2: step 4: tick t=1",
                       "    Note over g: step 4: clock lags (reads 1)",
                       "    Note over c1: step 4: resume (pause over)",
                       "    Note over c2: step 5: pause (up to 1 tick)",
                       "    Note over c2: step 6: resume",
                       "    Note over c2: step 7: pause (up to 1 tick)",
                       "    Note over c2: step 8: crash",
                   }));
}

TEST(MermaidChart, AwkwardNodeNamesGetAliases) {
  Finding f = testing::chart_finding();
  f.trace.lanes = {"p 1", "end", "a2"};
  auto lines = mermaid_lines(f);
  EXPECT_EQ(lines[2], "    participant L0 as p 1");
  EXPECT_EQ(lines[3], "    participant L1 as end");
  EXPECT_EQ(lines[4], "    participant a2");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "    L0->>L1: step 2: M(1)"), lines.end());
}

TEST(MermaidChart, WitnessSaysWhichGoal) {
  Finding f = testing::chart_finding();
  f.kind = "goal";
  f.property = "Chosen";
  f.description = "a value is chosen";
  f.reason = "";
  auto lines = mermaid_lines(f);
  EXPECT_EQ(lines.front(), "%% faultline: toy (variant v), witness for goal Chosen (9 steps)");
  EXPECT_EQ(lines.back(), "    Note over p1,a2: reached: Chosen \u2014 a value is chosen");
}

}  // namespace
}  // namespace faultline
