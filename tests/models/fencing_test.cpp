// Tests of the "fencing" model: a lock-holder's read-modify-write by labels, deterministic
// enumeration and encoding, a hand-counted configuration, pinned counts for correct designs
// (with lock-service crashes and pauses), each variant's pinned shortest counterexample (its
// replay, the same for 1, 2, 4 workers), FencingMonotonic on its own, the chart events of a
// counterexample, the registration, and symmetry: clients interchangeable, and with
// unbounded time (horizon 0) time shifted (the interval contract on every class, the
// quotient against a depth-bounded search of the unreduced model, the same verdicts and
// shortest counterexamples as with a horizon, real traces).
#include "models/engines.hpp"
#include "models/fencing/fencing.hpp"

#include <gtest/gtest.h>


#include <string>

#include "core/errors.hpp"
#include "models/registry.hpp"
#include "testing/model_contracts.hpp"
#include "tests/cli/cli_support.hpp"
#include "trace/check_model.hpp"

namespace faultline::fencing {
namespace {

using testing_support::after;
using testing_support::explore_all;
using testing_support::workers;

Fencing config(unsigned clients, unsigned horizon, Variant v = Variant::Correct) {
  Fencing c;
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
  Fencing::State s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->l",
                             "deliver Grant(at=0,token=1,grant=1) l->c1", "read c1 (token 1)",
                             "deliver Read(token=1) c1->s", "deliver Value(token=1,v=0) s->c1",
                             "check lease c1 (clock 0 < 2)", "write c1 (token 1, v=1)",
                             "deliver Write(token=1,v=1,grant=1) c1->s"});
  EXPECT_EQ(Fencing::storage(s).value, 1);
  EXPECT_EQ(Fencing::storage(s).max_token, 1);
  EXPECT_EQ(s.ghost.written.size(), 1u);
  EXPECT_EQ(s.node<Client>(1).op, Op::done);
  // The next holder gets token 2; a read with token 1 is then rejected.
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->l",
                "deliver Grant(at=0,token=1,grant=1) l->c1", "read c1 (token 1)", "tick t=1",
                "tick t=2",
                "request c2 (clock 2)", "deliver Request(at=2) c2->l",
                "deliver Grant(at=2,token=2,grant=2) l->c2", "read c2 (token 2)",
                "deliver Read(token=2) c2->s", "deliver Read(token=1) c1->s"});
  EXPECT_EQ(Fencing::storage(s).max_token, 2);
  ASSERT_EQ(s.net().total(), 2u);  // Value(token=2) to c2, Rejected(token=1) to c1
  EXPECT_TRUE(std::holds_alternative<Rejected>(s.net()[0].env.msg.msg));
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
    Fencing config;
    uint64_t states;
  };
  auto crash = config(2, 3);
  crash.faults.crash = 1;
  auto pause = config(2, 3);
  pause.time.pauses = 1;
  for (const auto& [c, states] :
       {Case{config(2, 3), 9556u}, Case{crash, 40980u}, Case{pause, 38434u}}) {
    FencingModel m(c);
    CheckResult r = check_model(m, workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, states);
    EXPECT_EQ(r.stats.distinct_states, explore_all(m, [](const Fencing::State&) {}));
    for (const auto& g : r.goals) EXPECT_TRUE(g.reached) << g.name;
  }
}

// A duplicated Write is one read-modify-write: delivered twice in a row it sets the same value
// and counts once (counting deliveries made NoLostUpdate fail on the correct design), and the
// correct design holds with duplication.
TEST(FencingTest, ADuplicatedWriteIsOneIncrement) {
  auto c = config(2, 2);
  c.faults.duplicate = 1;
  FencingModel m(c);
  Fencing::State s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->l",
                             "deliver Grant(at=0,token=1,grant=1) l->c1", "read c1 (token 1)",
                             "deliver Read(token=1) c1->s", "deliver Value(token=1,v=0) s->c1",
                             "check lease c1 (clock 0 < 2)", "write c1 (token 1, v=1)",
                             "duplicate Write(token=1,v=1,grant=1) c1->s",
                             "deliver Write(token=1,v=1,grant=1) c1->s",
                             "deliver Write(token=1,v=1,grant=1) c1->s"});
  EXPECT_EQ(Fencing::storage(s).value, 1);
  EXPECT_EQ(s.ghost.written.size(), 1u);
  EXPECT_TRUE(m.properties().invariants[1].holds(s));  // NoLostUpdate
  EXPECT_EQ(check_model(m, workers(2)).verdict, Verdict::Holds);
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
FencingModel step_only(const Fencing& c) {
  return FencingModel(c).without(PropertyKind::Invariant);
}

TEST(FencingTest, FencingMonotonicCatchesTheUnfencedStorage) {
  testing_support::expect_shortest_counterexample(
      step_only(config(2, 3, Variant::NoTokenCheck)), "FencingMonotonic", 20);
  EXPECT_EQ(check_model(step_only(config(2, 3, Variant::UncheckedRead)), workers(2)).verdict,
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
  EXPECT_EQ(t.steps[3].events, (std::vector<ChartEvent>{{K::Restart, 0, kNoLane, ""}}));
  EXPECT_EQ(t.steps[8].events, (std::vector<ChartEvent>{{K::Deliver, 2, 3, "Read(token=1)"},
                                                        {K::Send, 3, 2, "Value(token=1,v=0)"}}));
}

// --- Symmetry ---------------------------------------------------------------------------

Fencing unbounded(Fencing c) {
  c.time.unbounded = true;
  return c;
}

// With a horizon only the clients are interchangeable: the permutation contract holds on
// every reachable state, the engine stores the classes, and verdicts are unchanged.
TEST(FencingTest, ThreeClientsSignaturesKeepTheClasses) {
  EXPECT_EQ(testing_support::expect_signatures_keep_the_classes<FencingModel>(config(3, 3)), 29142u);
}

TEST(FencingTest, ClientPermutationContract) {
  auto crash = config(2, 2);
  crash.faults.crash = 1;
  crash.time.pauses = 1;
  auto deposed = config(2, 3, Variant::NoTokenCheck);
  for (const auto& c : {crash, deposed}) {
    FencingModel m(c);
    EXPECT_TRUE(m.intervals().empty());  // a horizon is an absolute cap: no shift
    testing_support::expect_reduced_search(m, testing_support::check_symmetry_contract(m),
                                           check_model(m, workers(2)).verdict);
  }
  EXPECT_TRUE(FencingModel(config(1, 2)).symmetry().description.empty());
}

// Unbounded time, shifted: the interval contract (and its commuting with the client
// permutations) holds on a real state of every reachable class, whatever the faults, drift,
// margin and variant (the bug variants violate a property: the contract covers the states
// beyond); where the design holds, the engine stores exactly those classes.
TEST(FencingTest, IntervalContractOnEveryClass) {
  auto crash = unbounded(config(2, 0));
  crash.faults.crash = 1;
  auto duplicate = unbounded(config(2, 0));
  duplicate.tokens = 1;
  duplicate.faults.duplicate = 1;  // a second Request: a reply to a stale send time
  auto drift = unbounded(config(1, 0));
  drift.duration = 3;
  drift.margin = 1;
  drift.time.drift = 1;  // l renews leases that ran out at c1 first
  drift.faults.crash = 1;
  auto forgot = unbounded(config(2, 0, Variant::CounterForgotten));
  forgot.tokens = 1;
  forgot.faults.crash = 1;
  struct Case {
    const char* name;
    Fencing config;
    size_t classes;
  };
  for (const auto& [name, c, pinned] :
       {Case{"crash", crash, 36774}, Case{"duplicate", duplicate, 12563},
        Case{"one client, drift, margin, crash", drift, 17972},
        Case{"counter-forgotten", forgot, 12875}}) {
    SCOPED_TRACE(name);
    FencingModel m(c);
    ASSERT_EQ(m.intervals().size(), 1u);
    const size_t classes = testing_support::check_interval_contract(m);
    EXPECT_EQ(classes, pinned);
    testing_support::expect_reduced_search(
        m, classes, c.variant == Variant::Correct ? Verdict::Holds : Verdict::Violation);
  }
}

// The contract check has teeth: a declaration that calls every send time stale fails it (a
// send time within D - M of now still starts a running lease).
struct EverySendTimeStale : FencingModel {
  using FencingModel::FencingModel;
  int64_t interval_cutoff(const Fencing::State& s, size_t) const { return s.env.time.now + 1; }
};

TEST(FencingTest, IntervalContractCatchesAnUnsoundCutoff) {
  auto c = unbounded(config(1, 0));
  c.faults.crash = 1;
  EXPECT_GT(testing_support::interval_contract_failures(EverySendTimeStale(c)), 0u);
  EXPECT_EQ(testing_support::interval_contract_failures(FencingModel(c)), 0u);
}

// The quotient is exact within a depth (the unreduced model with unbounded time, explored
// to depth 14, against the reduced search under the same bound).
TEST(FencingTest, IntervalQuotientMatchesADepthBoundedSearch) {
  auto c = unbounded(config(2, 0));
  c.faults.crash = 1;
  testing_support::check_quotient_within_depth(FencingModel(c), 14);
}

// Every verdict is the same with time shifted (for all time) as with horizon 3: the correct
// design holds (with a crash and a pause), each bug is found with the same shortest length,
// and its trace is a real run of the unreduced model (replayed by labels from true time 0,
// it violates the property), the same for any worker count.
TEST(FencingTest, ShiftedTimeKeepsVerdictsAndRealShortestCounterexamples) {
  auto correct = config(2, 3);
  correct.faults.crash = 1;
  correct.time.pauses = 1;
  auto forgot = config(2, 3, Variant::CounterForgotten);
  forgot.faults.crash = 1;
  struct Case {
    const char* name;
    Fencing config;
  };
  for (const auto& [name, c] :
       {Case{"correct, crash and pause", correct},
        Case{"no-token-check", config(2, 3, Variant::NoTokenCheck)},
        Case{"counter-forgotten", forgot},
        Case{"unchecked-read", config(2, 3, Variant::UncheckedRead)}}) {
    SCOPED_TRACE(name);
    testing_support::expect_shift_keeps_the_result(FencingModel(unbounded(c)),
                                                   check_model(FencingModel(c), workers(2)));
  }
}

// specs/fencing_unbounded.ini on the command line: the summary says what was reduced; without
// symmetry the run is refused with one line (exit 3).
TEST(FencingTest, UnboundedTimeOnTheCommandLine) {
  using testing::has;
  const std::string spec = FAULTLINE_SOURCE_DIR "/specs/fencing_unbounded.ini";
  auto on = testing::run_captured({"check", spec, "--no-progress"});
  EXPECT_EQ(on.code, kExitHolds) << on.err;
  EXPECT_TRUE(has(on.out, "symmetry: clients c1..c2 are interchangeable (2 permutations); time "
                          "shifted to start at 0"))
      << on.out;
  EXPECT_TRUE(has(on.out, "expect: met")) << on.out;
  auto off = testing::run_captured({"check", spec, "--symmetry", "off", "--no-progress"});
  EXPECT_EQ(off.code, kExitSpec);
  testing::expect_one_line_error(off);
  EXPECT_TRUE(has(off.err, "params.horizon = 0 (unbounded time): the state space is infinite"))
      << off.err;
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
