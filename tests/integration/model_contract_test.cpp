// The model contract (trace/model_self_check.hpp) on every registered model and variant, and
// the mistakes it names: a field that steers the model but is left out of the encoding, an
// enumeration that is not deterministic, a decode that does not mirror its encode.
#include <gtest/gtest.h>

#include "core/model_info.hpp"
#include "dist/actor_model.hpp"
#include "trace/model_self_check.hpp"

namespace faultline {
namespace {

TEST(ModelContract, EveryRegisteredModelAndVariantKeepsIt) {
  for (const auto& info : all_models()) {
    const auto values = ParamValues::resolve(info.params, {}, "spec");
    for (const auto& variant : info.variants) {
      const SelfCheckReport r = info.make(values, variant.name)->self_check(1500);
      EXPECT_GT(r.states, 0u) << info.name << " " << variant.name;
      EXPECT_TRUE(r.problems.empty())
          << info.name << " " << variant.name << ": " << r.problems.front();
    }
  }
}

// A node whose `hidden` member steers its step but is not among its FAULTLINE_FIELDS.
struct Leaky {
  uint8_t counted = 0;
  uint8_t hidden = 0;  // left out of the fields below: the mistake
  FAULTLINE_FIELDS(Leaky, counted)
};

struct LeakyProtocol {
  using Msg = dist::NoGhost;
  using Node = Leaky;
  using Ghost = dist::NoGhost;
  using Actor = dist::Actor<LeakyProtocol>;
  dist::ActorConfig<LeakyProtocol> actor_config() const { return {.roles = {{.name = "n"}}}; }
  Node init(dist::NodeId) const { return {}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node&, dist::NodeId, const Msg&) const {}
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<LeakyProtocol>> local_steps() const {
    return {{.name = "step",
             .role = 0,
             .enabled = [](const LeakyProtocol&, const dist::ActorState<LeakyProtocol>& s,
                           dist::NodeId n) { return s.nodes[n].hidden < 1; },
             .run = [](const LeakyProtocol&, Actor&, Node& n) { ++n.hidden; },
             .detail = nullptr}};
  }
  dist::ActorProperties<LeakyProtocol> properties() const { return {}; }
};

TEST(ModelContract, AFieldLeftOutOfTheStateIsNamed) {
  const auto r = self_check_model(dist::ActorModel<LeakyProtocol>(LeakyProtocol{}), 100);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems.front().find("a field that steers the model is not encoded"),
            std::string::npos)
      << r.problems.front();
}

// A node whose step is enabled where it changes nothing (a guard that should have excluded it).
struct Idle {
  bool on = false;
  FAULTLINE_FIELDS(Idle, on)
};
struct IdleProtocol {
  using Msg = dist::NoGhost;
  using Node = Idle;
  using Ghost = dist::NoGhost;
  using Actor = dist::Actor<IdleProtocol>;
  dist::ActorConfig<IdleProtocol> actor_config() const { return {.roles = {{.name = "n"}}}; }
  Node init(dist::NodeId) const { return {}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node&, dist::NodeId, const Msg&) const {}
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<IdleProtocol>> local_steps() const {
    return {{.name = "switch on",
             .role = 0,
             .enabled = [](const IdleProtocol&, const dist::ActorState<IdleProtocol>&,
                           dist::NodeId) { return true; },  // the mistake: also when on
             .run = [](const IdleProtocol&, Actor&, Node& n) { n.on = true; },
             .detail = nullptr}};
  }
  dist::ActorProperties<IdleProtocol> properties() const { return {}; }
};

TEST(ModelContract, AStepThatChangesNothingIsNamed) {
  const auto r = self_check_model(dist::ActorModel<IdleProtocol>(IdleProtocol{}), 100);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems.front(),
            "after [switch on n1]: 'switch on n1' changes nothing (a step from the state to itself: "
            "its guard lets it run where it has no effect)");
}

// Two interchangeable nodes, each pinging the other once; Id is how a node keeps the other's
// id: a NodeRef (renamed with the nodes) or a plain integer (not renamed: the mistake).
struct Ping {
  FAULTLINE_FIELDS(Ping)
};
template <class Id>
struct Buddy {
  Id buddy{};
  bool pinged = false, got = false;
  FAULTLINE_FIELDS(Buddy, buddy, pinged, got)
};
template <class Id>
struct BuddyProtocol {
  using Msg = Ping;
  using Node = Buddy<Id>;
  using Ghost = dist::NoGhost;
  using Actor = dist::Actor<BuddyProtocol>;
  using State = dist::ActorState<BuddyProtocol>;
  static constexpr bool symmetric = true;
  dist::ActorConfig<BuddyProtocol> actor_config() const {
    return {.roles = {
                {.name = "n", .count = 2, .crash = dist::CrashMode::Never, .symmetric = true}}};
  }
  Node init(dist::NodeId n) const { return Node{.buddy = Id(static_cast<uint8_t>(1 - n))}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor&, Node& n, dist::NodeId, const Msg&) const { n.got = true; }
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<BuddyProtocol>> local_steps() const {
    return {{.name = "ping",
             .enabled = [](const BuddyProtocol&, const State& s,
                           dist::NodeId n) { return !s.nodes[n].pinged; },
             .run =
                 [](const BuddyProtocol&, Actor& self, Node& n) {
                   n.pinged = true;
                   self.send(n.buddy, Ping{});
                 }}};
  }
  dist::ActorProperties<BuddyProtocol> properties() const { return {}; }
};

TEST(ModelContract, ANodeIdThatSymmetryDoesNotRenameIsNamed) {
  const auto bad = self_check_model(dist::ActorModel(BuddyProtocol<uint8_t>{}), 100);
  ASSERT_FALSE(bad.problems.empty());
  EXPECT_NE(bad.problems.front().find("renaming the nodes (0->1, 1->0) does not rename the "
                                      "successors"),
            std::string::npos)
      << bad.problems.front();
  const auto good = self_check_model(dist::ActorModel(BuddyProtocol<dist::NodeRef>{}), 100);
  EXPECT_TRUE(good.problems.empty()) << good.problems.front();
  EXPECT_GT(good.states, 3u);
}

// Hand-written models with one mistake each.
struct Flaky {
  struct State {
    int x = 0;
  };
  using Action = int;
  bool reorder_decode = false;
  mutable int calls = 0;
  std::vector<State> initial_states() const { return {State{}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.x < 3) out.push_back(reorder_decode ? 1 : 1 + (++calls % 2));  // flips per call
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    return State{s.x + a};
  }
  std::string action_label(const State&, const Action& a) const { return "add " + std::to_string(a); }
  void encode(const State& s, ByteSink& out) const {
    out.u8(static_cast<uint8_t>(s.x));
    out.u8(7);
  }
  State decode(ByteSource& in) const {
    State s;
    if (reorder_decode) {
      in.u8();
      s.x = in.u8();  // reads the fields in the wrong order
    } else {
      s.x = in.u8();
      in.u8();
    }
    return s;
  }
  void describe(const State& s, FieldWriter& w) const { w.field("x", s.x); }
  const PropertySet<State>& properties() const { return props; }
  PropertySet<State> props;
};

TEST(ModelContract, NondeterministicEnumerationIsNamed) {
  const auto r = self_check_model(Flaky{}, 100);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems.front().find("not deterministic"), std::string::npos)
      << r.problems.front();
}

TEST(ModelContract, ADecodeThatDoesNotMirrorEncodeIsNamed) {
  Flaky m;
  m.reorder_decode = true;
  const auto r = self_check_model(m, 100);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems.front().find("encode, decode, encode gives other bytes"),
            std::string::npos)
      << r.problems.front();
}

}  // namespace
}  // namespace faultline
