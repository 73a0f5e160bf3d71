// Tests of the actor layer (dist/actor_model.hpp) on a small protocol: start and restart run
// the start handler, a crash keeps the durable fields and clears the rest and the timers,
// amnesia loses everything, crash-stop and never-crash roles, the two rules for a delivery that
// changes nothing, labels, coverage kinds, corrupt bytes, properties that outlive the model
// they came from, steps towards a peer, the fault hook and a protocol's own node container.
#include "dist/actor_model.hpp"

#include <gtest/gtest.h>

#include "core/inline_vector.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::dist {
namespace {

struct Ping {
  uint8_t v = 0;
  FAULTLINE_FIELDS(Ping, v)
};
struct Pong {
  FAULTLINE_FIELDS(Pong)
};

struct Peer {
  uint8_t epoch = 0;   // durable
  uint8_t seen = 0;    // volatile
  uint8_t starts = 0;  // durable: how often on_start ran
  FAULTLINE_FIELDS(Peer, epoch, seen, starts)
  FAULTLINE_DURABLE(Peer, epoch, starts)
};

struct Pongs {
  uint8_t count = 0;
  FAULTLINE_FIELDS(Pongs, count)
};

// A leader "s" pings every follower f1..fN at start (Ping{1}); a follower raises `seen` to the
// ping's value and answers Pong only when the value is new. Local step "bump" raises a
// follower's epoch, up to 2. Every node sets timer "tick" at start; it does nothing but clear.
struct PingPong {
  using Msg = std::variant<Ping, Pong>;
  using Node = Peer;
  using Ghost = Pongs;
  using Actor = dist::Actor<PingPong>;

  unsigned followers = 2;
  CrashMode follower_crash = CrashMode::Restart;
  bool amnesia = false;
  UnchangedDelivery unchanged = UnchangedDelivery::NoStep;
  FaultBudget faults;

  ActorConfig<PingPong> actor_config() const {
    return {.roles = {{.name = "s", .crash = CrashMode::Never, .numbered = false},
                      {.name = "f", .count = followers, .crash = follower_crash, .amnesia = amnesia}},
            .timers = {"tick"},
            .faults = faults,
            .unchanged = unchanged};
  }
  Node init(NodeId) const { return {}; }
  void on_start(Actor& self, Node& n) const {
    ++n.starts;
    self.set_timer(0);
    if (self.self() == 0) self.broadcast(1, Ping{1});
  }
  void on_message(Actor& self, Node& n, NodeId from, const Msg& m) const {
    if (const auto* p = std::get_if<Ping>(&m); p && p->v > n.seen) {
      n.seen = p->v;
      self.send(from, Pong{});
    } else if (std::holds_alternative<Pong>(m)) {
      ++self.ghost().count;
    }
  }
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<LocalStep<PingPong>> local_steps() const {
    return {{.name = "bump",
             .role = 1,
             .enabled = [](const PingPong&, const ActorState<PingPong>& s,
                           NodeId n) { return s.nodes[n].epoch < 2; },
             .run = [](const PingPong&, Actor&, Node& n) { ++n.epoch; },
             .detail = [](const PingPong&, const ActorState<PingPong>& s, NodeId n) {
               return "to " + std::to_string(s.nodes[n].epoch + 1);
             }}};
  }
  ActorProperties<PingPong> properties() const {
    return {.invariants = {{"FewPongs", "at most `followers` pongs arrive",
                            [](const PingPong& p, const ActorState<PingPong>& s) -> std::optional<std::string> {
                              if (s.ghost.count <= p.followers) return std::nullopt;
                              return std::to_string(s.ghost.count) + " pongs";
                            }}},
            .steps = {},
            .goals = {{"AllPonged", "every follower's pong arrived",
                       [](const PingPong& p, const ActorState<PingPong>& s) {
                         return s.ghost.count == p.followers;
                       }}}};
  }
};

using Model = ActorModel<PingPong>;
using testing_support::after;
using testing_support::enabled_labels;
using testing_support::workers;

PingPong with_crash(CrashMode mode = CrashMode::Restart, bool amnesia = false) {
  PingPong p;
  p.followers = 1;
  p.follower_crash = mode;
  p.amnesia = amnesia;
  p.faults.crash = 1;
  return p;
}

TEST(ActorModelTest, StartRunsForEveryNodeInIdOrder) {
  const Model m(PingPong{});
  const auto s = m.initial_states().front();
  for (const auto& n : s.nodes) EXPECT_EQ(n.starts, 1);
  EXPECT_EQ(s.timers, (std::vector<uint32_t>{1, 1, 1}));
  EXPECT_EQ(s.net().total(), 2u);
  EXPECT_EQ(m.layout().names(), (NodeNames{"s", "f1", "f2"}));
  EXPECT_EQ(enabled_labels(m, s), (std::vector<std::string>{
                              "bump f1 to 1", "bump f2 to 1", "timeout tick s",
                              "timeout tick f1", "timeout tick f2", "deliver Ping(v=1) s->f1",
                              "deliver Ping(v=1) s->f2"}));
}

TEST(ActorModelTest, CrashKeepsDurableFieldsAndRestartRunsStartAgain) {
  const Model m(with_crash());
  auto s = after(m, {"bump f1 to 1", "deliver Ping(v=1) s->f1", "crash f1"});
  EXPECT_EQ(s.nodes[1], (Peer{1, 0, 1}));  // seen is volatile
  EXPECT_EQ(s.timers[1], 0u);
  EXPECT_EQ(enabled_labels(m, s),
            (std::vector<std::string>{"timeout tick s", "deliver Pong f1->s", "restart f1"}));
  s = after(m, {"bump f1 to 1", "deliver Ping(v=1) s->f1", "crash f1", "restart f1"});
  EXPECT_EQ(s.nodes[1], (Peer{1, 0, 2}));
  EXPECT_EQ(s.timers[1], 1u);
}

TEST(ActorModelTest, AmnesiaLosesTheDurableFieldsToo) {
  const Model m(with_crash(CrashMode::Restart, true));
  const auto s = after(m, {"bump f1 to 1", "crash f1", "restart f1 (state lost)"});
  EXPECT_EQ(s.nodes[1], (Peer{0, 0, 1}));
}

TEST(ActorModelTest, CrashStopNeverRestartsAndNeverCrashRolesDoNotCrash) {
  const Model m(with_crash(CrashMode::Stop));
  const auto s0 = m.initial_states().front();
  for (const auto& l : enabled_labels(m, s0)) EXPECT_NE(l, "crash s");
  const auto s = after(m, {"crash f1"});
  for (const auto& l : enabled_labels(m, s)) {
    EXPECT_NE(l, "restart f1");
    EXPECT_NE(l, "bump f1 to 1");  // a down node takes no step
  }
}

TEST(ActorModelTest, UnchangedDeliveryIsNoStepOrConsumesByTheDeclaredRule) {
  PingPong p;
  p.followers = 1;
  p.faults.duplicate = 1;
  const Model keep(p);
  auto s = after(keep, {"duplicate Ping(v=1) s->f1", "deliver Ping(v=1) s->f1"});
  // The second copy would change nothing: delivering it is no step, and it stays in flight.
  std::vector<Action> as;
  keep.actions(s, as);
  size_t deliveries = 0;
  for (const auto& a : as)
    if (a.kind == ActionKind::Deliver && keep.action_label(s, a) == "deliver Ping(v=1) s->f1") {
      ++deliveries;
      EXPECT_FALSE(keep.next_state(s, a).has_value());
    }
  EXPECT_EQ(deliveries, 1u);
  p.unchanged = UnchangedDelivery::Consume;
  const Model consume(p);
  s = after(consume, {"duplicate Ping(v=1) s->f1", "deliver Ping(v=1) s->f1",
                      "deliver Ping(v=1) s->f1"});
  EXPECT_EQ(s.net().total(), 1u);  // only the Pong is left
}

TEST(ActorModelTest, CoverageKindsNameStepsTimersMessagesAndFaults) {
  const Model m(with_crash());
  EXPECT_EQ(m.action_kinds(),
            (std::vector<std::string>{"bump", "timeout tick", "deliver Ping", "deliver Pong",
                                      "crash", "restart"}));
  CheckOptions o = workers(2);
  o.coverage = true;
  const CheckResult r = check_model(m, o);
  ASSERT_EQ(r.coverage.size(), 6u);
  for (const auto& c : r.coverage) EXPECT_GT(c.count, 0u) << c.kind;
}

TEST(ActorModelTest, PropertiesOutliveTheModelTheyCameFrom) {
  auto made = std::make_unique<Model>(PingPong{});
  const Model copy = *made;
  made.reset();
  const CheckResult r = check_model(copy, workers(2));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  ASSERT_EQ(r.goals.size(), 1u);
  EXPECT_TRUE(r.goals[0].reached);
  testing_support::expect_canonical_and_deterministic(copy);
}

TEST(ActorModelTest, CorruptStateBytesAreAModelError) {
  const Model m(PingPong{});
  ByteSink sink;
  m.encode(m.initial_states().front(), sink);
  const std::string b(sink.view());
  for (size_t n = 0; n < b.size(); ++n) {
    ByteSource in(std::string_view(b.data(), n));
    EXPECT_THROW(m.decode(in), DecodeError) << n;
  }
}

// One node that sends itself a Ping it ignores: the delivery is enabled but is no step, so the
// initial state is a deadlock, and the report says why rather than "no action is enabled".
struct Ignorer {
  using Msg = Ping;
  using Node = Pongs;
  using Ghost = NoGhost;
  using Actor = dist::Actor<Ignorer>;
  ActorConfig<Ignorer> actor_config() const { return {.roles = {{.name = "n"}}}; }
  Node init(NodeId) const { return {}; }
  void on_start(Actor& self, Node&) const { self.send(self.self(), Ping{}); }
  void on_message(Actor&, Node&, NodeId, const Msg&) const {}
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<LocalStep<Ignorer>> local_steps() const { return {}; }
  ActorProperties<Ignorer> properties() const { return {}; }
};

TEST(ActorModelTest, ADeadlockWithOnlyNoStepDeliveriesSaysSo) {
  CheckOptions o = workers(1);
  o.check_deadlock = true;
  const CheckResult r = check_model(ActorModel<Ignorer>(Ignorer{}), o);
  ASSERT_EQ(r.verdict, Verdict::Deadlock);
  EXPECT_EQ(r.finding->reason,
            "no action leads anywhere from the last state: its 1 enabled action (e.g. 'deliver "
            "Ping(v=0) n1->n1') changes nothing");
}

// A step without its function, or for a role the protocol does not have, is a model error at
// construction, never a call through a null pointer during the search.
struct Incomplete : Ignorer {
  std::vector<LocalStep<Incomplete>> local_steps() const { return {{.name = "half", .role = 0}}; }
  ActorConfig<Incomplete> actor_config() const { return {.roles = {{.name = "n"}}}; }
  using Actor = dist::Actor<Incomplete>;
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node&, NodeId, const Msg&) const {}
  void on_timer(Actor&, Node&, unsigned) const {}
  ActorProperties<Incomplete> properties() const { return {}; }
};

TEST(ActorModelTest, AnIncompleteStepIsAModelError) {
  try {
    ActorModel<Incomplete> m(Incomplete{});
    FAIL() << "constructed";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("local step 'half'"), std::string::npos) << e.what();
  }
}

// Nodes n1..n3 (interchangeable) tell each peer once ("tell n1->n2": a step towards a peer)
// and remember whom they told; the ghost records the first crash and what the node had heard
// before it (ActorConfig::on_fault). The nodes are kept in an InlineVector (P::Nodes).
struct Hello {
  FAULTLINE_FIELDS(Hello)
};
struct Teller {
  NodeSet told;  // durable
  uint8_t heard = 0;
  FAULTLINE_FIELDS(Teller, told, heard)
  FAULTLINE_DURABLE(Teller, told)
};
struct FirstCrash {
  std::optional<NodeRef> node;
  uint8_t heard_before = 0;  // what the node had heard when it crashed
  FAULTLINE_FIELDS(FirstCrash, node, heard_before)
};
struct Gossip {
  using Msg = Hello;
  using Node = Teller;
  using Nodes = InlineVector<Teller, 3>;
  using Ghost = FirstCrash;
  using Actor = dist::Actor<Gossip>;
  using State = ActorState<Gossip>;
  static constexpr bool symmetric = true;
  unsigned count = 3;

  ActorConfig<Gossip> actor_config() const {
    return {.roles = {{.name = "n", .count = count, .symmetric = true}},
            .faults = {.crash = 1},
            .on_fault = [](const Gossip&, const State& before, State& after, const Action& a) {
              if (a.kind == ActionKind::Crash && !after.ghost.node && before.up(a.node) &&
                  !after.up(a.node))
                after.ghost = {a.node, before.nodes[a.node].heard};
            }};
  }
  Node init(NodeId) const { return {}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node& n, NodeId, const Msg&) const { ++n.heard; }
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<LocalStep<Gossip>> local_steps() const {
    return {{.name = "tell",
             .role = 0,
             .peers = 0,
             .enabled = [](const Gossip&, const State& s, NodeId n,
                           NodeId peer) { return !s.nodes[n].told.contains(peer); },
             .run =
                 [](const Gossip&, Actor& self, Node& n, NodeId peer) {
                   n.told.insert(peer);
                   self.send(peer, Hello{});
                 },
             .detail = [](const Gossip&, const State& s, NodeId n, NodeId) {
               return "(" + std::to_string(s.nodes[n].told.size()) + " told)";
             }}};
  }
  ActorProperties<Gossip> properties() const { return {}; }
};

TEST(ActorModelTest, StepsTowardsAPeerAreOnePerOtherNodeOfItsRole) {
  const ActorModel<Gossip> m(Gossip{});
  auto s = m.initial_states().front();
  std::vector<Action> as;
  m.actions(s, as);
  std::vector<std::string> got;
  for (const auto& a : as) got.push_back(m.action_label(s, a));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "tell n1->n2 (0 told)", "tell n1->n3 (0 told)", "tell n2->n1 (0 told)",
                     "tell n2->n3 (0 told)", "tell n3->n1 (0 told)", "tell n3->n2 (0 told)",
                     "crash n1", "crash n2", "crash n3"}));
  EXPECT_EQ(as[1], (Action{ActionKind::Local, 0, 0, 2}));  // the peer is the action's arg
  s = after(m, {"tell n1->n3 (0 told)"});
  EXPECT_EQ(s.nodes[0].told, NodeSet(0b100));
  EXPECT_EQ(s.net().total(), 1u);
  as.clear();
  m.actions(s, as);
  EXPECT_EQ(m.action_label(s, as[0]), "tell n1->n2 (1 told)");
  EXPECT_EQ(m.action_label(s, as[1]), "tell n2->n1 (0 told)");  // n1 told n3 already
  EXPECT_EQ(m.action_kinds(),
            (std::vector<std::string>{"tell", "deliver Hello", "crash", "restart"}));
  // Renaming the nodes renames the peers the steps go to.
  const size_t classes = testing_support::check_symmetry_contract(m);
  CheckOptions o = workers(2);
  o.symmetry = true;
  EXPECT_EQ(check_model(m, o).stats.distinct_states, classes);
}

TEST(ActorModelTest, OnFaultSeesTheStateBeforeAndAfterAFault) {
  const ActorModel<Gossip> m(Gossip{});
  auto s = after(m, {"tell n1->n2 (0 told)", "deliver Hello n1->n2", "crash n2"});
  ASSERT_TRUE(s.ghost.node);
  EXPECT_EQ(*s.ghost.node, 1);
  EXPECT_EQ(s.ghost.heard_before, 1);
  EXPECT_EQ(s.nodes[1].heard, 0);  // volatile, lost
  s = after(m, {"tell n1->n2 (0 told)", "deliver Hello n1->n2", "crash n2", "restart n2"});
  EXPECT_EQ(*s.ghost.node, 1);
  testing_support::expect_canonical_and_deterministic(m);
}

TEST(ActorModelTest, MoreNodesThanTheProtocolsNodesHoldIsAModelError) {
  Gossip p;
  p.count = 4;
  EXPECT_THROW(ActorModel<Gossip>{p}, ModelError);
}

// A step whose functions do not take the peer as `peers` says is a model error.
struct WrongArity : Gossip {
  using Actor = dist::Actor<WrongArity>;
  using State = ActorState<WrongArity>;
  bool with_peers = true;
  ActorConfig<WrongArity> actor_config() const { return {.roles = {{.name = "n", .count = 2}}}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node&, NodeId, const Msg&) const {}
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<LocalStep<WrongArity>> local_steps() const {
    LocalStep<WrongArity> st{.name = "tell",
                             .enabled = [](const WrongArity&, const State&,
                                           NodeId) { return true; },
                             .run = [](const WrongArity&, Actor&, Node&) {}};
    if (with_peers) st.peers = 0;
    st.detail = [](const WrongArity&, const State&, NodeId, NodeId) { return std::string(); };
    return {st};
  }
  ActorProperties<WrongArity> properties() const { return {}; }
};

TEST(ActorModelTest, AStepWhoseFunctionsDoNotTakeItsPeerIsAModelError) {
  for (const bool with_peers : {true, false}) {
    WrongArity p;
    p.with_peers = with_peers;
    EXPECT_THROW(ActorModel<WrongArity>{p}, ModelError) << with_peers;
  }
}

}  // namespace
}  // namespace faultline::dist
