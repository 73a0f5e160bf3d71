// The chart events (core/chart_event.hpp) of one step of any model built on Cluster, found
// generically from the cluster state before and after the step and the action taken:
//  - the action itself: deliver, drop, duplicate (of the network entry it names), crash,
//    restart, partition, heal, or a Local step of its node (labelled as the model labels it);
//  - Send, one per message copy that is in flight after the step but was not before (the
//    network compared as a multiset, after taking out what the action consumed or copied);
//  - Discard, one per copy that vanished otherwise (a model's reduction removing messages
//    that can no longer matter).
// Lanes are the cluster's nodes, indexed by NodeId.
#pragma once
#include <concepts>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/chart_event.hpp"
#include "dist/cluster.hpp"

namespace faultline::dist {

// A model whose State holds its ClusterState as `env`, whose Action is dist::Action, and
// which exposes its Cluster as cluster(): paxos, raft, and every model built the same way.
template <class M>
concept ClusterModel = std::same_as<typename M::Action, Action> &&
    requires(const M& m, const typename M::State& s) {
  m.cluster().label(s.env, Action{});
  m.cluster().names();
};

namespace detail {

// In-flight copies per envelope.
template <DistMessage Msg>
std::map<Envelope<Msg>, long> copies(const Network<Msg>& net) {
  std::map<Envelope<Msg>, long> out;
  for (const auto& e : net.entries()) out[e.env] += e.count;
  return out;
}

template <DistMessage Msg>
ChartEvent message_event(ChartEventKind kind, const Envelope<Msg>& env) {
  return {kind, env.src, env.dst, env.msg.label()};
}

// Appends a Send per copy in flight in `now` beyond `expected` (what would be in flight without
// new sends), in network order (channel, then message), then a Discard per copy of `expected`
// missing from `now`, in the same order.
template <DistMessage Msg>
void append_network_changes(std::map<Envelope<Msg>, long> expected, const Network<Msg>& now_net,
                            std::vector<ChartEvent>& out) {
  const auto now = copies(now_net);
  std::vector<ChartEvent> discards;
  for (const auto& [env, n] : now) {
    auto it = expected.find(env);
    for (long k = it == expected.end() ? 0 : it->second; k < n; ++k)
      out.push_back(message_event(ChartEventKind::Send, env));
  }
  for (const auto& [env, n] : expected) {
    auto it = now.find(env);
    for (long k = it == now.end() ? 0 : it->second; k < n; ++k)
      discards.push_back(message_event(ChartEventKind::Discard, env));
  }
  out.insert(out.end(), discards.begin(), discards.end());
}

}  // namespace detail

// The events of the step `before` --a--> `after`; `label` is the step's action label, shown
// for Local steps (and for any action kind added later without a chart event of its own,
// which then appears as a local step of a.node).
template <DistMessage Msg>
std::vector<ChartEvent> cluster_chart_events(const Cluster<Msg>& cluster,
                                             const ClusterState<Msg>& before, const Action& a,
                                             const ClusterState<Msg>& after,
                                             const std::string& label) {
  std::vector<ChartEvent> out;
  auto expected = detail::copies(before.net);  // what would be in flight without new sends
  switch (a.kind) {
    case ActionKind::Deliver:
    case ActionKind::Drop:
    case ActionKind::Duplicate: {
      const auto& env = before.net[a.arg].env;
      const auto kind = a.kind == ActionKind::Deliver ? ChartEventKind::Deliver
                        : a.kind == ActionKind::Drop  ? ChartEventKind::Drop
                                                      : ChartEventKind::Duplicate;
      out.push_back(detail::message_event(kind, env));
      expected[env] += a.kind == ActionKind::Duplicate ? 1 : -1;
      break;
    }
    case ActionKind::Crash:
      out.push_back({ChartEventKind::Crash, a.node, kNoLane, ""});
      break;
    case ActionKind::Restart:
      out.push_back({ChartEventKind::Restart, a.node, kNoLane,
                     cluster.config().amnesia.contains(a.node) ? "state lost" : ""});
      break;
    case ActionKind::Partition:
      out.push_back({ChartEventKind::Partition, kNoLane, kNoLane,
                     ClusterState<Msg>::format_partition(NodeSet(a.arg), cluster.names())});
      break;
    case ActionKind::Heal:
      out.push_back({ChartEventKind::Heal, kNoLane, kNoLane, ""});
      break;
    case ActionKind::Local:
    default:
      out.push_back({ChartEventKind::Local, a.node, kNoLane, label});
      break;
  }
  detail::append_network_changes(std::move(expected), after.net, out);
  return out;
}

}  // namespace faultline::dist
