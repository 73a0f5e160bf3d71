// The actor layer: a protocol written as nodes that start, receive messages, fire timers and
// take guarded local steps, turned into a Model (core/model.hpp) that every engine explores.
// It is the shape of Stateright's ActorModel. The protocol P declares only its own parts:
//
//   struct P : Protocol<P, Msg, Node, Ghost> {  // names P::State, Actor, Config, Steps, ...
//     // Msg: std::variant<Prepare, Promise, ...> of FAULTLINE_FIELDS structs;
//     // Node: a node's state (FAULTLINE_FIELDS, FAULTLINE_DURABLE for what survives a crash),
//     //   ByRole<A, B> where roles hold different states; Ghost: history only properties read
//     //   (NoGhost, the default, when there is none).
//     using Nodes = InlineVector<Node, 5>;  // optional: the nodes' container (else a vector)
//     Config actor_config() const;          // roles, timers, network, faults, optional hooks
//     void on_message(Actor&, Node&, NodeId from, const Msg&) const;
//     Properties properties() const;
//     // Optional:
//     Node init(NodeId) const;                   // default: the role's state, default-built
//     void on_start(Actor&, Node&) const;        // at start and each restart
//     void on_timer(Actor&, Node&, unsigned timer) const;  // required once timers are declared
//     // on_message, on_start and on_timer may instead be overloaded per role state of a
//     // ByRole, on_message(Actor&, Rm&, NodeId, const Msg&): a role without one ignores it.
//     Steps local_steps() const;                 // guarded local steps, some towards a peer
//     static constexpr bool timed = true;      // time (ActorConfig::time)
//     static constexpr bool symmetric = true;  // interchangeable nodes (Role::symmetric)
//   };
//
// and ActorModel<P> supplies the rest: the network (multiset or per-channel FIFO), the fault
// budgets (drop, duplicate, crash-restart or crash-stop per role, amnesia, partition and heal:
// dist/cluster.hpp), action enumeration, dispatch and labels, the state's encoding, decoding
// and description (core/reflect.hpp), sequence-chart events (a ClusterModel) and coverage kinds;
// with time (dist/time.hpp): true time, drifting clocks and pauses; with symmetric roles, the
// node permutation and node signatures (core/symmetry.hpp), and with unbounded time the shift
// of every Time value (core/interval.hpp). The optional features are compile-time flags so that
// a protocol without them pays nothing; a configuration that asks for one the protocol did not
// declare is a model error, so a misspelt flag cannot silently turn a feature off.
//
// Semantics:
//  - Initial state: every node is init(id), then on_start runs for each node in id order.
//  - A local step towards a peer (LocalStep::peers names the peers' role) is one step per
//    other node of that role, the peer passed to its functions: raft's "append s1->s2".
//  - A crash resets a node to init(id) with its durable fields kept and its timers cleared; a
//    restart runs on_start again (an amnesia role loses the durable fields as well).
//    ActorConfig::on_fault, where given, sees every fault's state before and after (a ghost
//    that records faults of some kind, such as raft's first disruption of its leader).
//  - A timer set by Actor::set_timer may fire at any later point while its node is up
//    (timers are not timed: a timed protocol compares Actor::clock() with a deadline in a
//    local step's guard instead): firing clears it and calls on_timer.
//  - Time (P::timed): true time advances by ticks, each node reads its own clock
//    (Actor::clock(), drifting within the bound), paused nodes take no steps and receive
//    nothing (dist/time.hpp). A tick waits for nodes that ActorConfig::busy says are in the
//    middle of an instantaneous step. Properties judge by true time (ActorState::now()).
//  - Symmetry (P::symmetric): the nodes of a Role with `symmetric` are interchangeable. The
//    layer renames every NodeRef and NodeSet in node states, messages and the ghost, so a
//    protocol names nodes in its state only through those two types. Time values kept as
//    dist::Time are shifted when time is unbounded (ActorConfig::stale_before bounds them).
//  - A delivery whose handler changes nothing (node, ghost, timers, no message sent) is, by
//    ActorConfig::unchanged, either no step at all with the message left in flight (NoStep,
//    Stateright's rule) or a step that consumes the message (Consume).
//  - Handlers and property checks are plain functions of their arguments: guards, steps and
//    properties are function pointers (captureless), so nothing can point into a model that
//    the engine later moves.
// Action order: local steps (by node, then by step, then by peer), timers (by node, then
// timer), deliveries, faults (dist/cluster.hpp), then time actions (dist/time.hpp).
#pragma once
#include <algorithm>
#include <bit>
#include <cassert>
#include <compare>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/encoding.hpp"
#include "core/errors.hpp"
#include "core/fields.hpp"
#include "core/properties.hpp"
#include "core/reflect.hpp"
#include "dist/action_kinds.hpp"
#include "core/interval.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/cluster.hpp"
#include "dist/timed_cluster.hpp"

namespace faultline::dist {

// What a crash does to the nodes of a role.
enum class CrashMode : uint8_t {
  Restart,  // crash-restart: volatile fields lost, durable ones kept; the node may restart
  Stop,     // crash-stop: the node never comes back
  Never     // the role's nodes do not crash
};

struct Role {
  std::string name = {};  // the nodes' name prefix: "a" names a1, a2, ...
  unsigned count = 1;
  CrashMode crash = CrashMode::Restart;
  bool amnesia = false;  // a restart loses the durable fields too (a disk that forgets)
  bool numbered = true;  // false (count 1 only): the node is called just `name`, e.g. "tm"
  bool symmetric = false;  // the nodes are interchangeable (needs P::symmetric)
  std::string what = {};   // the nodes in a summary: "clients" gives "clients c1..c3"
  bool drifts = true;      // with time: the nodes' clocks drift
  bool pauses = true;      // with time: the nodes may pause
};

// A delivery whose handler changes nothing.
enum class UnchangedDelivery : uint8_t {
  NoStep,  // is not a step; the message stays in flight
  Consume  // is a step that removes the message
};

// Where each role's nodes are: ids, names, membership.
class ActorLayout {
 public:
  ActorLayout() = default;
  explicit ActorLayout(const std::vector<Role>& roles) {
    for (const auto& r : roles) {
      first_.push_back(static_cast<NodeId>(names_.size()));
      count_.push_back(r.count);
      for (unsigned i = 1; i <= r.count; ++i) {
        names_.push_back(r.numbered || r.count != 1 ? r.name + std::to_string(i) : r.name);
        role_of_.push_back(static_cast<uint8_t>(first_.size() - 1));
      }
    }
  }
  unsigned nodes() const { return static_cast<unsigned>(names_.size()); }
  const NodeNames& names() const { return names_; }
  // The i-th node (0-based) of role r.
  NodeId node(unsigned r, unsigned i) const { return static_cast<NodeId>(first_[r] + i); }
  NodeSet members(unsigned r) const { return NodeSet::range(first_[r], count_[r]); }
  unsigned count(unsigned r) const { return count_[r]; }
  unsigned role_of(NodeId n) const { return role_of_[n]; }
  unsigned index_in_role(NodeId n) const { return n - first_[role_of_[n]]; }

 private:
  NodeNames names_;
  std::vector<NodeId> first_;
  std::vector<unsigned> count_;
  std::vector<uint8_t> role_of_;
};

// A message in the network: the protocol's Msg with what dist::Network needs (DistMessage).
template <class Msg>
struct Wire {
  Msg msg{};
  // Compared alternative by alternative without std::visit (the network keeps its messages
  // sorted, so these run on every send).
  bool operator==(const Wire& o) const {
    if constexpr (reflect::is_instance<Msg, std::variant>) {
      if (msg.index() != o.msg.index()) return false;
      bool eq = true;
      reflect::visit_same(msg, o.msg, [&](const auto& x, const auto& y) { eq = x == y; });
      return eq;
    } else {
      return msg == o.msg;
    }
  }
  auto operator<=>(const Wire& o) const {
    using R = std::compare_three_way_result_t<Msg>;
    if constexpr (reflect::is_instance<Msg, std::variant>) {
      if (msg.index() != o.msg.index()) return static_cast<R>(msg.index() <=> o.msg.index());
      R r = R::equivalent;
      reflect::visit_same(msg, o.msg, [&](const auto& x, const auto& y) { r = x <=> y; });
      return r;
    } else {
      return msg <=> o.msg;
    }
  }
  void encode(ByteSink& out) const { reflect::encode(out, msg); }
  static Wire decode(ByteSource& in) { return Wire{reflect::decoded<Msg>(in)}; }
  std::string label() const {
    std::string out;
    reflect::format_named(out, msg, {});
    return out;
  }
};

// Empty ghost state, for protocols whose properties read only the nodes and the network.
struct NoGhost {
  FAULTLINE_FIELDS(NoGhost)
};

// A node state per role: the nodes of role i hold alternative i (std::get<A>, std::get_if<A>
// and std::visit work as on the variant it is). The role fixes the alternative, so it is not
// encoded, and a handler that switches it is a model error.
template <class... RoleStates>
struct ByRole : std::variant<RoleStates...> {
  using Base = std::variant<RoleStates...>;
  using Base::Base;
  const Base& base() const { return *this; }
  Base& base() { return *this; }
};

template <class T>
inline constexpr bool is_by_role = false;
template <class... A>
inline constexpr bool is_by_role<ByRole<A...>> = true;

// The role states a node may hold: a ByRole's alternatives, or the node type itself.
template <class Node>
struct RoleStates {
  using type = std::tuple<Node>;
};
template <class... A>
struct RoleStates<ByRole<A...>> {
  using type = std::tuple<A...>;
};

// The index of the first role state T for which test(std::type_identity<T>) holds; -1: none.
template <class... T, class Test>
constexpr int first_role_state(std::tuple<T...>*, Test test) {
  int i = 0, found = -1;
  ((found < 0 && test(std::type_identity<T>{}) ? found = i : 0, ++i), ...);
  return found;
}

// A node's state as role state T (its ByRole alternative, or the node itself).
template <class T, class Node>
T& role_state(Node& node) {
  if constexpr (std::is_same_v<std::remove_const_t<Node>, std::remove_const_t<T>>)
    return node;
  else
    return std::get<std::remove_const_t<T>>(node);
}
template <class T, class Node>
const T& role_state(const Node& node) {
  if constexpr (std::is_same_v<Node, T>)
    return node;
  else
    return std::get<T>(node);
}

// The nodes holding role state T, with their ids: `for (auto [n, rm] : s.all<Rm>())`.
template <class T, class Nodes>
class RoleNodes {
 public:
  explicit RoleNodes(const Nodes& nodes) : nodes_(&nodes) {}
  struct iterator {
    const Nodes* nodes;
    NodeId n;
    std::pair<NodeId, const T&> operator*() const { return {n, role_state<T>((*nodes)[n])}; }
    iterator& operator++() {
      ++n;
      skip();
      return *this;
    }
    bool operator==(const iterator& o) const { return n == o.n; }
    void skip() {
      if constexpr (is_by_role<typename Nodes::value_type>)
        while (n < nodes->size() && !std::holds_alternative<T>((*nodes)[n])) ++n;
    }
  };
  iterator begin() const {
    iterator it{nodes_, 0};
    it.skip();
    return it;
  }
  iterator end() const { return {nodes_, static_cast<NodeId>(nodes_->size())}; }

 private:
  const Nodes* nodes_;
};

// The optional features a protocol declares (see the top of this file).
template <class P>
constexpr bool is_timed() {
  if constexpr (requires { P::timed; })
    return P::timed;
  else
    return false;
}
template <class P>
constexpr bool is_symmetric() {
  if constexpr (requires { P::symmetric; })
    return P::symmetric;
  else
    return false;
}

// The container of a state's nodes: P::Nodes where the protocol names one (an InlineVector
// large enough for every configuration copies with the state, without an allocation), else a
// std::vector.
template <class P>
struct NodesOf {
  using type = std::vector<typename P::Node>;
};
template <class P>
  requires requires { typename P::Nodes; }
struct NodesOf<P> {
  using type = typename P::Nodes;
};

template <class P>
struct ActorState {
  static constexpr bool kTimed = is_timed<P>();
  using WireMsg = Wire<typename P::Msg>;
  using Env = std::conditional_t<kTimed, TimedEnv<WireMsg>, ClusterState<WireMsg>>;
  Env env;  // network, crashed nodes, partition, budgets (and time, for a timed protocol)
  typename NodesOf<P>::type nodes;  // by NodeId
  std::vector<uint32_t> timers;     // by NodeId: the set timers, one bit each; empty when the
                                    // protocol declares none (no allocation)
  typename P::Ghost ghost{};
  bool operator==(const ActorState&) const = default;

  // Node n's state as role state T (its ByRole alternative): s.node<Rm>(n).
  template <class T>
  const T& node(NodeId n) const {
    return role_state<T>(nodes[n]);
  }
  template <class T>
  T& node(NodeId n) {
    return role_state<T>(nodes[n]);
  }
  // Every node of role state T, with its id: `for (auto [n, rm] : s.all<Rm>())`.
  template <class T>
  RoleNodes<T, typename NodesOf<P>::type> all() const {
    return RoleNodes<T, typename NodesOf<P>::type>(nodes);
  }
  // Whether pred holds for every (any) node of role state T; pred takes (const T&) or
  // (NodeId, const T&).
  template <class T, class Pred>
  bool every(Pred&& pred) const {
    for (auto [n, v] : all<T>())
      if (!test(pred, n, v)) return false;
    return true;
  }
  template <class T, class Pred>
  bool any(Pred&& pred) const {
    for (auto [n, v] : all<T>())
      if (test(pred, n, v)) return true;
    return false;
  }
  // Whether a message to node n is in flight.
  bool in_flight_to(NodeId n) const {
    for (const auto& e : net().entries())
      if (e.env.dst == n) return true;
    return false;
  }

  const ClusterState<WireMsg>& cluster() const {
    if constexpr (kTimed)
      return env.net;
    else
      return env;
  }
  ClusterState<WireMsg>& cluster() {
    if constexpr (kTimed)
      return env.net;
    else
      return env;
  }
  bool up(NodeId n) const { return cluster().up(n); }
  // Up and (with time) not paused: the node may take steps.
  bool running(NodeId n) const {
    if constexpr (kTimed)
      return env.running(n);
    else
      return up(n);
  }
  // The network's messages, for properties that read what is in flight.
  const Network<WireMsg>& net() const { return cluster().net; }
  // True time, by which properties judge, and a node's clock reading.
  unsigned now() const requires kTimed { return env.time.now; }
  unsigned clock(NodeId n) const requires kTimed { return env.clock(n); }

 private:
  template <class Pred, class T>
  static bool test(Pred& pred, NodeId n, const T& v) {
    if constexpr (std::is_invocable_v<Pred&, NodeId, const T&>)
      return pred(n, v);
    else
      return pred(v);
  }
};

// The protocol's declaration of its environment, and optional hooks (nullptr: the default).
template <class P>
struct ActorConfig {
  using State = ActorState<P>;
  std::vector<Role> roles = {};          // nodes get ids in role order
  std::vector<std::string> timers = {};  // timer names; ids are indices (at most 32)
  NetworkMode network = NetworkMode::Multiset;
  FaultBudget faults = {};
  UnchangedDelivery unchanged = UnchangedDelivery::NoStep;
  // A node's text in traces; default: its fields, "promised=2, accepted=none".
  std::string (*describe_node)(const P&, NodeId, const typename P::Node&) = nullptr;
  // The ghost state's fields in traces; default: one field per ghost member.
  void (*describe_ghost)(const P&, const State&, FieldWriter&) = nullptr;
  // A reduction, run after every step: it forgets what can never matter again, such as the
  // messages that can never again change any node's state (removed with erase_messages below:
  // a delivery of one would be a stutter step; drops and duplicates of it change nothing that
  // matters) or a lease that has ended by its holder's clock. It must not forget anything that
  // could still matter. One call per step, so the test inlines into its loop.
  void (*normalize)(const P&, State&) = nullptr;
  // After a crash has reset a node to init() with its durable fields: what a variant loses
  // besides (a counter its design keeps on disk but the variant keeps in memory).
  void (*on_crash)(const P&, typename P::Node&) = nullptr;
  // After a fault (with time, also a time action) took `before` to `after`, before normalize:
  // a ghost that records faults of some kind (raft's first disruption of its newest leader).
  void (*on_fault)(const P&, const State& before, State& after, const Action&) = nullptr;

  // With time (P::timed): horizon, drift and pause bounds (nodes, clocked and pausable follow
  // from the roles); unset for an untimed protocol.
  std::optional<TimeConfig> time = std::nullopt;
  // A node in the middle of an instantaneous step (between a check and the act it guards): a
  // tick waits until it has finished, is paused or is down.
  bool (*busy)(const P&, const typename P::Node&) = nullptr;
  // Runs after each tick: ghosts kept per true time ("acted at this time") start again.
  void (*on_tick)(const P&, State&) = nullptr;
  // With unbounded time, every Time value is shifted so that the smallest is 0; values below
  // stale_before(state) can no longer decide anything but by their order, and are packed
  // (core/interval.hpp). time_values names the shifted values for the summary.
  int64_t (*stale_before)(const P&, const State&) = nullptr;
  std::string time_values = {};
  // Message kinds (alternative names of Msg) this configuration never sends: left out of the
  // coverage kinds, which list only what can fire.
  std::vector<std::string> unsent = {};
};

// Removes every in-flight message for which useless(src, dst, msg) holds (for a discard hook).
template <class P, class Pred>
void erase_messages(ActorState<P>& s, Pred&& useless) {
  s.cluster().net.erase_if([&](const Envelope<Wire<typename P::Msg>>& e) {
    return useless(e.src, e.dst, e.msg.msg);
  });
}

// What a handler may do besides changing its own node: send, broadcast, set and cancel its
// timers, update the ghost state.
template <class P>
class Actor {
 public:
  using Msg = typename P::Msg;
  Actor(ActorState<P>& s, NodeId self, const ActorLayout& layout, unsigned timers)
      : s_(s), self_(self), layout_(layout), timers_(timers) {}

  NodeId self() const { return self_; }
  const ActorLayout& layout() const { return layout_; }
  void send(NodeId to, const Msg& m) {
    s_.cluster().net.send(self_, to, Wire<Msg>{m});
    ++sent_;
  }
  // To every node of role r other than this one, in id order.
  void broadcast(unsigned role, const Msg& m) {
    layout_.members(role).for_each([&](NodeId n) {
      if (n != self_) send(n, m);
    });
  }
  void set_timer(unsigned t) { s_.timers[self_] |= 1u << checked(t); }
  void cancel_timer(unsigned t) { s_.timers[self_] &= ~(1u << checked(t)); }
  bool timer_set(unsigned t) const { return (s_.timers[self_] >> checked(t)) & 1u; }
  typename P::Ghost& ghost() { return s_.ghost; }
  unsigned sent() const { return sent_; }
  // This node's clock reading (a timed protocol).
  unsigned clock() const requires ActorState<P>::kTimed { return s_.clock(self_); }

 private:
  ActorState<P>& s_;
  NodeId self_;
  unsigned checked(unsigned t) const {
    if (t >= timers_)
      throw ModelError("model error: timer " + std::to_string(t) + " is not one of the " +
                       std::to_string(timers_) + " timers the protocol declares");
    return t;
  }

  const ActorLayout& layout_;
  unsigned timers_;
  unsigned sent_ = 0;
};

// A function of a LocalStep (Guard: its guard, Run: its step, Detail: its label's detail).
// It is made from a captureless lambda (or function) in one of these forms, with ", NodeId
// peer" last for a step towards a peer:
//   Guard, Detail:  (const P&, const State&, NodeId n)   the whole state; s.nodes[n] is n's
//                   (const P&, const T&)  or  (const T&)  the node's state, of role state T
//   Run:            (const P&, Actor&, Node&)
//                   (const P&, Actor&, T&), (Actor&, T&)  or  (T&)
// where T is the node type or one alternative of a ByRole. A typed form also names the step's
// role (the role whose state is T), so LocalStep::role may be left out. The layer calls the
// stored function pointer directly (a typed form through a small adapter).
enum class StepPart : uint8_t { Guard, Run, Detail };

template <class P, StepPart kPart>
struct StepFn {
  using State = ActorState<P>;
  using Node = typename P::Node;
  using R = std::conditional_t<kPart == StepPart::Guard, bool,
                               std::conditional_t<kPart == StepPart::Run, void, std::string>>;
  using Own = std::conditional_t<kPart == StepPart::Run, R (*)(const P&, Actor<P>&, Node&),
                                 R (*)(const P&, const State&, NodeId)>;
  using ToPeer =
      std::conditional_t<kPart == StepPart::Run, R (*)(const P&, Actor<P>&, Node&, NodeId),
                         R (*)(const P&, const State&, NodeId, NodeId)>;
  Own own = nullptr;
  ToPeer to_peer = nullptr;
  int role = -1;  // a typed form's role (the index of its role state T)

  constexpr StepFn() noexcept {}  // (not `= default`: gcc 12 fails on the defaults below)
  template <class F>
    requires(!std::is_same_v<F, StepFn>)
  StepFn(F f) {  // NOLINT: implicit, so that `.run = [](...) {...}` reads as a function
    if constexpr (std::is_convertible_v<F, Own>) {
      own = f;
    } else if constexpr (std::is_convertible_v<F, ToPeer>) {
      to_peer = f;
    } else {
      using States = typename RoleStates<Node>::type;
      constexpr int kOwn = first_role_state(static_cast<States*>(nullptr), [](auto t) {
        return typed<F, typename decltype(t)::type, false>();
      });
      constexpr int kPeer = first_role_state(static_cast<States*>(nullptr), [](auto t) {
        return typed<F, typename decltype(t)::type, true>();
      });
      static_assert(kOwn >= 0 || kPeer >= 0,
                    "a local step's function takes none of the accepted forms (see StepFn in "
                    "dist/actor_model.hpp): a guard or detail (const P&, const State&, NodeId), "
                    "(const P&, const T&) or (const T&); a step (const P&, Actor&, Node&), "
                    "(const P&, Actor&, T&), (Actor&, T&) or (T&), with T the node's state for "
                    "its role; and a last NodeId for a step towards a peer");
      static_assert(std::is_empty_v<F> && std::is_default_constructible_v<F>,
                    "a local step's function on a role state must be a captureless lambda");
      (void)f;
      role = kOwn >= 0 ? kOwn : kPeer;
      using T = std::tuple_element_t<(kOwn >= 0 ? kOwn : kPeer), States>;
      if constexpr (kOwn >= 0) {
        if constexpr (kPart == StepPart::Run)
          own = [](const P& p, Actor<P>& a, Node& n) { call<F>(p, &a, role_state<T>(n)); };
        else
          own = [](const P& p, const State& s, NodeId n) -> R {
            return call<F>(p, nullptr, role_state<T>(s.nodes[n]));
          };
      } else {
        if constexpr (kPart == StepPart::Run)
          to_peer = [](const P& p, Actor<P>& a, Node& n, NodeId peer) {
            call<F>(p, &a, role_state<T>(n), peer);
          };
        else
          to_peer = [](const P& p, const State& s, NodeId n, NodeId peer) -> R {
            return call<F>(p, nullptr, role_state<T>(s.nodes[n]), peer);
          };
      }
    }
  }
  explicit operator bool() const { return own != nullptr || to_peer != nullptr; }

 private:
  // Whether F takes role state T in one of the typed forms (with a last peer argument).
  template <class F, class T, bool kToPeer, class... Peer>
  static constexpr bool typed_with() {
    if constexpr (kPart == StepPart::Run)
      return std::is_invocable_v<F, const P&, Actor<P>&, T&, Peer...> ||
             std::is_invocable_v<F, Actor<P>&, T&, Peer...> ||
             std::is_invocable_v<F, T&, Peer...>;
    else
      return std::is_invocable_r_v<R, F, const P&, const T&, Peer...> ||
             std::is_invocable_r_v<R, F, const T&, Peer...>;
  }
  template <class F, class T, bool kToPeer>
  static constexpr bool typed() {
    if constexpr (kToPeer)
      return typed_with<F, T, true, NodeId>();
    else
      return typed_with<F, T, false>();
  }
  template <class F, class T, class... Peer>
  static R call(const P& p, Actor<P>* a, T& node, Peer... peer) {
    if constexpr (kPart == StepPart::Run && std::is_invocable_v<F, const P&, Actor<P>&, T&, Peer...>)
      return F{}(p, *a, node, peer...);
    else if constexpr (kPart == StepPart::Run && std::is_invocable_v<F, Actor<P>&, T&, Peer...>)
      return F{}(*a, node, peer...);
    else if constexpr (kPart != StepPart::Run && std::is_invocable_v<F, const P&, T&, Peer...>)
      return F{}(p, node, peer...);
    else
      return F{}(node, peer...);
  }
};

// A guarded local step of the nodes of one role: a client request, a decision, a retry.
// Label: "<name> <node>", then " <detail>" when detail is given.
// The guard and the detail read the node's state (or the whole state: a timed protocol's guard
// may read s.clock(n)); the step changes the node, and sends through the Actor.
// A step towards a peer (`peers` names the peers' role) is one step per node of that role
// other than the node itself, in id order, such as raft's "append s1->s2": its guard, step and
// detail take the peer as their last argument, and its label is "<name> <node>-><peer>", then
// " <detail>".
template <class P>
struct LocalStep {
  std::string name = {};
  std::optional<unsigned> role = std::nullopt;  // default: the role its typed functions take,
                                                // else role 0
  std::optional<unsigned> peers = std::nullopt;
  StepFn<P, StepPart::Guard> enabled = {};
  StepFn<P, StepPart::Run> run = {};
  StepFn<P, StepPart::Detail> detail = {};
};

// Properties, one function each. An invariant or step property returns why it fails, or
// nothing when it holds: the check and its explanation are the same code. A goal says whether
// the state reaches it.
template <class P>
struct ActorProperties {
  using State = ActorState<P>;
  using Failure = std::optional<std::string>;
  struct Invariant {
    std::string name = {}, description = {};
    Failure (*check)(const P&, const State&) = nullptr;
  };
  struct Step {
    std::string name = {}, description = {};
    Failure (*check)(const P&, const State& before, const State& after) = nullptr;
  };
  struct Goal {
    std::string name = {}, description = {};
    bool (*reached)(const P&, const State&) = nullptr;
  };
  std::vector<Invariant> invariants = {};
  std::vector<Step> steps = {};
  std::vector<Goal> goals = {};
};

// The protocol's hooks, on a node's state T: the node type itself, or (a typed overload) one
// role state of a ByRole. A role without its own overload of a typed hook does nothing there.
// x, as an expression that depends on T: a hook called in a discarded `if constexpr` branch of
// a generic lambda over role states is then looked up only where it is called (Clang looks a
// non-dependent member call up at once, and fails where the protocol has no such hook).
template <class T, class X>
X& as_dependent(X& x) {
  return x;
}

template <class P, class T>
concept StartsOn = requires(const P& p, Actor<P>& a, T& v) { p.on_start(a, v); };
template <class P, class T>
concept ReceivesOn = requires(const P& p, Actor<P>& a, T& v, const typename P::Msg& m) {
  p.on_message(a, v, NodeId{}, m);
};
template <class P, class T>
concept TimesOutOn = requires(const P& p, Actor<P>& a, T& v) { p.on_timer(a, v, 0u); };

// A base that names a protocol's types, so that a protocol P declares only its own members:
//   struct TwoPhase : dist::Protocol<TwoPhase, std::variant<Prepared, Commit, Abort>,
//                                    dist::ByRole<Tm, Rm>> { ... };
// gives TwoPhase::Msg, Node, Ghost, State, Actor, Config, Steps, Properties and Failure, and
// the nodes' names for trace text and explanations: name(n) is "rm2", names() all of them.
template <class P, class M, class N, class G = NoGhost>
struct Protocol {
  using Msg = M;
  using Node = N;
  using Ghost = G;
  using State = ActorState<P>;
  using Actor = dist::Actor<P>;
  using Config = ActorConfig<P>;
  using Steps = std::vector<LocalStep<P>>;
  using Properties = ActorProperties<P>;
  using Failure = std::optional<std::string>;

  const NodeNames& names() const { return node_names; }
  const std::string& name(NodeId n) const { return node_names.at(n); }
  // "{c1,c2}": a set of nodes by name.
  std::string names(NodeSet s) const { return format_node_set(s, node_names); }
  // "c1 and c2": a set of nodes in a sentence.
  std::string names_in_words(NodeSet s) const {
    std::string out;
    s.for_each([&](NodeId n) { out += (out.empty() ? "" : " and ") + name(n); });
    return out;
  }
  NodeNames node_names = {};  // set by ActorModel from the roles
};

template <class P>
concept ActorProtocol =
    std::copy_constructible<P> &&
    requires(const P& p, Actor<P>& actor, typename P::Node& node, const typename P::Msg& msg,
             NodeId id) {
      typename P::Msg;
      typename P::Node;
      typename P::Ghost;
      { p.actor_config() } -> std::same_as<ActorConfig<P>>;
      { p.properties() } -> std::same_as<ActorProperties<P>>;
    };

template <ActorProtocol P>
class ActorModel {
 public:
  using State = ActorState<P>;
  using Action = dist::Action;
  using Msg = typename P::Msg;
  using WireMsg = Wire<Msg>;
  static constexpr bool kTimed = State::kTimed;
  static constexpr bool kSymmetric = is_symmetric<P>();
  static constexpr uint16_t kTimerCode = 0x8000;  // Local codes at or above: timer code - this
  static constexpr bool kOnTimer =
      TimesOutOn<P, typename P::Node> ||
      first_role_state(static_cast<typename RoleStates<typename P::Node>::type*>(nullptr),
                       [](auto t) { return TimesOutOn<P, typename decltype(t)::type>; }) >= 0;
  static_assert(ReceivesOn<P, typename P::Node> ||
                    first_role_state(
                        static_cast<typename RoleStates<typename P::Node>::type*>(nullptr),
                        [](auto t) { return ReceivesOn<P, typename decltype(t)::type>; }) >= 0,
                "the protocol declares no on_message(Actor&, Node&, NodeId from, const Msg&) "
                "(or one per role state: on_message(Actor&, T&, NodeId from, const Msg&))");

  explicit ActorModel(P protocol) {
    const ActorConfig<P> config = protocol.actor_config();
    layout_ = ActorLayout(config.roles);
    if constexpr (requires { protocol.node_names; }) protocol.node_names = layout_.names();
    p_ = std::make_shared<const P>(std::move(protocol));
    if constexpr (is_by_role<typename P::Node>) {
      if (config.roles.size() != std::variant_size_v<typename P::Node::Base>)
        throw ModelError("model error: the protocol declares " +
                         std::to_string(config.roles.size()) +
                         " roles but its ByRole node state has " +
                         std::to_string(std::variant_size_v<typename P::Node::Base>));
    }
    if (layout_.nodes() == 0 || layout_.nodes() > kMaxNodes)
      throw SpecError("the protocol declares " + std::to_string(layout_.nodes()) +
                      " nodes; the actor layer takes 1 to " + std::to_string(kMaxNodes));
    using Nodes = typename NodesOf<P>::type;
    if constexpr (requires { Nodes::capacity(); }) {
      if (layout_.nodes() > Nodes::capacity())
        throw ModelError("model error: the protocol's Nodes hold " +
                         std::to_string(Nodes::capacity()) + " nodes, not " +
                         std::to_string(layout_.nodes()));
    }
    if (config.timers.size() > 32)
      throw ModelError("model error: the protocol declares more than 32 timers");
    if (config.time.has_value() != kTimed)
      throw ModelError(kTimed ? "model error: the protocol is timed (P::timed) but its "
                                "actor_config() sets no time"
                              : "model error: actor_config() sets time but the protocol does "
                                "not declare `static constexpr bool timed = true;`");
    timers_ = config.timers;
    unchanged_ = config.unchanged;
    describe_node_ = config.describe_node;
    describe_ghost_ = config.describe_ghost;
    normalize_ = config.normalize;
    on_crash_ = config.on_crash;
    on_fault_ = config.on_fault;
    busy_ = config.busy;
    on_tick_ = config.on_tick;
    stale_before_ = config.stale_before;
    if constexpr (requires { p_->local_steps(); }) steps_ = p_->local_steps();
    role_steps_.resize(config.roles.size());
    for (size_t i = 0; i < steps_.size(); ++i) {
      LocalStep<P>& st = steps_[i];
      if (!st.role) {
        const int typed = st.run.role >= 0 ? st.run.role : st.enabled.role;
        st.role = typed >= 0 ? static_cast<unsigned>(typed) : 0u;
      }
      for (const int typed : {st.enabled.role, st.run.role, st.detail.role})
        if (typed >= 0 && st.role && static_cast<unsigned>(typed) != *st.role)
          throw ModelError("model error: local step '" + st.name + "' is of role " +
                           std::to_string(*st.role) + " but a function of it takes the state "
                           "of role " + std::to_string(typed));
      if (!st.enabled || !st.run || *st.role >= config.roles.size() ||
          (st.peers && *st.peers >= config.roles.size()))
        throw ModelError("model error: local step '" + st.name +
                         "' needs a role of the protocol, a guard and a step function");
      const bool to_peer = st.peers.has_value();
      if ((st.enabled.to_peer != nullptr) != to_peer || (st.run.to_peer != nullptr) != to_peer ||
          (st.detail && (st.detail.to_peer != nullptr) != to_peer))
        throw ModelError("model error: local step '" + st.name + "': its functions take " +
                         (to_peer ? "the peer (it has peers)" : "no peer (it has no peers)") +
                         " as their last argument");
      role_steps_[*st.role].push_back(static_cast<uint16_t>(i));
    }
    if (!config.timers.empty() && !kOnTimer)
      throw ModelError("model error: the protocol declares timers but no on_timer(Actor&, "
                       "Node&, unsigned timer) handler");

    ClusterConfig cc;
    cc.names = layout_.names();
    cc.mode = config.network;
    cc.budget = config.faults;
    TimeConfig time = config.time.value_or(TimeConfig{});
    time.nodes = layout_.nodes();
    time.clocked = time.pausable = NodeSet();
    symmetry_.size = layout_.nodes();
    for (unsigned r = 0; r < config.roles.size(); ++r) {
      const Role& role = config.roles[r];
      const NodeSet members = layout_.members(r);
      if (role.crash != CrashMode::Never) cc.crashable = cc.crashable | members;
      if (role.crash == CrashMode::Stop) cc.crash_stop = cc.crash_stop | members;
      if (role.amnesia) cc.amnesia = cc.amnesia | members;
      if (role.drifts) time.clocked = time.clocked | members;
      if (role.pauses) time.pausable = time.pausable | members;
      if (role.symmetric && !kSymmetric)
        throw ModelError("model error: role '" + role.name +
                         "' is symmetric but the protocol does not declare `static constexpr "
                         "bool symmetric = true;`");
      if (role.symmetric && role.count >= 2) {
        std::vector<uint8_t> group;
        members.for_each([&](NodeId n) { group.push_back(n); });
        symmetry_.groups.push_back(group);
        symmetric_nodes_ = symmetric_nodes_ | members;
        const std::string who = layout_.names()[group.front()] + ".." +
                                layout_.names()[group.back()];
        symmetry_.description += (symmetry_.description.empty() ? "" : "; ") +
                                 (role.what.empty() ? who : role.what + " " + who) +
                                 " are interchangeable";
      }
    }
    if (cc.crashable.empty()) cc.budget.crash = 0;  // no role crashes: no crash budget either
    std::vector<std::string> local_kinds;
    for (const auto& st : steps_) local_kinds.push_back(st.name);
    for (const auto& t : timers_) local_kinds.push_back("timeout " + t);
    std::vector<std::string> msg_kinds;
    for (const std::string& m : reflect::kind_names<Msg>()) {
      const bool unsent =
          std::find(config.unsent.begin(), config.unsent.end(), m) != config.unsent.end();
      msg_slot_.push_back(unsent ? kUnsent : msg_kinds.size());
      if (!unsent) msg_kinds.push_back(m);
    }
    if constexpr (kTimed) {
      if (time.drift == 0) time.clocked = NodeSet();
      if (time.unbounded)
        intervals_ = time_interval(time, config.time_values.empty() ? "every timestamp"
                                                                   : config.time_values);
      timed_ = TimedCluster<WireMsg>(std::move(cc), time);
      kinds_ = ActionKindTable(local_kinds, msg_kinds, cluster().config().budget,
                               timed_.clocks().config());
    } else {
      cluster_ = Cluster<WireMsg>(std::move(cc));
      kinds_ = ActionKindTable(local_kinds, msg_kinds, cluster().config().budget);
    }
    props_ = engine_properties(p_, p_->properties());
  }

  std::vector<State> initial_states() const {
    State s;
    if constexpr (kTimed)
      s.env = timed_.initial();
    else
      s.env = cluster_.initial();
    if (!timers_.empty()) s.timers.assign(layout_.nodes(), 0);
    for (NodeId n = 0; n < layout_.nodes(); ++n) s.nodes.push_back(init(n));
    for (NodeId n = 0; n < layout_.nodes(); ++n) start(s, n);
    normalize(s);
    return {std::move(s)};
  }

  void actions(const State& s, std::vector<Action>& out) const {
    for (NodeId n = 0; n < layout_.nodes(); ++n) {
      if (!s.running(n)) continue;
      for (const uint16_t i : role_steps_[layout_.role_of(n)]) {
        const LocalStep<P>& st = steps_[i];
        if (!st.peers) {
          if (st.enabled.own(*p_, s, n)) out.push_back({ActionKind::Local, n, i, 0});
          continue;
        }
        layout_.members(*st.peers).for_each([&](NodeId peer) {
          if (peer != n && st.enabled.to_peer(*p_, s, n, peer))
            out.push_back({ActionKind::Local, n, i, peer});
        });
      }
    }
    for (NodeId n = 0; n < s.timers.size(); ++n) {
      if (!s.running(n)) continue;
      for (uint32_t b = s.timers[n]; b != 0; b &= b - 1)
        out.push_back({ActionKind::Local, n,
                       static_cast<uint16_t>(kTimerCode + std::countr_zero(b)), 0});
    }
    if constexpr (kTimed) {
      NodeSet busy;
      if (busy_)
        for (NodeId n = 0; n < layout_.nodes(); ++n)
          if (busy_(*p_, s.nodes[n])) busy.insert(n);
      timed_.env_actions(s.env, busy, out);
    } else {
      cluster_.deliver_actions(s.env, out);
      cluster_.fault_actions(s.env, out);
    }
  }

  std::optional<State> next_state(const State& s, const Action& a) const {
    std::optional<State> out(std::in_place, s);  // built in place and returned as is (NRVO)
    State& n = *out;
    switch (a.kind) {
      case ActionKind::Local: {
        Actor<P> actor(n, a.node, layout_, timer_count());
        if (a.code >= kTimerCode) {
          const unsigned t = a.code - kTimerCode;
          actor.cancel_timer(t);
          typename P::Node& node = n.nodes[a.node];
          if constexpr (TimesOutOn<P, typename P::Node>)
            p_->on_timer(actor, node, t);
          else
            visit_role(node, [&]<class T>(T& v) {
              if constexpr (TimesOutOn<P, T>) as_dependent<T>(*p_).on_timer(actor, v, t);
            });
        } else if (const LocalStep<P>& st = steps_[a.code]; st.peers) {
          st.run.to_peer(*p_, actor, n.nodes[a.node], static_cast<NodeId>(a.arg));
        } else {
          st.run.own(*p_, actor, n.nodes[a.node]);
        }
        break;
      }
      case ActionKind::Deliver: {
        const Envelope<WireMsg> e = cluster().take_delivery(n.cluster(), a);
        Actor<P> actor(n, e.dst, layout_, timer_count());
        typename P::Node& node = n.nodes[e.dst];
        if constexpr (ReceivesOn<P, typename P::Node>)
          p_->on_message(actor, node, e.src, e.msg.msg);
        else
          visit_role(node, [&]<class T>(T& v) {
            if constexpr (ReceivesOn<P, T>) as_dependent<T>(*p_).on_message(actor, v, e.src, e.msg.msg);
          });
        if (unchanged_ == UnchangedDelivery::NoStep && actor.sent() == 0 &&
            n.nodes[e.dst] == s.nodes[e.dst] &&
            (n.timers.empty() || n.timers[e.dst] == s.timers[e.dst]) &&
            n.ghost == s.ghost) {
          out.reset();
          return out;
        }
        break;
      }
      default: {
        auto reset = [&](NodeId node, ResetScope scope) {
          typename P::Node fresh = init(node);
          if (scope == ResetScope::Volatile) {
            if constexpr (is_by_role<typename P::Node>)
              reflect::keep_durable(fresh.base(), n.nodes[node].base());
            else
              reflect::keep_durable(fresh, n.nodes[node]);
          }
          if (on_crash_ && scope == ResetScope::Volatile) on_crash_(*p_, fresh);
          n.nodes[node] = std::move(fresh);
          if (!n.timers.empty()) n.timers[node] = 0;
        };
        if constexpr (kTimed) {
          if (timed_.apply_env(n.env, a, reset) && on_tick_) on_tick_(*p_, n);
        } else {
          cluster_.apply_fault(n.env, a, reset);
        }
        if (a.kind == ActionKind::Restart) start(n, a.node);
        if (on_fault_) on_fault_(*p_, s, n, a);
        break;
      }
    }
    normalize(n);
    return out;
  }

  std::string action_label(const State& s, const Action& a) const {
    if (a.kind != ActionKind::Local) {
      if constexpr (kTimed)
        return timed_.label(s.env, a);
      else
        return cluster_.label(s.env, a);
    }
    const std::string& who = layout_.names()[a.node];
    if (a.code >= kTimerCode) return "timeout " + timers_[a.code - kTimerCode] + " " + who;
    const LocalStep<P>& st = steps_[a.code];
    const auto peer = static_cast<NodeId>(a.arg);
    std::string label = st.name + " " + who;
    if (st.peers) label += "->" + layout_.names()[peer];
    if (st.detail)
      label += " " + (st.peers ? st.detail.to_peer(*p_, s, a.node, peer)
                               : st.detail.own(*p_, s, a.node));
    return label;
  }

  void encode(const State& s, ByteSink& out) const {
    s.env.encode(out);
    for (NodeId n = 0; n < layout_.nodes(); ++n) encode_node(out, n, s.nodes[n]);
    for (uint32_t t : s.timers) out.varint(t);
    reflect::encode(out, s.ghost);
  }

  State decode(ByteSource& in) const {
    State s;
    if constexpr (kTimed)
      s.env = TimedEnv<WireMsg>::decode(in, cluster().config().mode, layout_.nodes());
    else
      s.env = ClusterState<WireMsg>::decode(in, cluster().config().mode);
    s.nodes.resize(layout_.nodes());
    for (NodeId n = 0; n < layout_.nodes(); ++n) decode_node(in, n, s.nodes[n]);
    if (!timers_.empty()) {
      s.timers.resize(layout_.nodes());
      for (auto& t : s.timers) t = reflect::decoded<uint32_t>(in);
    }
    reflect::decode(in, s.ghost);
    return s;
  }

  // One field per node ("a1" = "promised=2, accepted=none", then ", timers={...}" while any
  // of its timers is set), one per ghost field, then the environment's fields.
  void describe(const State& s, FieldWriter& w) const {
    const FormatContext ctx{&layout_.names()};
    for (NodeId n = 0; n < layout_.nodes(); ++n) {
      std::string v =
          describe_node_ ? describe_node_(*p_, n, s.nodes[n]) : node_text(s.nodes[n], ctx);
      if (!s.timers.empty() && s.timers[n] != 0)
        v += (v.empty() ? "timers=" : ", timers=") + timer_text(s.timers[n]);
      w.field(layout_.names()[n], std::move(v));
    }
    if (describe_ghost_) {
      describe_ghost_(*p_, s, w);
    } else if constexpr (reflect::Struct<typename P::Ghost>) {
      P::Ghost::faultline_visit(s.ghost, [&](const char* name, const auto& field) {
        w.field(name, reflect::formatted(field, ctx));
      });
    }
    if constexpr (kTimed)
      timed_.describe(s.env, w);
    else
      s.env.describe(w, layout_.names());
  }

  const PropertySet<State>& properties() const { return props_; }
  // This model with every property of one kind left out: what the others catch on their own.
  ActorModel without(PropertyKind kind) const {
    ActorModel m = *this;
    switch (kind) {
      case PropertyKind::Invariant: m.props_.invariants.clear(); break;
      case PropertyKind::Step: m.props_.steps.clear(); break;
      case PropertyKind::Goal: m.props_.goals.clear(); break;
    }
    return m;
  }
  const std::vector<std::string>& action_kinds() const { return kinds_.names(); }
  size_t action_kind(const State& s, const Action& a) const {
    if (a.kind == ActionKind::Local)
      return a.code >= kTimerCode ? steps_.size() + (a.code - kTimerCode) : a.code;
    if (a.kind != ActionKind::Deliver) return kinds_.kind(a, 0);
    const Msg& m = s.net()[a.arg].env.msg.msg;
    const size_t slot = msg_slot_[reflect::kind_index(m)];
    if (slot == kUnsent)
      throw ModelError("model error: a " + std::string(reflect::kind_name(m)) +
                       " was sent, but actor_config() lists it as unsent");
    return kinds_.kind(a, slot);
  }

  // ---- symmetry (P::symmetric): the nodes of symmetric roles are interchangeable ----------

  SymmetryDecl symmetry() const requires kSymmetric { return symmetry_; }

  // s with every node n renamed p[n]: node states move, and every NodeRef and NodeSet in node
  // states, messages and the ghost is renamed.
  State permute(const State& s, const Permutation& p) const requires kSymmetric {
    State t;  // built part by part: copying s first would copy its network for nothing
    t.env = s.env.permuted(p, layout_.nodes(), [&](WireMsg& m) { rename_nodes(m.msg, p); });
    t.nodes.resize(s.nodes.size());
    for (size_t n = 0; n < s.nodes.size(); ++n) {
      typename P::Node& moved = t.nodes[p[n]] = s.nodes[n];
      rename_nodes(node_value(moved), p);
    }
    if (!s.timers.empty()) {
      t.timers.resize(s.timers.size());
      for (size_t n = 0; n < s.timers.size(); ++n) t.timers[p[n]] = s.timers[n];
    }
    t.ghost = s.ghost;
    rename_nodes(t.ghost, p);
    return t;
  }

  // Per node, what renaming keeps (core/symmetry_signatures.hpp): its environment (messages
  // signed with the nodes they name made anonymous), its own state and timers likewise, and
  // where other nodes and the ghost name it (by field name and by the namer's role).
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const
      requires kSymmetric {
    s.env.add_signatures(sigs, layout_.nodes(),
                         [&](const WireMsg& m) { return anonymous_signature(m.msg, kNoSelf); });
    for (NodeId n = 0; n < layout_.nodes(); ++n) {
      uint64_t h = signature_add(sigs[n], anonymous_signature(node_value(s.nodes[n]), n));
      if (!s.timers.empty()) h = signature_add(h, s.timers[n]);
      sigs[n] = h;
    }
    // Second pass: the references are sums, added after every node's own (order-sensitive)
    // part, so that the order of node ids does not matter.
    for (NodeId n = 0; n < layout_.nodes(); ++n) {
      const uint64_t namer = symmetric_nodes_.contains(n) ? 0x100u + layout_.role_of(n) : n;
      add_references(node_value(s.nodes[n]), namer, n, sigs);
    }
    add_references(s.ghost, 0x200u, kNoSelf, sigs);
  }

  // ---- interval symmetry of time (a timed protocol with unbounded time) -------------------

  std::vector<IntervalDecl> intervals() const requires kTimed { return intervals_; }
  // True time and every Time value in node states, messages and the ghost.
  void interval_values(const State& s, size_t, std::vector<uint32_t>& out) const requires kTimed {
    out.push_back(s.env.time.now);
    auto add = [&](const Time& t, const char*) { out.push_back(t.ticks); };
    for (const auto& node : s.nodes) reflect::for_each_of<Time>(node_value(node), add);
    reflect::for_each_of<Time>(s.ghost, add);
    for (const auto& e : s.net().entries()) reflect::for_each_of<Time>(e.env.msg.msg, add);
  }
  int64_t interval_cutoff(const State& s, size_t) const requires kTimed {
    return stale_before_ ? stale_before_(*p_, s) : std::numeric_limits<int64_t>::min();
  }
  State remap_interval(const State& s, size_t, const IntervalMap& f) const requires kTimed {
    State t = s;
    auto map = [&](Time& v, const char*) { v = f(v.ticks); };
    t.env.time.now = static_cast<uint16_t>(f(s.env.time.now));
    for (auto& node : t.nodes) reflect::for_each_of<Time>(node_value(node), map);
    reflect::for_each_of<Time>(t.ghost, map);
    t.env.net.net = s.net().transformed([&](WireMsg m) {
      reflect::for_each_of<Time>(m.msg, map);
      return m;
    });
    return t;
  }

  const Cluster<WireMsg>& cluster() const {
    if constexpr (kTimed)
      return timed_.cluster();
    else
      return cluster_;
  }
  // The environment with time, for sequence charts (dist/timed_chart_events.hpp).
  const TimedCluster<WireMsg>& timed_cluster() const requires kTimed { return timed_; }
  const ActorLayout& layout() const { return layout_; }
  const P& protocol() const { return *p_; }

 private:
  static constexpr NodeId kNoSelf = 0xFF;
  static constexpr size_t kUnsent = static_cast<size_t>(-1);

  void start(State& s, NodeId n) const {
    Actor<P> actor(s, n, layout_, timer_count());
    if constexpr (StartsOn<P, typename P::Node>)
      p_->on_start(actor, s.nodes[n]);
    else
      visit_role(s.nodes[n], [&]<class T>(T& v) {
        if constexpr (StartsOn<P, T>) as_dependent<T>(*p_).on_start(actor, v);
      });
  }

  // f(the node's role state): a ByRole's alternative, else the node itself.
  template <class F>
  static void visit_role(typename P::Node& node, F&& f) {
    if constexpr (is_by_role<typename P::Node>)
      reflect::visit_alternative(node.base(), f);
    else
      f(node);
  }

  // A node's state before it starts: P::init(n) where the protocol declares it, else its
  // role's state (a ByRole), default-constructed.
  typename P::Node init(NodeId n) const {
    if constexpr (requires { p_->init(n); }) {
      return p_->init(n);
    } else {
      typename P::Node node{};
      if constexpr (is_by_role<typename P::Node>) emplace_role(node.base(), layout_.role_of(n));
      return node;
    }
  }

  void normalize(State& s) const {
    if (normalize_) normalize_(*p_, s);
  }

  // The node's struct (or variant) that reflection walks: a ByRole's alternative.
  static const auto& node_value(const typename P::Node& node) {
    if constexpr (is_by_role<typename P::Node>)
      return node.base();
    else
      return node;
  }
  static auto& node_value(typename P::Node& node) {
    if constexpr (is_by_role<typename P::Node>)
      return node.base();
    else
      return node;
  }

  template <class T>
  static void rename_nodes(T& v, const Permutation& p) {
    reflect::for_each_of<NodeRef>(v, [&](NodeRef& r, const char*) {
      if (r.id >= p.size())
        throw ModelError("model error: a NodeRef names node " + std::to_string(r.id) +
                         " of " + std::to_string(p.size()));
      r.id = p[r.id];
    });
    reflect::for_each_of<NodeSet>(v, [&](NodeSet& s, const char*) { s = dist::permute(s, p); });
  }

  // v's signature with the nodes it names made anonymous: a fixed node (in no symmetric role)
  // keeps its id, `self` becomes one marker and any other interchangeable node another, and a
  // NodeSet keeps its fixed members, its count of interchangeable ones and whether it has self.
  template <class T>
  uint64_t anonymous_signature(const T& v, NodeId self) const {
    thread_local ByteSink sink;
    sink.clear();
    if constexpr (reflect::holds<NodeRef, T>() || reflect::holds<NodeSet, T>()) {
      T copy = v;
      reflect::for_each_of<NodeRef>(copy, [&](NodeRef& r, const char*) {
        if (r.id == self)
          r.id = 0xFE;
        else if (symmetric_nodes_.contains(r.id))
          r.id = 0xFF;
      });
      const NodeSet self_set = self < kMaxNodes ? NodeSet(1u << self) : NodeSet();
      reflect::for_each_of<NodeSet>(copy, [&](NodeSet& s, const char*) {
        const uint32_t others = (s & symmetric_nodes_).minus(self_set).size();
        const uint32_t has_self = (s & self_set).empty() ? 0u : 1u << 25;
        s = NodeSet(s.minus(symmetric_nodes_).bits() ^ (others << 26) ^ has_self);
      });
      reflect::encode(sink, copy);
    } else {
      reflect::encode(sink, v);
    }
    return signature_of_bytes(sink.view());
  }

  // Adds to sigs[r], for every interchangeable node r that v names, the field naming it and
  // who names it (`namer`: a fixed node's id, or an interchangeable node's role, or the
  // ghost), and whether the namer is r itself. A sum, so the order of names does not matter.
  template <class T>
  void add_references(const T& v, uint64_t namer, NodeId self, std::vector<uint64_t>& sigs) const {
    auto add = [&](NodeId r, const char* field) {
      if (!symmetric_nodes_.contains(r)) return;
      uint64_t h = namer * 2 + (r == self);
      for (const char* c = field; *c; ++c) h = signature_add(h, static_cast<uint8_t>(*c));
      sigs[r] += signature_mix(h);
    };
    reflect::for_each_of<NodeRef>(v, [&](const NodeRef& r, const char* f) { add(r.id, f); });
    reflect::for_each_of<NodeSet>(v, [&](const NodeSet& s, const char* f) {
      s.for_each([&](NodeId r) { add(r, f); });
    });
  }

  // A ByRole node is encoded as its role's alternative alone; other node types as themselves.
  [[gnu::always_inline]] void encode_node(ByteSink& out, NodeId n,
                                          const typename P::Node& node) const {
    if constexpr (is_by_role<typename P::Node>) {
      if (node.index() != layout_.role_of(n))
        throw ModelError("model error: node " + layout_.names()[n] + " of role " +
                         std::to_string(layout_.role_of(n)) + " holds the state of role " +
                         std::to_string(node.index()) + " (a ByRole node keeps its role's)");
      reflect::visit_alternative(node.base(), [&](const auto& v) { reflect::encode(out, v); });
    } else {
      reflect::encode(out, node);
    }
  }
  [[gnu::always_inline]] void decode_node(ByteSource& in, NodeId n,
                                          typename P::Node& node) const {
    if constexpr (is_by_role<typename P::Node>) {
      emplace_role(node.base(), layout_.role_of(n));
      reflect::visit_alternative(node.base(), [&](auto& v) { reflect::decode(in, v); });
    } else {
      reflect::decode(in, node);
    }
  }
  template <class V, size_t I = 0>
  static void emplace_role(V& v, size_t role) {
    if constexpr (I < std::variant_size_v<V>) {
      if (role == I)
        v.template emplace<I>();
      else
        emplace_role<V, I + 1>(v, role);
    }
  }
  static std::string node_text(const typename P::Node& node, const FormatContext& ctx) {
    std::string out;
    auto body = [&](const auto& v) {
      using T = std::decay_t<decltype(v)>;
      if constexpr (reflect::Struct<T>)
        reflect::format_fields(out, v, ctx, ", ");
      else
        reflect::format(out, v, ctx);
    };
    if constexpr (is_by_role<typename P::Node>)
      reflect::visit_alternative(node.base(), body);
    else if constexpr (reflect::is_instance<typename P::Node, std::variant>)
      reflect::visit_alternative(node, body);
    else
      body(node);
    return out;
  }

  unsigned timer_count() const { return static_cast<unsigned>(timers_.size()); }

  std::string timer_text(uint32_t bits) const {
    std::string out = "{";
    for (uint32_t b = bits; b != 0; b &= b - 1) {
      if (out.size() > 1) out += ',';
      out += timers_[std::countr_zero(b)];
    }
    return out + "}";
  }

  // The engine's property set: each check bound to the protocol, shared (never `this`).
  static PropertySet<State> engine_properties(const std::shared_ptr<const P>& p,
                                              const ActorProperties<P>& declared) {
    PropertySet<State> out;
    auto require = [](bool ok, const std::string& name) {
      if (!ok) throw ModelError("model error: property '" + name + "' has no check function");
    };
    for (const auto& inv : declared.invariants) require(inv.check != nullptr, inv.name);
    for (const auto& st : declared.steps) require(st.check != nullptr, st.name);
    for (const auto& g : declared.goals) require(g.reached != nullptr, g.name);
    for (const auto& inv : declared.invariants) {
      auto check = inv.check;
      out.invariants.push_back(
          {inv.name, inv.description, [p, check](const State& s) { return !check(*p, s); },
           [p, check](const State& s) { return check(*p, s).value_or(""); }});
    }
    for (const auto& st : declared.steps) {
      auto check = st.check;
      out.steps.push_back(
          {st.name, st.description,
           [p, check](const State& a, const State& b) { return !check(*p, a, b); },
           [p, check](const State& a, const State& b) { return check(*p, a, b).value_or(""); }});
    }
    for (const auto& g : declared.goals) {
      auto reached = g.reached;
      out.goals.push_back(
          {g.name, g.description, [p, reached](const State& s) { return reached(*p, s); }});
    }
    return out;
  }

  std::shared_ptr<const P> p_;
  ActorLayout layout_;
  std::vector<std::string> timers_;
  UnchangedDelivery unchanged_ = UnchangedDelivery::NoStep;
  std::string (*describe_node_)(const P&, NodeId, const typename P::Node&) = nullptr;
  void (*describe_ghost_)(const P&, const State&, FieldWriter&) = nullptr;
  void (*normalize_)(const P&, State&) = nullptr;
  void (*on_crash_)(const P&, typename P::Node&) = nullptr;
  void (*on_fault_)(const P&, const State&, State&, const Action&) = nullptr;
  bool (*busy_)(const P&, const typename P::Node&) = nullptr;
  void (*on_tick_)(const P&, State&) = nullptr;
  int64_t (*stale_before_)(const P&, const State&) = nullptr;
  std::vector<LocalStep<P>> steps_;
  std::vector<std::vector<uint16_t>> role_steps_;  // by role: its steps' indices, in order
  Cluster<WireMsg> cluster_;          // untimed protocols
  TimedCluster<WireMsg> timed_;       // timed protocols
  SymmetryDecl symmetry_;
  NodeSet symmetric_nodes_;           // the nodes of symmetric roles
  std::vector<IntervalDecl> intervals_;
  ActionKindTable kinds_;
  std::vector<size_t> msg_slot_;  // by Msg alternative: its index among the coverage kinds
  PropertySet<State> props_;
};

}  // namespace faultline::dist
