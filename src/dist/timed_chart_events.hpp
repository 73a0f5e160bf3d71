// The chart events (core/chart_event.hpp) of one step of any model built on TimedCluster,
// found generically from the environment before and after the step and the action taken:
//  - a time action (dist/time.hpp) gives its time events:
//      tick           Tick "t=3" on all lanes, then per clock that lagged a Drift "clock lags
//                     (reads 3)", then per pause that the tick ended a Resume "pause over";
//      jump ahead     Drift "clock jumps ahead (reads 4)" on the node's lane;
//      pause, resume  Pause "up to 2 ticks", Resume "" on the node's lane;
//    plus the Sends and Discards of the network compared before and after (none so far);
//  - any other action gives the Cluster's events (dist/chart_events.hpp). A crash also ends a
//    pause: the Crash event says it (the lane is down, not paused).
// Lanes are the cluster's nodes, indexed by NodeId.
#pragma once
#include <concepts>
#include <string>
#include <vector>

#include "core/chart_event.hpp"
#include "dist/chart_events.hpp"
#include "dist/timed_cluster.hpp"

namespace faultline::dist {

// A model whose State holds its TimedEnv as `env`, whose Action is dist::Action, and which
// exposes its TimedCluster as timed_cluster(): lease, fencing, split-brain.
template <class M>
concept TimedClusterModel = std::same_as<typename M::Action, Action> &&
    requires(const M& m, const typename M::State& s) {
  m.timed_cluster().label(s.env, Action{});
  m.timed_cluster().names();
};

// The events of the time action `a` (Clocks::is_time_action) taking `before` to `after`.
inline std::vector<ChartEvent> time_chart_events(const Clocks& clocks, const TimeState& before,
                                                 const Action& a, const TimeState& after) {
  std::vector<ChartEvent> out;
  auto reads = [&](NodeId n) { return " (reads " + std::to_string(after.clock(n)) + ")"; };
  switch (a.kind) {
    case ActionKind::Tick:
      out.push_back({ChartEventKind::Tick, kNoLane, kNoLane, "t=" + std::to_string(after.now)});
      NodeSet(a.arg).for_each([&](NodeId n) {
        out.push_back({ChartEventKind::Drift, n, kNoLane, "clock lags" + reads(n)});
      });
      for (size_t n = 0; n < before.pause_left.size(); ++n)
        if (before.paused(static_cast<NodeId>(n)) && !after.paused(static_cast<NodeId>(n)))
          out.push_back({ChartEventKind::Resume, static_cast<int>(n), kNoLane, "pause over"});
      break;
    case ActionKind::ClockAhead:
      out.push_back({ChartEventKind::Drift, a.node, kNoLane, "clock jumps ahead" + reads(a.node)});
      break;
    case ActionKind::Pause: {
      const unsigned ticks = clocks.config().pause_ticks;
      out.push_back({ChartEventKind::Pause, a.node, kNoLane,
                     "up to " + std::to_string(ticks) + (ticks == 1 ? " tick" : " ticks")});
      break;
    }
    case ActionKind::Resume:
      out.push_back({ChartEventKind::Resume, a.node, kNoLane, ""});
      break;
    default:
      break;
  }
  return out;
}

// The events of the step `before` --a--> `after`; `label` is the step's action label, shown
// for Local steps.
template <DistMessage Msg>
std::vector<ChartEvent> timed_cluster_chart_events(const TimedCluster<Msg>& timed,
                                                   const TimedEnv<Msg>& before, const Action& a,
                                                   const TimedEnv<Msg>& after,
                                                   const std::string& label) {
  if (!Clocks::is_time_action(a.kind))
    return cluster_chart_events(timed.cluster(), before.net, a, after.net, label);
  auto out = time_chart_events(timed.clocks(), before.time, a, after.time);
  detail::append_network_changes(detail::copies(before.net.net), after.net.net, out);
  return out;
}

}  // namespace faultline::dist
