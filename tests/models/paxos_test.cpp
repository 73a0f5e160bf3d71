// Tests of the "paxos" model: labels, ballot numbering, deterministic enumeration, encoding
// round trip, hand-derived state counts, parameter validation, and (through check_model) the
// correct protocol holding and each bug variant's pinned shortest counterexample.
#include "models/engines.hpp"
#include "models/paxos/paxos.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>
#include <string>

#include "core/errors.hpp"
#include "models/registry.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::paxos {
namespace {

Paxos config(unsigned p, unsigned a, unsigned v, unsigned b, Variant var = Variant::Correct) {
  Paxos c;
  c.proposers = p;
  c.acceptors = a;
  c.values = v;
  c.ballots = b;
  c.variant = var;
  return c;
}

using testing_support::after;
using testing_support::bytes;
using testing_support::explore_all;
using testing_support::workers;

// The model of a configuration.
PaxosModel model(const Paxos& c) { return PaxosModel(Paxos(c)); }

TEST(PaxosTest, BallotNumbering) {
  Paxos m(config(2, 3, 2, 3));
  EXPECT_EQ(m.ballot_of(0, 0), 1);
  EXPECT_EQ(m.ballot_of(0, 1), 3);
  EXPECT_EQ(m.ballot_of(0, 2), 5);
  EXPECT_EQ(m.ballot_of(1, 0), 2);
  EXPECT_EQ(m.ballot_of(1, 1), 4);
  Paxos shared(config(2, 3, 2, 3, Variant::SharedBallots));
  EXPECT_EQ(shared.ballot_of(0, 1), 2);
  EXPECT_EQ(shared.ballot_of(1, 1), 2);
  EXPECT_EQ(m.input_of(0), 1);
  EXPECT_EQ(m.input_of(1), 2);
  Paxos one_value(config(2, 3, 1, 1));
  EXPECT_EQ(one_value.input_of(1), 1);
}

TEST(PaxosTest, Quorums) {
  EXPECT_EQ(Paxos(config(2, 3, 2, 1)).q1(), 2u);
  EXPECT_EQ(Paxos(config(2, 4, 2, 1)).q2(), 3u);
  EXPECT_EQ(Paxos(config(2, 4, 2, 1, Variant::QuorumFloor)).q2(), 2u);
  EXPECT_EQ(Paxos(config(2, 3, 2, 1, Variant::QuorumFloor)).q1(), 2u);
  auto c = config(2, 3, 2, 1);
  c.q1_size = 1;
  c.q2_size = 3;
  Paxos f(c);
  EXPECT_EQ(f.q1(), 1u);
  EXPECT_EQ(f.q2(), 3u);
}

TEST(PaxosTest, InitialActionsAndLabels) {
  auto c = config(2, 3, 2, 1);
  c.faults.crash = 1;
  const PaxosModel m = model(c);
  Paxos::State s = m.initial_states().front();
  std::vector<dist::Action> as;
  m.actions(s, as);
  std::vector<std::string> labels;
  for (const auto& a : as) labels.push_back(m.action_label(s, a));
  EXPECT_EQ(labels, (std::vector<std::string>{"start p1 b=1", "start p2 b=2", "crash p1",
                                              "crash p2", "crash a1", "crash a2", "crash a3"}));
  s = after(m, {"start p1 b=1"});
  as.clear();
  m.actions(s, as);
  labels.clear();
  for (const auto& a : as) labels.push_back(m.action_label(s, a));
  EXPECT_EQ(labels[0], "start p2 b=2");
  EXPECT_EQ(labels[1], "deliver Prepare(b=1) p1->a1");
  EXPECT_EQ(labels[3], "deliver Prepare(b=1) p1->a3");
}

TEST(PaxosTest, HappyPathChoosesP1sValue) {
  const PaxosModel m = model(config(2, 3, 2, 1));
  Paxos::State s = after(m, {"start p1 b=1", "deliver Prepare(b=1) p1->a1",
                           "deliver Prepare(b=1) p1->a2", "deliver Promise(b=1) a1->p1",
                           "deliver Promise(b=1) a2->p1", "deliver Accept(b=1,v=1) p1->a1"});
  EXPECT_FALSE(m.properties().goals[0].reached(s));
  s = after(m, {"start p1 b=1", "deliver Prepare(b=1) p1->a1", "deliver Prepare(b=1) p1->a2",
                "deliver Promise(b=1) a1->p1", "deliver Promise(b=1) a2->p1",
                "deliver Accept(b=1,v=1) p1->a1", "deliver Accept(b=1,v=1) p1->a2",
                "deliver Accepted(b=1,v=1) a1->p1", "deliver Accepted(b=1,v=1) a2->p1"});
  EXPECT_TRUE(m.properties().goals[0].reached(s));
  EXPECT_EQ(s.node<Proposer>(0).phase, Phase::decided);
  auto chosen = m.protocol().chosen(s);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].value, 1);
  EXPECT_EQ(s.node<Acceptor>(2).acc_b, 1);
  // Stale messages are discarded: the Prepare to a3 is still useful, nothing else in flight
  // (Accept to a3 too).
  EXPECT_EQ(s.env.net.total(), 2u);
  // A promise now reports the accepted value; p2 (b=2) must adopt value 1.
  s = after(m, {"start p1 b=1", "deliver Prepare(b=1) p1->a1", "deliver Prepare(b=1) p1->a2",
                "deliver Promise(b=1) a1->p1", "deliver Promise(b=1) a2->p1",
                "deliver Accept(b=1,v=1) p1->a1", "start p2 b=2", "deliver Prepare(b=2) p2->a1",
                "deliver Prepare(b=2) p2->a2", "deliver Promise(b=2,vb=1,v=1) a1->p2",
                "deliver Promise(b=2) a2->p2"});
  EXPECT_EQ(s.node<Proposer>(1).phase, Phase::accepting);
  EXPECT_EQ(s.node<Proposer>(1).value, 1);
}

// 1 proposer, 1 acceptor, 1 value, 1 ballot, no faults: the run is a single chain
//   initial -> start -> Prepare delivered -> Promise delivered (Accept sent)
//   -> Accept delivered (value chosen) -> Accepted delivered (p1 decided)
// so 6 states, depth 5, the goal at depth 4.
TEST(PaxosTest, TinyConfigStateCountByHand) {
  const PaxosModel m = model(config(1, 1, 1, 1));
  EXPECT_EQ(explore_all(m, [](const Paxos::State&) {}), 6u);
  CheckOptions o;
  o.workers = 1;
  CheckResult r = check_model(m, o);
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 6u);
  EXPECT_EQ(r.stats.depth, 5u);
  ASSERT_EQ(r.goals.size(), 1u);
  EXPECT_TRUE(r.goals[0].reached);
  EXPECT_EQ(r.goals[0].depth, 4u);
}

// The same chain plus one crash: crash p1 or a1 at any of the 6 states. A crashed a1 keeps
// its state (no volatile part), so "crashed a1" doubles each of the 6 states: 6 more.
// A crashed p1 loses its ballot in progress: from states 0..5 it gives p1 idle with
// ballots_used 0 (state 0 only) or 1 with the acceptor in each of its reachable conditions;
// rather than by hand this count is cross-checked between the engine and the independent BFS.
TEST(PaxosTest, EngineMatchesIndependentBfs) {
  for (auto c : {config(1, 1, 1, 1), config(2, 3, 2, 1), config(2, 2, 2, 1)}) {
    c.faults.crash = 1;
    c.faults.drop = 1;
    const PaxosModel m = model(c);
    size_t n = explore_all(m, [](const Paxos::State&) {});
    CheckOptions o;
    o.workers = 2;
    CheckResult r = check_model(m, o);
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, n);
  }
}

TEST(PaxosTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(2, 2, 2, 1);
  c.faults.drop = c.faults.duplicate = c.faults.crash = c.faults.partition = 1;
  const PaxosModel m = model(c);
  size_t checked = 0;
  explore_all(m, [&](const Paxos::State& s) {
    std::string b = bytes(m, s);
    ByteSource src(b);
    Paxos::State back = m.decode(src);
    ASSERT_TRUE(src.done());
    ASSERT_EQ(back, s);
    ASSERT_EQ(bytes(m, back), b);
    std::vector<dist::Action> a1, a2;
    m.actions(s, a1);
    m.actions(back, a2);
    ASSERT_EQ(a1, a2);
    for (const auto& a : a1)
      ASSERT_EQ(bytes(m, *m.next_state(s, a)), bytes(m, *m.next_state(back, a)));
    ++checked;
  });
  EXPECT_GT(checked, 1000u);
  EXPECT_EQ(checked, check_model(m, workers(2)).stats.distinct_states);
}

// FIFO channels forbid a message overtaking an older one on the same channel. In Paxos with
// durable promises that never matters: a proposer's messages to one acceptor carry
// non-decreasing ballots, and whatever the later one overtakes becomes useless and is
// discarded, giving the same state as in-order delivery. So FIFO must reach exactly the
// multiset's states (a FIFO that lost or invented orders would change the count).
TEST(PaxosTest, FifoNetworkReachesTheSameStates) {
  for (unsigned dup : {0u, 1u}) {
    auto c = config(2, 3, 2, 1);
    c.faults.duplicate = static_cast<uint8_t>(dup);
    c.network = dist::NetworkMode::Fifo;
    CheckResult fifo = check_model(model(c), workers(2));
    c.network = dist::NetworkMode::Multiset;
    CheckResult multiset = check_model(model(c), workers(2));
    EXPECT_EQ(fifo.verdict, Verdict::Holds);
    EXPECT_EQ(fifo.stats.distinct_states, multiset.stats.distinct_states);
    EXPECT_EQ(multiset.stats.distinct_states, dup ? 28064u : 3870u);
  }
}

struct Expected {
  Paxos config;
  std::string property;
  size_t length;
};

TEST(PaxosTest, CorrectHolds) {
  const PaxosModel m = model(config(2, 3, 2, 1));
  CheckResult r = check_model(m, workers(2));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 3870u);
  const PaxosModel two = model(config(2, 3, 2, 2));
  r = check_model(two, workers(2));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 493886u);
}

TEST(PaxosTest, VariantsShortestCounterexamples) {
  auto floor4 = config(2, 4, 2, 1, Variant::QuorumFloor);
  auto forget = config(2, 3, 2, 1, Variant::ForgetPromiseOnRestart);
  forget.faults.crash = 1;
  auto flexible = config(2, 3, 2, 1);
  flexible.q1_size = 1;
  flexible.q2_size = 2;
  std::vector<Expected> cases = {
      {forget, "PromiseMonotonic", 4},
      {config(2, 3, 2, 1, Variant::IgnorePromisedValues), "Agreement", 14},
      {config(2, 3, 2, 2, Variant::AdoptAnyValue), "Agreement", 20},
      {floor4, "Agreement", 14},
      {config(2, 3, 2, 1, Variant::SharedBallots), "Agreement", 14},
      {flexible, "Agreement", 10},
  };
  for (const auto& e : cases) {
    const PaxosModel m = model(e.config);
    CheckResult r = check_model(m, workers(2));
    ASSERT_EQ(r.verdict, Verdict::Violation) << e.property;
    ASSERT_TRUE(r.finding);
    EXPECT_EQ(r.finding->property, e.property);
    EXPECT_EQ(r.finding->trace.steps.size(), e.length) << e.property;
  }
}

TEST(PaxosTest, TooSmallBoundsHideBugs) {
  for (auto c :
       {config(2, 3, 2, 1, Variant::AdoptAnyValue), config(2, 3, 2, 1, Variant::QuorumFloor)}) {
    CheckResult r = check_model(model(c), workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, 3870u);
  }
}

// Forget-promise-on-restart with PromiseMonotonic left out: what the lost promise leads to.
TEST(PaxosTest, ForgetPromiseBreaksAgreement) {
  auto c = config(2, 3, 2, 1, Variant::ForgetPromiseOnRestart);
  c.faults.crash = 1;
  CheckResult r = check_model(model(c).without(PropertyKind::Step), workers(2));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->property, "Agreement");
  EXPECT_EQ(r.finding->trace.steps.size(), 16u);
  // The same configuration with durable promises holds.
  c.variant = Variant::Correct;
  EXPECT_EQ(check_model(model(c), workers(2)).verdict, Verdict::Holds);
}

TEST(PaxosTest, ReplayedTracesCarryChartEvents) {
  using K = ChartEventKind;
  auto c = config(2, 3, 2, 1, Variant::ForgetPromiseOnRestart);
  c.faults.crash = 1;
  CheckResult r = check_model(model(c), workers(2));
  ASSERT_TRUE(r.finding);
  const Trace& t = r.finding->trace;
  EXPECT_EQ(t.lanes, (std::vector<std::string>{"p1", "p2", "a1", "a2", "a3"}));
  ASSERT_EQ(t.steps.size(), 4u);
  EXPECT_EQ(t.steps[0].events, (std::vector<ChartEvent>{{K::Local, 1, kNoLane, "start p2 b=2"},
                                                         {K::Send, 1, 2, "Prepare(b=2)"},
                                                         {K::Send, 1, 3, "Prepare(b=2)"},
                                                         {K::Send, 1, 4, "Prepare(b=2)"}}));
  EXPECT_EQ(t.steps[1].events, (std::vector<ChartEvent>{{K::Deliver, 1, 4, "Prepare(b=2)"},
                                                         {K::Send, 4, 1, "Promise(b=2)"}}));
  EXPECT_EQ(t.steps[2].events, (std::vector<ChartEvent>{{K::Crash, 4, kNoLane, ""}}));
  EXPECT_EQ(t.steps[3].events,
            (std::vector<ChartEvent>{{K::Restart, 4, kNoLane, "state lost"}}));
}

TEST(PaxosTest, ExplanationsNameAcceptorsBallotsAndValues) {
  const PaxosModel m = model(config(2, 3, 2, 1, Variant::IgnorePromisedValues));
  CheckResult r = check_model(m, workers(2));
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->reason, "value 1 chosen by {a1,a2} at b=1 and value 2 by {a1,a2} at b=2");

  Paxos::State s = m.initial_states().front();
  s.nodes[3] = Acceptor{.promised = 1, .acc_b = 2, .acc_v = 1};
  const auto& inv = m.properties().invariants;
  ASSERT_EQ(inv[2].name, "AcceptedBelowPromise");
  EXPECT_FALSE(inv[2].holds(s));
  EXPECT_EQ(inv[2].explain(s), "a2 accepted b=2 but promised only b=1");
  s.ghost.votes = {{1, 2, dist::NodeSet(0b11100)}};
  ASSERT_EQ(inv[1].name, "Validity");
  EXPECT_FALSE(inv[1].holds(s));
  EXPECT_EQ(inv[1].explain(s), "value 2 chosen by {a1,a2,a3} at b=1, but no proposer proposed it");
  s.ghost.proposed = 1u << 2;
  EXPECT_TRUE(inv[1].holds(s));
}

TEST(PaxosTest, ParametersAndVariants) {
  ModelInfo info = paxos_model_info();
  EXPECT_EQ(info.name, "paxos");
  ASSERT_FALSE(info.variants.empty());
  EXPECT_EQ(info.variants[0].name, "correct");
  const auto defaults = ParamValues::resolve(info.params, {}, "spec");
  for (const auto& v : info.variants) EXPECT_NO_THROW(info.make(defaults, v.name)) << v.name;
  EXPECT_EQ(info.variants.size(), 6u);
  for (const char* key : {"drop", "duplicate", "crash", "partition"}) {
    bool found = false;
    for (const auto& p : info.params) found |= p.name == key && p.section == "faults";
    EXPECT_TRUE(found) << key;
  }
  auto values = ParamValues::resolve(info.params, {{"q1", "5"}}, "spec");
  try {
    info.make(values, "correct");
    FAIL() << "q1 > acceptors accepted";
  } catch (const SpecError& e) {
    EXPECT_STREQ(e.what(), "params.q1 = 5: must be at most acceptors (3)");
  }
  EXPECT_THROW(info.make(defaults, "no-such-variant"), SpecError);
  auto ok = ParamValues::resolve(info.params, {{"ballots", "1"}}, "spec");
  auto runner = info.make(ok, "correct");
  EXPECT_EQ(runner->check(workers(1)).stats.distinct_states, 3870u);
}

}  // namespace
}  // namespace faultline::paxos
