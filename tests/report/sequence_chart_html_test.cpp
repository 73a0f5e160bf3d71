// Tests of the HTML renderer: one self-contained page (no external resource, one script),
// escaping, and the elements the header promises (lanes, arrows by kind, events, outcome,
// one full state per step).
#include "report/sequence_chart_html.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tests/report/chart_fixture.hpp"
#include "tests/report/time_chart_fixture.hpp"

namespace faultline {
namespace {

std::string html(const Finding& f) {
  std::ostringstream out;
  write_sequence_chart_html(out, build_sequence_chart(f, "toy (variant v)"));
  return out.str();
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlChart, SelfContained) {
  const std::string page = html(testing::chart_finding());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(page, "http"), 0u);
  EXPECT_EQ(count(page, "src="), 0u);
  EXPECT_EQ(count(page, "href"), 0u);
  EXPECT_EQ(count(page, "@import"), 0u);
  EXPECT_EQ(count(page, "url("), count(page, "url(#head)"));  // only the arrowhead marker
  EXPECT_EQ(count(page, "<script"), 1u);
  EXPECT_EQ(count(page, "</html>"), 1u);
}

TEST(HtmlChart, DrawsLanesMessagesEventsAndOutcome) {
  const std::string page = html(testing::chart_finding());
  EXPECT_EQ(count(page, "<text class=\"lane-name\""), 3u);
  EXPECT_EQ(count(page, "<line class=\"msg delivered\""), 1u);
  EXPECT_EQ(count(page, "<line class=\"msg delivered duplicate\""), 1u);
  EXPECT_EQ(count(page, "<line class=\"msg dropped\""), 1u);
  EXPECT_EQ(count(page, "<line class=\"msg discarded\""), 1u);
  EXPECT_EQ(count(page, "<line class=\"msg in-flight\""), 1u);
  for (const char* e : {"local", "crash", "restart", "partition", "heal"})
    EXPECT_EQ(count(page, std::string("<g class=\"event ") + e + "\""), 1u) << e;
  EXPECT_EQ(count(page, "<rect class=\"row"), 10u);
  EXPECT_EQ(count(page, "<div class=\"state\""), 10u);
  EXPECT_EQ(count(page, "<g id=\"outcome\" class=\"violated\""), 1u);
  EXPECT_NE(page.find("violated: Safe \u2014 nothing bad &lt;ever&gt; happens"), std::string::npos);
  EXPECT_NE(page.find("because: a1 saw x=1; a2 saw #2"), std::string::npos);
  // The crashed stretch of a1's lane is drawn as down.
  EXPECT_EQ(count(page, "class=\"lane-line down\""), 1u);
}

// The number in attribute `name` of the first element at or after `from`'s first occurrence.
double attr(const std::string& page, const std::string& from, const std::string& name) {
  const size_t at = page.find(from);
  if (at == std::string::npos) return -1;
  const size_t v = page.find(" " + name + "=\"", at) + name.size() + 3;
  return std::stod(page.substr(v, page.find('"', v) - v));
}

TEST(HtmlChart, DrawsTimeMarkers) {
  const std::string page = html(testing::time_chart_finding());
  EXPECT_EQ(count(page, "<g class=\"event tick\""), 1u);
  EXPECT_EQ(count(page, "<g class=\"event pause\""), 3u);
  EXPECT_EQ(count(page, "<g class=\"event resume\""), 2u);
  EXPECT_EQ(count(page, "<g class=\"event drift\""), 2u);
  EXPECT_NE(page.find(">t=1</text>"), std::string::npos);
  EXPECT_NE(page.find(">pause (up to 1 tick)</text>"), std::string::npos);
  EXPECT_NE(page.find(">resume (pause over)</text>"), std::string::npos);
  EXPECT_NE(page.find(">clock lags (reads 1)</text>"), std::string::npos);
  EXPECT_NE(page.find("true time advances"), std::string::npos);  // the time legend
  // c1 paused from step 2 to the tick; c2 from step 5 to its resume and from step 7 to its
  // crash (then down).
  EXPECT_EQ(count(page, "class=\"lane-line paused\""), 3u);
  EXPECT_EQ(count(page, "class=\"lane-line down\""), 1u);
  // At the tick (step 4) g's lag and c1's resume sit below the tick line, not on it (a
  // marker's box starts 10 above its slot's line).
  const double tick = attr(page, "<g class=\"event tick\"><line", "y1");
  const double jump = attr(page, "<g class=\"event drift\"><rect", "y");  // step 3, above
  EXPECT_LT(jump + 10, tick);
  const size_t step4 = page.find("<g class=\"event tick\"");
  EXPECT_GT(attr(page.substr(step4), "<g class=\"event drift\"><rect", "y"), tick);
  EXPECT_GT(attr(page.substr(step4), "<g class=\"event resume\"><rect", "y"), tick);
  EXPECT_EQ(attr(page.substr(step4), "<g class=\"event drift\"><rect", "y"),
            attr(page.substr(step4), "<g class=\"event resume\"><rect", "y"));
}

TEST(HtmlChart, NoTimeLegendWithoutTimeEvents) {
  EXPECT_EQ(html(testing::chart_finding()).find("true time advances"), std::string::npos);
}

TEST(HtmlChart, EscapesModelText) {
  Finding f = testing::chart_finding();
  f.trace.steps[0].events[0].text = "<script>alert(1)</script>";
  f.trace.steps[0].label = "<b>&";
  f.trace.initial[0].value = "\"quoted\"";
  const std::string page = html(f);
  EXPECT_EQ(count(page, "<script"), 1u);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;&amp;"), std::string::npos);
  EXPECT_NE(page.find("&quot;quoted&quot;"), std::string::npos);
}

TEST(HtmlChart, WitnessSaysWhichGoal) {
  Finding f = testing::chart_finding();
  f.kind = "goal";
  f.property = "Chosen";
  f.description = "a value is chosen";
  const std::string page = html(f);
  EXPECT_NE(page.find("<g id=\"outcome\" class=\"reached\""), std::string::npos);
  EXPECT_NE(page.find("reached: Chosen \u2014 a value is chosen"), std::string::npos);
  EXPECT_NE(page.find("witness for goal Chosen"), std::string::npos);
}

}  // namespace
}  // namespace faultline
