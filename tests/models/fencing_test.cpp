// Tests of the "fencing" model: a lock-holder's read-modify-write by labels, deterministic
// enumeration and encoding, a hand-counted configuration, pinned counts for correct designs
// (with lock-service crashes and pauses), each variant's pinned shortest counterexample (its
// replay, the same for 1, 2, 4 workers), FencingMonotonic on its own, the chart events of a
// counterexample, and the registration.
#include "models/fencing/fencing.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "models/fencing/fencing_info.hpp"
#include "tests/models/model_test_support.hpp"
#include "trace/check_model.hpp"

namespace faultline::fencing {
namespace {

using testing_support::after;
using testing_support::explore_all;
using testing_support::workers;

FencingConfig config(unsigned clients, unsigned horizon, Variant v = Variant::Correct) {
  FencingConfig c;
  c.clients = clients;
  c.duration = 2;
  c.margin = 0;
  c.tokens = 2;
  c.time.horizon = static_cast<uint8_t>(horizon);
  c.variant = v;
  return c;
}

TEST(FencingTest, ReadModifyWriteUnderALease) {
  FencingModel m(config(2, 3));
  FencingState s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->l",
                             "deliver Grant(at=0,token=1) l->c1", "read c1 (token 1)",
                             "deliver Read(token=1) c1->s", "deliver Value(token=1,v=0) s->c1",
                             "c1 checks its lease (clock 0 < 2)", "write c1 (token 1, v=1)",
                             "deliver Write(token=1,v=1) c1->s"});
  EXPECT_EQ(s.storage.value, 1);
  EXPECT_EQ(s.storage.max_token, 1);
  EXPECT_EQ(s.storage.writes, 1);
  EXPECT_EQ(s.clients[0].op, Op::Done);
  // The next holder gets token 2; a read with token 1 is then rejected.
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->l",
                "deliver Grant(at=0,token=1) l->c1", "read c1 (token 1)", "tick t=1", "tick t=2",
                "request c2 (clock 2)", "deliver Request(at=2) c2->l",
                "deliver Grant(at=2,token=2) l->c2", "read c2 (token 2)",
                "deliver Read(token=2) c2->s", "deliver Read(token=1) c1->s"});
  EXPECT_EQ(s.storage.max_token, 2);
  ASSERT_EQ(s.env.net.net.total(), 2u);  // Value(token=2) to c2, Rejected(token=1) to c1
  EXPECT_EQ(s.env.net.net[0].env.msg.type, MsgType::Rejected);
}

TEST(FencingTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(2, 2);
  c.faults.crash = 1;
  c.faults.drop = 1;
  c.time.pauses = 1;
  EXPECT_GT(testing_support::expect_canonical_and_deterministic(FencingModel(c)), 1000u);
}

TEST(FencingTest, OneClientCountedByHand) {
  // One client, horizon 0 (time never passes): one lease and one read-modify-write, a line of
  // 10 states: idle, Request in flight, Grant in flight, holding, Read in flight, Value in
  // flight, value read, checked, Write in flight, written.
  FencingModel m(config(1, 0));
  CheckResult r = check_model(m, workers(1));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 10u);
  EXPECT_EQ(r.stats.depth, 9u);
}

TEST(FencingTest, CorrectHoldsWithPinnedCounts) {
  struct Case {
    FencingConfig config;
    uint64_t states;
  };
  auto crash = config(2, 3);
  crash.faults.crash = 1;
  auto pause = config(2, 3);
  pause.time.pauses = 1;
  for (const auto& [c, states] :
       {Case{config(2, 3), 11244u}, Case{crash, 54322u}, Case{pause, 45186u}}) {
    FencingModel m(c);
    CheckResult r = check_model(m, workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, states);
    EXPECT_EQ(r.stats.distinct_states, explore_all(m, [](const FencingState&) {}));
    for (const auto& g : r.goals) EXPECT_TRUE(g.reached) << g.name;
  }
}

TEST(FencingTest, VariantsShortestCounterexamples) {
  auto forgot = config(2, 3, Variant::CounterForgotten);
  forgot.faults.crash = 1;
  testing_support::expect_shortest_counterexample(
      FencingModel(config(2, 3, Variant::NoTokenCheck)), "NoWriteFromDeposedHolder", 20);
  testing_support::expect_shortest_counterexample(FencingModel(forgot),
                                                  "NoWriteFromDeposedHolder", 20);
  testing_support::expect_shortest_counterexample(
      FencingModel(config(2, 3, Variant::UncheckedRead)), "NoLostUpdate", 20);
}

// The step property alone: with the invariants left out, the unfenced storage shows the
// paused-client write landing with an older token.
TEST(FencingTest, FencingMonotonicCatchesTheUnfencedStorage) {
  using StepOnly = testing_support::StepPropertiesOnly<FencingModel>;
  testing_support::expect_shortest_counterexample(
      StepOnly(config(2, 3, Variant::NoTokenCheck)), "FencingMonotonic", 20);
  EXPECT_EQ(check_model(StepOnly(config(2, 3, Variant::UncheckedRead)), workers(2)).verdict,
            Verdict::Holds);  // a lost update keeps tokens in order
}

// The counter-forgotten counterexample as a sequence chart: lanes l, c1, c2, s; the lock
// service's crash and restart on its lane; messages between clients, l and s.
TEST(FencingTest, ReplayedTracesCarryChartEvents) {
  using K = ChartEventKind;
  auto c = config(2, 3, Variant::CounterForgotten);
  c.faults.crash = 1;
  CheckResult r = check_model(FencingModel(c), workers(2));
  ASSERT_TRUE(r.finding);
  const Trace& t = r.finding->trace;
  EXPECT_EQ(t.lanes, (std::vector<std::string>{"l", "c1", "c2", "s"}));
  ASSERT_EQ(t.steps.size(), 20u);
  EXPECT_EQ(t.steps[2].events, (std::vector<ChartEvent>{{K::Crash, 0, kNoLane, ""}}));
  EXPECT_EQ(t.steps[5].events, (std::vector<ChartEvent>{{K::Restart, 0, kNoLane, ""}}));
  EXPECT_EQ(t.steps[10].events, (std::vector<ChartEvent>{{K::Deliver, 2, 3, "Read(token=1)"},
                                                         {K::Send, 3, 2, "Value(token=1,v=0)"}}));
}

TEST(FencingTest, ParametersAndVariants) {
  ModelInfo info = fencing_model_info();
  EXPECT_EQ(info.name, "fencing");
  ASSERT_EQ(info.variants.size(), 4u);
  for (const char* key : {"clients", "duration", "margin", "tokens", "horizon", "drift", "pause",
                          "pause_ticks", "crash"}) {
    bool found = false;
    for (const auto& p : info.params) found |= p.name == key;
    EXPECT_TRUE(found) << key;
  }
  auto bad = ParamValues::resolve(info.params, {{"margin", "3"}, {"duration", "3"}}, "spec");
  EXPECT_THROW(info.make(bad, "correct"), SpecError);
  auto ok = ParamValues::resolve(info.params, {}, "spec");
  EXPECT_THROW(info.make(ok, "no-such-variant"), SpecError);
  EXPECT_EQ(info.make(ok, "correct")->check(workers(1)).verdict, Verdict::Holds);
}

}  // namespace
}  // namespace faultline::fencing
