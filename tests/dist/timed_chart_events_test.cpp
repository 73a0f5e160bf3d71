// Tests of dist::timed_cluster_chart_events: ticks (with lagging clocks and pauses they end),
// clock jumps, pauses and resumes as time events; deliveries, sends, crashes and local steps
// as the Cluster's events.
#include "dist/timed_chart_events.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tests/dist/test_message.hpp"

namespace faultline::dist {
namespace {

using test::Ping;
using K = ChartEventKind;

struct Timed {
  TimedCluster<Ping> cluster;
  TimedEnv<Ping> env;

  // Applies `a` (an environment action, or a delivery to which `reply` answers) and returns
  // its chart events.
  std::vector<ChartEvent> step(const Action& a, bool reply = false) {
    auto before = env;
    if (a.kind == ActionKind::Deliver) {
      const auto e = cluster.cluster().take_delivery(env.net, a);
      if (reply) env.net.net.send(e.dst, e.src, Ping{static_cast<uint8_t>(e.msg.n + 1)});
    } else {
      cluster.apply_env(env, a, [](NodeId, ResetScope) {});
    }
    return timed_cluster_chart_events(cluster, before, a, env, cluster.label(before, a));
  }
};

Timed make_timed(uint8_t drift, uint8_t pauses, uint8_t pause_ticks) {
  ClusterConfig cc;
  cc.names = make_node_names({{"n", 3}});
  cc.budget.crash = 1;
  TimeConfig tc;
  tc.horizon = 6;
  tc.drift = drift;
  tc.clocked = NodeSet::range(0, 3);
  tc.pausable = NodeSet::range(0, 3);
  tc.pauses = pauses;
  tc.pause_ticks = pause_ticks;
  TimedCluster<Ping> cluster(cc, tc);
  return Timed{cluster, cluster.initial()};
}

TEST(TimedChartEvents, TickIsAnAllLanesMarkerWithTheNewTime) {
  Timed t = make_timed(0, 0, 1);
  EXPECT_EQ(t.step({ActionKind::Tick, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=1"}}));
  EXPECT_EQ(t.step({ActionKind::Tick, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=2"}}));
}

TEST(TimedChartEvents, ClockJumpsAheadAndLagsAtATick) {
  Timed t = make_timed(2, 0, 1);
  EXPECT_EQ(t.step({ActionKind::ClockAhead, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Drift, 1, kNoLane, "clock jumps ahead (reads 1)"}}));
  EXPECT_EQ(t.step({ActionKind::ClockAhead, 2, 0, 0}),
            (std::vector<ChartEvent>{{K::Drift, 2, kNoLane, "clock jumps ahead (reads 1)"}}));
  // Both clocks lag at the tick to t=1: they still read 1.
  EXPECT_EQ(t.step({ActionKind::Tick, 0, 0, 0b110}),
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=1"},
                                     {K::Drift, 1, kNoLane, "clock lags (reads 1)"},
                                     {K::Drift, 2, kNoLane, "clock lags (reads 1)"}}));
}

TEST(TimedChartEvents, PauseThenResumeOrTheTickThatEndsIt) {
  Timed t = make_timed(0, 2, 1);
  EXPECT_EQ(t.step({ActionKind::Pause, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Pause, 0, kNoLane, "up to 1 tick"}}));
  EXPECT_EQ(t.step({ActionKind::Resume, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Resume, 0, kNoLane, ""}}));
  t.step({ActionKind::Pause, 2, 0, 0});
  EXPECT_EQ(t.step({ActionKind::Tick, 0, 0, 0}),
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=1"},
                                     {K::Resume, 2, kNoLane, "pause over"}}));

  Timed longer = make_timed(0, 1, 3);
  EXPECT_EQ(longer.step({ActionKind::Pause, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Pause, 1, kNoLane, "up to 3 ticks"}}));
  EXPECT_EQ(longer.step({ActionKind::Tick, 0, 0, 0}),  // still paused after one tick
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=1"}}));
}

TEST(TimedChartEvents, MessagesAndFaultsAreTheClustersEvents) {
  Timed t = make_timed(0, 1, 2);
  t.env.net.net.send(0, 1, Ping{1});
  EXPECT_EQ(t.step({ActionKind::Deliver, 0, 0, 0}, true),
            (std::vector<ChartEvent>{{K::Deliver, 0, 1, "Ping(1)"}, {K::Send, 1, 0, "Ping(2)"}}));
  t.step({ActionKind::Pause, 1, 0, 0});
  // A crash ends the pause: the lane goes down, with no resume.
  EXPECT_EQ(t.step({ActionKind::Crash, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Crash, 1, kNoLane, ""}}));
  EXPECT_FALSE(t.env.time.paused(1));
  EXPECT_EQ(t.step({ActionKind::Restart, 1, 0, 0}),
            (std::vector<ChartEvent>{{K::Restart, 1, kNoLane, ""}}));
  // A model's local step is labelled as the model labels it.
  const Action local{ActionKind::Local, 2, 0, 0};
  auto after = t.env;
  after.net.net.send(2, 0, Ping{5});
  EXPECT_EQ(timed_cluster_chart_events(t.cluster, t.env, local, after, "ping from n3"),
            (std::vector<ChartEvent>{{K::Local, 2, kNoLane, "ping from n3"},
                                     {K::Send, 2, 0, "Ping(5)"}}));
}

}  // namespace
}  // namespace faultline::dist
