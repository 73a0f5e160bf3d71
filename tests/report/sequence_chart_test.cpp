// Tests of build_sequence_chart: message linking (copies, duplicates, drops, discards, in
// flight), per-lane grouping of changed fields, lanes, and the one-lane fallback.
#include "report/sequence_chart.hpp"

#include <gtest/gtest.h>

#include "tests/report/chart_fixture.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

using End = ChartMessage::End;

struct Link {
  int from, to;
  std::string text;
  size_t sent;
  bool duplicate;
  End end;
  size_t end_row;
  bool operator==(const Link&) const = default;
};

std::vector<Link> links(const SequenceChart& c) {
  std::vector<Link> out;
  for (const auto& m : c.messages)
    out.push_back({m.from, m.to, m.text, m.sent_row, m.duplicate, m.end, m.end_row});
  return out;
}

TEST(SequenceChart, LinksEachCopyFromSendToItsEnd) {
  const SequenceChart c = build_sequence_chart(testing::chart_finding(), "toy");
  EXPECT_EQ(c.lanes, (std::vector<std::string>{"p1", "a1", "a2"}));
  ASSERT_EQ(c.rows.size(), 10u);
  EXPECT_EQ(links(c), (std::vector<Link>{
                          {0, 1, "M(1)", 1, false, End::Delivered, 2},  // oldest copy first
                          {0, 1, "M(1)", 1, false, End::Discarded, 6},
                          {0, 2, "M(1)", 1, false, End::Dropped, 4},  // the original
                          {1, 0, "R(1)", 2, false, End::InFlight, 9},
                          {0, 2, "M(1)", 3, true, End::Delivered, 5},  // the copy
                      }));
}

TEST(SequenceChart, GroupsChangedFieldsByLane) {
  const SequenceChart c = build_sequence_chart(testing::chart_finding(), "toy");
  // Initial state: every field, by owner.
  EXPECT_EQ(c.rows[0].by_lane[1], (std::vector<std::string>{"a1 = 0", "a1.log = []"}));
  EXPECT_EQ(c.rows[0].other, (std::vector<std::string>{"net = empty"}));
  EXPECT_TRUE(c.rows[0].changed.empty());
  // Step 2 changes a1 and a1.log (both a1's), nothing else.
  EXPECT_EQ(c.rows[2].label, "deliver M(1) p1->a1");
  EXPECT_EQ(c.rows[2].by_lane[1], (std::vector<std::string>{"a1: 0 -> 1", "a1.log: [] -> [x]"}));
  EXPECT_TRUE(c.rows[2].by_lane[0].empty());
  EXPECT_EQ(c.rows[2].changed, (std::vector<std::string>{"a1", "a1.log"}));
  EXPECT_TRUE(c.rows[3].changed.empty());  // a duplicate changes no field here
  EXPECT_EQ(c.rows[9].other, (std::vector<std::string>{"+ crashed = {}"}));
  EXPECT_EQ(c.rows[9].state.back(), (Field{"crashed", "{}"}));
}

TEST(SequenceChart, EventsNamingUnknownLanesAreLeftOut) {
  Finding f = testing::chart_finding();
  f.trace.steps[0].events.push_back({ChartEventKind::Send, 0, 7, "X"});
  f.trace.steps[0].events.push_back({ChartEventKind::Crash, kNoLane, kNoLane, ""});
  const SequenceChart c = build_sequence_chart(f, "toy");
  EXPECT_EQ(c.rows[1].events.size(), 4u);  // the fixture's own four
  EXPECT_EQ(c.messages.size(), 5u);
}

TEST(SequenceChart, LaneOfField) {
  const std::vector<std::string> lanes{"a1", "a10", "s1"};
  EXPECT_EQ(lane_of_field(lanes, "a1"), 0);
  EXPECT_EQ(lane_of_field(lanes, "a1.maxBal"), 0);
  EXPECT_EQ(lane_of_field(lanes, "a10"), 1);  // not a1's
  EXPECT_EQ(lane_of_field(lanes, "s1 log"), 2);
  EXPECT_EQ(lane_of_field(lanes, "a1[0]"), 0);
  EXPECT_EQ(lane_of_field(lanes, "net a1->s1"), kNoLane);
  EXPECT_EQ(lane_of_field(lanes, "a2"), kNoLane);
}

TEST(SequenceChart, OutcomeHeadline) {
  Finding f = testing::chart_finding();
  EXPECT_EQ(outcome_headline(build_sequence_chart(f, "toy")),
            "violated: Safe \u2014 nothing bad <ever> happens");
  f.kind = "goal";
  f.property = "Chosen";
  f.description = "";
  EXPECT_EQ(outcome_headline(build_sequence_chart(f, "toy")), "reached: Chosen");
  f.kind = "deadlock";
  EXPECT_EQ(outcome_headline(build_sequence_chart(f, "toy")),
            "deadlock: no action is enabled in the last state");
}

TEST(SequenceChart, WithoutLanesEachStepIsALocalEventOnOneLane) {
  Finding f{"P", "invariant", "", "", testing::fake_trace()};
  const SequenceChart c = build_sequence_chart(f, "toy");
  EXPECT_EQ(c.lanes, (std::vector<std::string>{"model"}));
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[2].events,
            (std::vector<ChartEvent>{{ChartEventKind::Local, 0, kNoLane, "crash a2"}}));
  EXPECT_TRUE(c.messages.empty());
  EXPECT_EQ(c.rows[1].other, (std::vector<std::string>{"a1.promised: 0 -> 1",
                                                       "net.msg: Prepare(b=1) -> Promise(b=1)"}));
}

}  // namespace
}  // namespace faultline
