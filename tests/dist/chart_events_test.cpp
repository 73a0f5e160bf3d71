// Tests of dist::cluster_chart_events: the chart events of each action kind, sends and
// discards found by comparing the network before and after, and copies counted one by one.
#include "dist/chart_events.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tests/dist/test_cluster.hpp"

namespace faultline::dist {
namespace {

using test::Ping;
using C = test::TestCluster;
using test::no_reset;
using K = ChartEventKind;

TEST(ClusterChartEvents, DeliverThenReplyIsADeliveryAndASend) {
  C c = test::make_test_cluster({});
  auto before = c.initial();
  before.net.send(0, 1, Ping{1});
  auto after = before;
  const Action a{ActionKind::Deliver, 0, 0, 0};
  c.take_delivery(after, a);
  after.net.send(1, 0, Ping{2});
  EXPECT_EQ(cluster_chart_events(c, before, a, after, "unused"),
            (std::vector<ChartEvent>{{K::Deliver, 0, 1, "Ping(1)"}, {K::Send, 1, 0, "Ping(2)"}}));
}

TEST(ClusterChartEvents, LocalStepSendsEveryCopyAndDiscards) {
  C c = test::make_test_cluster({});
  auto before = c.initial();
  before.net.send(2, 1, Ping{7});
  auto after = before;
  after.net.erase_if([](const Envelope<Ping>& e) { return e.src == 2; });  // a reduction
  after.net.broadcast(0, NodeSet::range(1, 2), Ping{3});
  after.net.send(0, 1, Ping{3});  // a second copy to a2
  const Action a{ActionKind::Local, 0, 5, 0};
  EXPECT_EQ(cluster_chart_events(c, before, a, after, "start a1"),
            (std::vector<ChartEvent>{{K::Local, 0, kNoLane, "start a1"},
                                     {K::Send, 0, 1, "Ping(3)"},
                                     {K::Send, 0, 1, "Ping(3)"},
                                     {K::Send, 0, 2, "Ping(3)"},
                                     {K::Discard, 2, 1, "Ping(7)"}}));
}

TEST(ClusterChartEvents, DropAndDuplicateNameTheMessageAndSendNothing) {
  C c = test::make_test_cluster({.drop = 1, .duplicate = 1});
  auto s = c.initial();
  s.net.send(0, 2, Ping{4});
  for (auto kind : {ActionKind::Drop, ActionKind::Duplicate}) {
    auto after = s;
    const Action a{kind, 0, 0, 0};
    c.apply_fault(after, a, no_reset);
    EXPECT_EQ(cluster_chart_events(c, s, a, after, "unused"),
              (std::vector<ChartEvent>{
                  {kind == ActionKind::Drop ? K::Drop : K::Duplicate, 0, 2, "Ping(4)"}}));
  }
}

TEST(ClusterChartEvents, NodeAndNetworkFaults) {
  C c = test::make_test_cluster({.crash = 1, .partition = 1}, NodeSet::range(1, 1));
  auto s = c.initial();
  auto step = [&](const Action& a) {
    auto after = s;
    c.apply_fault(after, a, no_reset);
    auto events = cluster_chart_events(c, s, a, after, "unused");
    s = after;
    return events;
  };
  EXPECT_EQ(step({ActionKind::Crash, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Crash, 1, kNoLane, ""}}));
  EXPECT_EQ(step({ActionKind::Restart, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Restart, 1, kNoLane, "state lost"}}));
  EXPECT_EQ(step({ActionKind::Partition, 0, 0, 0b100}),
            (std::vector<ChartEvent>{{K::Partition, kNoLane, kNoLane, "{a3}|{a1,a2}"}}));
  EXPECT_EQ(step({ActionKind::Heal, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Heal, kNoLane, kNoLane, ""}}));
}

TEST(ClusterChartEvents, RestartWithoutAmnesiaKeepsState) {
  C c = test::make_test_cluster({.crash = 1});
  auto s = c.initial();
  s.down.insert(0);
  auto after = s;
  const Action a{ActionKind::Restart, 0, 0, 0};
  c.apply_fault(after, a, no_reset);
  EXPECT_EQ(cluster_chart_events(c, s, a, after, "unused"),
            (std::vector<ChartEvent>{{K::Restart, 0, kNoLane, ""}}));
}

}  // namespace
}  // namespace faultline::dist
