// The environment of a message-passing model: the part of the state the distributed layer
// owns (ClusterState: network, crashed nodes, partition, fault budgets), the actions it
// contributes (Action: deliver, drop, duplicate, crash, restart, partition, heal, plus the
// model's own Local steps), and their enumeration, effect and labels (Cluster).
//
// Semantics:
//  - deliver: an in-flight message whose destination is up and on the same side of the
//    partition as its source (and, FIFO, oldest on its channel) is removed and handed to the
//    model. Messages to a crashed node or across the cut stay in flight until restart/heal.
//  - drop / duplicate: any in-flight message (anywhere, any side), one budget unit each.
//  - crash: an up, crashable node goes down (one crash budget unit); its volatile state is
//    reset at once (a down node's state cannot matter until restart, so this keeps states
//    canonical). A down node takes no steps: the model must check `up(node)`.
//  - restart: a down node comes back; amnesia nodes lose their persistent state too.
//    Crash-stop nodes (ClusterConfig::crash_stop) never restart.
//  - partition: split all nodes into two non-empty sides (one partition budget unit), only
//    while healed; heal: rejoin (free).
// Enumeration order: the model's Local actions (it emits them first), then deliver, drop,
// duplicate (by network entry), crash, restart (by node), partition (by cut mask), heal.
// The time actions (tick, clock drift, pause, resume) belong to dist/time.hpp.
#pragma once
#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/fault_budget.hpp"
#include "dist/message.hpp"
#include "dist/network.hpp"
#include "dist/node.hpp"
#include "dist/node_set.hpp"

namespace faultline::dist {

enum class ActionKind : uint8_t {
  Local,
  Deliver,
  Drop,
  Duplicate,
  Crash,
  Restart,
  Partition,
  Heal,
  Tick,        // time actions: see dist/time.hpp
  ClockAhead,
  Pause,
  Resume
};

// An action of a message-passing model, 8 bytes. Local steps are the model's own (a timer
// firing, a client request); the other kinds are the network's and the environment's.
struct Action {
  ActionKind kind = ActionKind::Local;
  NodeId node = 0;    // Local: the acting node; Crash, Restart: the node
  uint16_t code = 0;  // Local: model-defined step code
  uint32_t arg = 0;   // Deliver, Drop, Duplicate: network entry index; Partition: cut mask;
                      // Local: model-defined argument
  bool operator==(const Action&) const = default;
};

template <DistMessage Msg>
struct ClusterState {
  Network<Msg> net;
  NodeSet down;        // crashed nodes
  NodeSet cut;         // while partitioned, the side without node 0; empty when healed
  FaultBudget budget;  // faults left

  bool up(NodeId n) const { return !down.contains(n); }
  bool partitioned() const { return !cut.empty(); }
  bool connected(NodeId a, NodeId b) const { return cut.contains(a) == cut.contains(b); }
  bool operator==(const ClusterState&) const = default;

  void encode(ByteSink& out) const {
    net.encode(out);
    out.varint(down.bits());
    out.varint(cut.bits());
    budget.encode(out);
  }
  static ClusterState decode(ByteSource& in, NetworkMode mode) {
    ClusterState s{Network<Msg>::decode(in, mode), {}, {}, {}};
    s.down = NodeSet(static_cast<uint32_t>(in.varint()));
    s.cut = NodeSet(static_cast<uint32_t>(in.varint()));
    s.budget = FaultBudget::decode(in);
    return s;
  }
  // The state with every node n renamed p[n] among `nodes` nodes; the cut is stored again as
  // the side without node 0.
  // rename_msg(Msg&) renames the nodes a message's payload names (see Network::permuted).
  template <class RenameMsg>
  ClusterState permuted(const std::vector<uint8_t>& p, unsigned nodes,
                        RenameMsg&& rename_msg) const {
    ClusterState out{net.permuted(p, rename_msg), permute(down, p), permute(cut, p), budget};
    if (out.cut.contains(0)) out.cut = NodeSet::range(0, nodes).minus(out.cut);
    return out;
  }
  ClusterState permuted(const std::vector<uint8_t>& p, unsigned nodes) const {
    return permuted(p, nodes, [](Msg&) {});
  }

  // Adds to sigs[n] (n < nodes) what renaming the nodes does not change of n's environment
  // (src/core/symmetry_signatures.hpp): its messages in flight, whether it is down, and the
  // size of its side of the partition.
  // msg_signature: as in Network::add_signatures.
  template <class MsgSignature>
  void add_signatures(std::vector<uint64_t>& sigs, unsigned nodes,
                      MsgSignature&& msg_signature) const {
    net.add_signatures(sigs, msg_signature);
    for (NodeId n = 0; n < nodes; ++n) {
      const unsigned side = !partitioned() ? 0 : cut.contains(n) ? cut.size() : nodes - cut.size();
      sigs[n] = signature_add(signature_add(sigs[n], down.contains(n)), side);
    }
  }
  void add_signatures(std::vector<uint64_t>& sigs, unsigned nodes) const {
    add_signatures(sigs, nodes, [](const Msg& m) { return signature_of_value(m); });
  }

  // "crashed" = "{a2}", "partition" = "{a1}|{p1,p2,a2,a3}" (only while partitioned),
  // "faults left", then the network's channels.
  void describe(FieldWriter& w, const NodeNames& names) const {
    w.field("crashed", format_node_set(down, names));
    if (partitioned()) w.field("partition", format_partition(cut, names));
    budget.describe(w);
    net.describe(w, names);
  }

  // "{a1}|{p1,p2,a2,a3}": the smaller side first (ties: the side with the lowest id first).
  static std::string format_partition(NodeSet cut, const NodeNames& names) {
    NodeSet all = NodeSet::range(0, static_cast<unsigned>(names.size()));
    NodeSet other = all.minus(cut);
    bool cut_first = cut.size() < other.size();
    NodeSet first = cut_first ? cut : other, second = cut_first ? other : cut;
    return format_node_set(first, names) + "|" + format_node_set(second, names);
  }
};

struct ClusterConfig {
  NodeNames names;  // one per node; the node count
  NetworkMode mode = NetworkMode::Multiset;
  NodeSet crashable;   // nodes that may crash; empty means every node
  NodeSet amnesia;     // nodes whose restart loses persistent state as well
  NodeSet crash_stop;  // nodes that never restart once crashed (crash-stop, not crash-restart)
  FaultBudget budget;  // initial budgets
};

template <DistMessage Msg>
class Cluster {
 public:
  using State = ClusterState<Msg>;

  Cluster() = default;
  explicit Cluster(ClusterConfig config) : config_(std::move(config)) {
    assert(!config_.names.empty() && config_.names.size() <= kMaxNodes);
    if (config_.crashable.empty()) config_.crashable = NodeSet::range(0, node_count());
  }

  unsigned node_count() const { return static_cast<unsigned>(config_.names.size()); }
  const NodeNames& names() const { return config_.names; }
  const ClusterConfig& config() const { return config_; }

  State initial() const { return State{Network<Msg>(config_.mode), {}, {}, config_.budget}; }

  // Whether network entry i can be delivered now.
  bool deliverable(const State& s, size_t i) const {
    const auto& env = s.net[i].env;
    return s.net.in_order(i) && s.up(env.dst) && s.connected(env.src, env.dst);
  }

  // Appends one Deliver action per deliverable network entry whose destination is not in
  // `held` (paused nodes: their messages wait in the network).
  void deliver_actions(const State& s, std::vector<Action>& out, NodeSet held = {}) const {
    for (size_t i = 0; i < s.net.size(); ++i)
      if (deliverable(s, i) && !held.contains(s.net[i].env.dst))
        out.push_back({ActionKind::Deliver, 0, 0, static_cast<uint32_t>(i)});
  }

  // Appends every fault the budgets allow, in the documented order.
  void fault_actions(const State& s, std::vector<Action>& out) const {
    const uint32_t n = static_cast<uint32_t>(s.net.size());
    if (s.budget.drop > 0)
      for (uint32_t i = 0; i < n; ++i) out.push_back({ActionKind::Drop, 0, 0, i});
    if (s.budget.duplicate > 0)
      for (uint32_t i = 0; i < n; ++i) out.push_back({ActionKind::Duplicate, 0, 0, i});
    if (s.budget.crash > 0)
      config_.crashable.minus(s.down).for_each([&](NodeId v) {
        out.push_back({ActionKind::Crash, v, 0, 0});
      });
    s.down.minus(config_.crash_stop).for_each([&](NodeId v) {
      out.push_back({ActionKind::Restart, v, 0, 0});
    });
    if (s.partitioned()) {
      out.push_back({ActionKind::Heal, 0, 0, 0});
    } else if (s.budget.partition > 0) {
      // Every split into two non-empty sides, once: the cut never contains node 0.
      const uint32_t sides = 1u << (node_count() - 1);
      for (uint32_t m = 1; m < sides; ++m) out.push_back({ActionKind::Partition, 0, 0, m << 1});
    }
  }

  // Removes the message a Deliver action names and returns it for the model to handle.
  Envelope<Msg> take_delivery(State& s, const Action& a) const {
    assert(a.kind == ActionKind::Deliver);
    return s.net.take(a.arg);
  }

  // Applies a fault action (any kind but Local and Deliver) to s. reset(NodeId, ResetScope)
  // is the model's callback that clears a node's volatile state (on crash) or persistent
  // state (on an amnesia restart).
  template <class Reset>
  void apply_fault(State& s, const Action& a, Reset&& reset) const {
    switch (a.kind) {
      case ActionKind::Drop:
        --s.budget.drop;
        s.net.take(a.arg);
        break;
      case ActionKind::Duplicate:
        --s.budget.duplicate;
        s.net.duplicate(a.arg);
        break;
      case ActionKind::Crash:
        --s.budget.crash;
        s.down.insert(a.node);
        reset(a.node, ResetScope::Volatile);
        break;
      case ActionKind::Restart:
        s.down.erase(a.node);
        if (config_.amnesia.contains(a.node)) reset(a.node, ResetScope::Persistent);
        break;
      case ActionKind::Partition:
        --s.budget.partition;
        s.cut = NodeSet(a.arg);
        break;
      case ActionKind::Heal:
        s.cut = NodeSet();
        break;
      default:
        assert(false && "apply_fault: not a fault action");
        break;
    }
  }

  // Labels every kind but Local: "deliver Prepare(b=2) p1->a3", "drop ...", "duplicate ..."
  // (with " (copy 2)" for a FIFO channel's second copy of the same message),
  // "crash a2", "restart a2", "restart a2 (state lost)", "partition {a1}|{a2,a3}", "heal".
  std::string label(const State& s, const Action& a) const {
    switch (a.kind) {
      case ActionKind::Deliver:
        return "deliver " + envelope_label(s.net[a.arg].env, config_.names);
      case ActionKind::Drop:
        return "drop " + envelope_label(s.net[a.arg].env, config_.names) + copy_suffix(s, a.arg);
      case ActionKind::Duplicate:
        return "duplicate " + envelope_label(s.net[a.arg].env, config_.names) +
               copy_suffix(s, a.arg);
      case ActionKind::Crash:
        return "crash " + config_.names[a.node];
      case ActionKind::Restart:
        return "restart " + config_.names[a.node] +
               (config_.amnesia.contains(a.node) ? " (state lost)" : "");
      case ActionKind::Partition:
        return "partition " + State::format_partition(NodeSet(a.arg), config_.names);
      case ActionKind::Heal:
        return "heal";
      default:
        break;
    }
    return "local " + config_.names[a.node] + " " + std::to_string(a.code);
  }

 private:
  // FIFO channels may hold the same message more than once, and dropping or duplicating the
  // second copy is not the same step as the first: " (copy k)" for the k-th, k >= 2.
  static std::string copy_suffix(const State& s, uint32_t i) {
    unsigned earlier = 0;
    for (uint32_t j = 0; j < i; ++j) earlier += s.net[j].env == s.net[i].env;
    return earlier ? " (copy " + std::to_string(earlier + 1) + ")" : "";
  }

  ClusterConfig config_;
};

}  // namespace faultline::dist
