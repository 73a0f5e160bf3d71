// Tests of the actor layer's short forms (dist/actor_model.hpp): the Protocol base, nodes
// built from their role's state when there is no init, start and message hooks written per
// role state (a role without one ignores the event), local steps on a role's state with the
// role inferred from it, the state helpers properties use (node, all, every, any,
// in_flight_to), FAULTLINE_SIGNALS, and the model errors for a missing timer hook and a step
// whose functions take another role's state.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dist/actor_model.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::dist {
namespace protocol_test {  // named: the unity build puts it beside actor_model_test.cpp

FAULTLINE_SIGNALS(Hello, Welcome)

struct Hub {
  NodeSet members;
  FAULTLINE_FIELDS(Hub, members)
};
struct Worker {
  bool joined = false, welcomed = false;
  uint8_t starts = 0;
  FAULTLINE_FIELDS(Worker, joined, welcomed, starts)
};
struct Observer {
  FAULTLINE_FIELDS(Observer)
};

// A hub h, workers w1..wN and an observer o. A worker joins (local step "join": Hello to h);
// h adds it to its members and answers Welcome to it and to o. o has no message hook, so a
// Welcome to it is never a step. Each worker counts its starts.
struct Club : Protocol<Club, std::variant<Hello, Welcome>, ByRole<Hub, Worker, Observer>> {
  unsigned workers = 1;
  FaultBudget faults;

  Config actor_config() const {
    return {.roles = {{.name = "h", .numbered = false},
                      {.name = "w", .count = workers},
                      {.name = "o", .numbered = false}},
            .faults = faults};
  }
  void on_start(Actor&, Worker& w) const { ++w.starts; }
  void on_message(Actor& self, Hub& h, NodeId from, const Msg&) const {
    h.members.insert(from);
    self.send(from, Welcome{});
    self.broadcast(2, Welcome{});
  }
  void on_message(Actor&, Worker& w, NodeId, const Msg&) const { w.welcomed = true; }
  Steps local_steps() const {
    return {{.name = "join",
             .enabled = [](const Worker& w) { return !w.joined; },
             .run =
                 [](Actor& self, Worker& w) {
                   w.joined = true;
                   self.send(0, Hello{});
                 }}};
  }
  Properties properties() const {
    return {.invariants = {{"MembersJoined", "every member of h has joined",
                            [](const Club&, const State& s) -> Failure {
                              for (auto [n, w] : s.all<Worker>())
                                if (s.node<Hub>(0).members.contains(n) && !w.joined)
                                  return "w" + std::to_string(n) + " is a member but never joined";
                              return {};
                            }}},
            .goals = {{"AllWelcomed", "every worker is welcomed",
                       [](const Club&, const State& s) {
                         return s.every<Worker>([](const Worker& w) { return w.welcomed; });
                       }},
                      {"WelcomeOnItsWay", "a Welcome to a worker is in flight",
                       [](const Club&, const State& s) {
                         return s.any<Worker>(
                             [&](NodeId n, const Worker&) { return s.in_flight_to(n); });
                       }}}};
  }
};

using ClubModel = ActorModel<Club>;
using testing_support::enabled_labels;

TEST(ActorProtocolTest, RoleStatesHooksAndStepsByRole) {
  const ClubModel m(Club{});
  const Club::State s0 = m.initial_states().front();
  // No init: each node holds its role's state; on_start ran for the worker only.
  ASSERT_TRUE(std::holds_alternative<Hub>(s0.nodes[0]));
  EXPECT_EQ(s0.node<Worker>(1).starts, 1u);
  ASSERT_TRUE(std::holds_alternative<Observer>(s0.nodes[2]));
  EXPECT_EQ(enabled_labels(m, s0), (std::vector<std::string>{"join w1"}));

  const auto s1 = testing_support::after(m, {"join w1"});
  EXPECT_TRUE(s1.node<Worker>(1).joined);
  const auto s2 = testing_support::after(m, {"join w1", "deliver Hello w1->h"});
  EXPECT_TRUE(s2.node<Hub>(0).members.contains(1));
  EXPECT_TRUE(s2.in_flight_to(1));
  EXPECT_TRUE(s2.in_flight_to(2));
  // The observer has no message hook: delivering to it changes nothing, so it is no step and
  // the Welcome stays in flight.
  std::vector<Action> as;
  m.actions(s2, as);
  const std::string to_o = "deliver Welcome h->o";
  const auto it = std::find_if(as.begin(), as.end(),
                               [&](const Action& a) { return m.action_label(s2, a) == to_o; });
  ASSERT_NE(it, as.end());
  EXPECT_FALSE(m.next_state(s2, *it).has_value());
}

// Four states by hand (one worker, no faults): start; w1 joined with Hello in flight; h
// welcomed w1 (Welcome to w1 and to o in flight); w1 welcomed (o's Welcome stays, never a
// step).
TEST(ActorProtocolTest, StateSpaceCountedByHandAndGoalsFromTheHelpers) {
  const ClubModel m(Club{});
  const CheckResult r = check_model(m, testing_support::workers(1));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 4u);
  testing_support::expect_model_contract(m);
  CheckOptions goal = testing_support::workers(1);
  goal.witness_goal = "AllWelcomed";
  const CheckResult welcomed = check_model(m, goal);
  ASSERT_TRUE(welcomed.finding.has_value());
  EXPECT_EQ(welcomed.finding->trace.steps.size(), 3u);
}

TEST(ActorProtocolTest, CrashAndRestartRunTheRoleStartHookAgain) {
  Club c;
  c.faults.crash = 1;
  const ClubModel m(c);
  const auto s = testing_support::after(m, {"crash w1", "restart w1"});
  EXPECT_EQ(s.node<Worker>(1).starts, 1u);  // volatile: reset by the crash, then started again
}

// Declares a timer but no on_timer.
struct Forgetful : Protocol<Forgetful, Hello, Worker> {
  Config actor_config() const { return {.roles = {{.name = "w"}}, .timers = {"retry"}}; }
  void on_message(Actor&, Worker&, NodeId, const Msg&) const {}
  Properties properties() const { return {}; }
};

// A step declared for role 0 (h) whose functions take a worker's state.
struct Misrouted : Protocol<Misrouted, Hello, ByRole<Hub, Worker>> {
  Config actor_config() const { return {.roles = {{.name = "h"}, {.name = "w"}}}; }
  void on_message(Actor&, Hub&, NodeId, const Msg&) const {}
  Steps local_steps() const {
    return {{.name = "join",
             .role = 0,
             .enabled = [](const Worker& w) { return !w.joined; },
             .run = [](Worker& w) { w.joined = true; }}};
  }
  Properties properties() const { return {}; }
};

template <class P>
std::string model_error() {
  try {
    ActorModel<P> m{P{}};
  } catch (const ModelError& e) {
    return e.what();
  }
  return "no model error";
}

TEST(ActorProtocolTest, MissingTimerHookAndAStepOnAnotherRolesStateAreModelErrors) {
  EXPECT_EQ(model_error<Forgetful>(),
            "model error: the protocol declares timers but no on_timer(Actor&, Node&, unsigned "
            "timer) handler");
  EXPECT_EQ(model_error<Misrouted>(),
            "model error: local step 'join' is of role 0 but a function of it takes the state "
            "of role 1");
}

}  // namespace protocol_test
}  // namespace faultline::dist
