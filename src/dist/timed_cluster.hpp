// The environment of a message-passing model with time: a Cluster (network, crashes,
// partitions, fault budgets) plus Clocks (true time, drifting clocks, pauses), kept together
// in one TimedEnv and driven by one TimedCluster so that models with leases share the
// enumeration, effect and labels of every environment action.
//
// A paused node receives nothing (deliveries to it wait), and a crash ends its pause.
// Enumeration order: the model's Local actions (emitted first by the model), then deliver,
// the faults of Cluster, then the time actions of Clocks.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/symmetry_signatures.hpp"
#include "dist/cluster.hpp"
#include "dist/time.hpp"

namespace faultline::dist {

template <DistMessage Msg>
struct TimedEnv {
  ClusterState<Msg> net;  // network, crashed nodes, partition, fault budgets
  TimeState time;
  bool operator==(const TimedEnv&) const = default;

  // Up and not paused: the node may take steps.
  bool running(NodeId n) const { return net.up(n) && !time.paused(n); }
  unsigned clock(NodeId n) const { return time.clock(n); }

  void encode(ByteSink& out) const {
    net.encode(out);
    time.encode(out);
  }
  // The environment with every node n renamed p[n] among `nodes` nodes.
  // rename_msg(Msg&) renames the nodes a message's payload names (see Network::permuted).
  template <class RenameMsg>
  TimedEnv permuted(const std::vector<uint8_t>& p, unsigned nodes, RenameMsg&& rename_msg) const {
    return TimedEnv{net.permuted(p, nodes, rename_msg), time.permuted(p)};
  }
  // Adds to sigs[n] what renaming keeps of n's environment (src/core/symmetry_signatures.hpp):
  // ClusterState's part (msg_signature: as in Network::add_signatures), and its clock's lead
  // and pause.
  template <class MsgSignature>
  void add_signatures(std::vector<uint64_t>& sigs, unsigned nodes,
                      MsgSignature&& msg_signature) const {
    net.add_signatures(sigs, nodes, msg_signature);
    for (NodeId n = 0; n < nodes; ++n)
      sigs[n] = signature_add(sigs[n], time.ahead[n] * 256u + time.pause_left[n]);
  }
  static TimedEnv decode(ByteSource& in, NetworkMode mode, unsigned nodes) {
    TimedEnv e;
    e.net = ClusterState<Msg>::decode(in, mode);
    e.time = TimeState::decode(in, nodes);
    return e;
  }
};

template <DistMessage Msg>
class TimedCluster {
 public:
  using Env = TimedEnv<Msg>;

  TimedCluster() = default;
  // time.nodes is set from the cluster's node count.
  TimedCluster(ClusterConfig cluster, TimeConfig time)
      : cluster_(std::move(cluster)), clocks_((time.nodes = cluster_.node_count(), time)) {}

  const Cluster<Msg>& cluster() const { return cluster_; }
  const Clocks& clocks() const { return clocks_; }
  const NodeNames& names() const { return cluster_.names(); }

  Env initial() const { return Env{cluster_.initial(), clocks_.initial()}; }

  // Appends deliveries (not to paused nodes), faults and time actions. busy: nodes in the
  // middle of an instantaneous step (a tick waits for them unless they are paused or down).
  void env_actions(const Env& e, NodeSet busy, std::vector<Action>& out) const {
    cluster_.deliver_actions(e.net, out, e.time.paused_nodes());
    cluster_.fault_actions(e.net, out);
    clocks_.actions(e.time, busy, e.net.down, out);
  }

  // Applies an action that is neither Local nor Deliver; returns whether true time advanced
  // (a tick), for ghosts kept per true time. reset(NodeId, ResetScope) is the model's
  // callback for crashes and amnesia restarts (see Cluster::apply_fault).
  template <class Reset>
  bool apply_env(Env& e, const Action& a, Reset&& reset) const {
    if (Clocks::is_time_action(a.kind)) {
      clocks_.apply(e.time, a);
      return a.kind == ActionKind::Tick;
    }
    if (a.kind == ActionKind::Crash) e.time.end_pause(a.node);
    cluster_.apply_fault(e.net, a, std::forward<Reset>(reset));
    return false;
  }

  std::string label(const Env& e, const Action& a) const {
    if (Clocks::is_time_action(a.kind)) return clocks_.label(e.time, a, names());
    return cluster_.label(e.net, a);
  }

  // The time fields (clocks of the drifting nodes), then the cluster's.
  void describe(const Env& e, FieldWriter& w) const {
    e.time.describe(w, names(), clocks_.config().clocked);
    e.net.describe(w, names());
  }

 private:
  Cluster<Msg> cluster_;
  Clocks clocks_;
};

}  // namespace faultline::dist
