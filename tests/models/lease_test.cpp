// Tests of the "lease" model: labels along a lease's life, deterministic enumeration and
// encoding, the engine against an independent BFS, pinned counts, the margin rule
// (M >= 2 * drift + pause_ticks is exactly what is safe), each variant's pinned shortest
// counterexample (its replay by labels, the same for 1, 2, 4 workers), the chart events of
// one, the registration, and symmetry: clients interchangeable, and with unbounded time
// (horizon 0) time shifted (the interval contract on every class, the quotient against a
// depth-bounded search of the unreduced model, the same verdicts as with a horizon, and real
// counterexamples).
#include "models/engines.hpp"
#include "models/lease/lease.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/errors.hpp"
#include "models/registry.hpp"
#include "tests/cli/cli_support.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::lease {
namespace {

using testing_support::after;
using testing_support::explore_all;
using testing_support::workers;

Lease config(unsigned clients, unsigned duration, unsigned margin, unsigned horizon,
                   unsigned drift, Variant v = Variant::Correct) {
  Lease c;
  c.clients = clients;
  c.duration = duration;
  c.margin = margin;
  c.time.horizon = static_cast<uint8_t>(horizon);
  c.time.drift = static_cast<uint8_t>(drift);
  c.variant = v;
  return c;
}

TEST(LeaseTest, AcquireUseExpireAndHandOver) {
  LeaseModel m(config(2, 2, 0, 3, 0));
  Lease::State s =
      after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "check lease c1 (clock 0 < 2)", "act as holder c1", "tick t=1",
                "request c2 (clock 1)", "deliver Request(at=1) c2->g", "deliver Busy(at=1) g->c2"});
  EXPECT_EQ(s.node<Grantor>(0).lease->holder, 1);
  EXPECT_EQ(*s.node<Client>(1).ends, 2u);
  EXPECT_TRUE(s.ghost.now.empty());  // a tick starts a new true time
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "tick t=1", "tick t=2", "request c2 (clock 2)", "deliver Request(at=2) c2->g",
                "deliver Grant(at=2) g->c2", "check lease c2 (clock 2 < 4)",
                "act as holder c2"});
  EXPECT_FALSE(s.node<Client>(1).ends);  // c1's lease ended at its clock 2 and was forgotten
  EXPECT_EQ(s.node<Grantor>(0).lease->holder, 2);
  EXPECT_EQ(s.ghost.ever.size(), 1u);
  // A busy client (checked, not yet acted) holds the tick back.
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "check lease c1 (clock 0 < 2)"});
  std::vector<dist::Action> as;
  m.actions(s, as);
  for (const auto& a : as) EXPECT_NE(a.kind, dist::ActionKind::Tick);
}

TEST(LeaseTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(2, 2, 1, 2, 0);
  c.time.pauses = 1;
  c.faults.crash = 1;
  c.faults.drop = 1;
  EXPECT_GT(testing_support::expect_canonical_and_deterministic(LeaseModel(c)), 1000u);
}

TEST(LeaseTest, OneClientCountedByHand) {
  // One client, duration 1, margin 0, no drift, no faults, and horizon 0 (time never passes):
  // while the client has no lease, 3 states (idle; Request in flight; Grant in flight). Once it
  // holds (until 1), it may renew, so its request is none, in flight or answered by a Grant in
  // flight (3), it has checked or not (2), and it has acted or not (2): 12. 3 + 12 = 15.
  LeaseModel m(config(1, 1, 0, 0, 0));
  EXPECT_EQ(check_model(m, workers(1)).stats.distinct_states, 15u);
  // With horizon 1 the same, cross-checked against the independent reference search.
  LeaseModel m1(config(1, 1, 0, 1, 0));
  CheckResult r = check_model(m1, workers(1));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, explore_all(m1, [](const Lease::State&) {}));
  EXPECT_EQ(r.stats.distinct_states, 49u);
}

TEST(LeaseTest, CorrectHoldsWithPinnedCounts) {
  struct Case {
    Lease config;
    uint64_t states;
  };
  auto paused = config(2, 2, 1, 4, 0);
  paused.time.pauses = 1;
  for (const auto& [c, states] : {Case{config(2, 4, 2, 5, 1), 278554u}, Case{paused, 33649u}}) {
    CheckResult r = check_model(LeaseModel(c), workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, states);
    for (const auto& g : r.goals) EXPECT_TRUE(g.reached) << g.name;
  }
}

// The margin rule under this model's drift semantics: with the timer started at send, a margin
// of 2 * drift + pause_ticks is safe and one tick less is not.
TEST(LeaseTest, MarginRuleIsExact) {
  struct Case {
    unsigned drift, pauses, pause_ticks;
  };
  for (const auto& [drift, pauses, pause_ticks] :
       {Case{0, 1, 1}, Case{1, 0, 1}, Case{1, 1, 1}, Case{2, 0, 1}}) {
    const unsigned need = 2 * drift + (pauses ? pause_ticks : 0);
    for (unsigned margin : {need - 1, need}) {
      auto c = config(2, need + 1, margin, need + 1, drift);
      c.time.pauses = static_cast<uint8_t>(pauses);
      c.time.pause_ticks = static_cast<uint8_t>(pause_ticks);
      CheckResult r = check_model(LeaseModel(c), workers(2));
      SCOPED_TRACE("drift " + std::to_string(drift) + " pauses " + std::to_string(pauses) +
                   " margin " + std::to_string(margin));
      EXPECT_EQ(r.verdict, margin >= need ? Verdict::Holds : Verdict::Violation);
    }
  }
}

TEST(LeaseTest, VariantsShortestCounterexamples) {
  struct Expected {
    std::string name;
    Lease config;
    size_t length;
  };
  auto short_margin = config(2, 4, 1, 4, 1);
  auto paused = config(2, 4, 2, 4, 1);
  paused.time.pauses = 1;
  auto receipt = config(2, 4, 2, 4, 0);
  receipt.timer_on_receipt = true;
  const std::vector<Expected> cases = {
      {"no-drift-margin", config(2, 4, 2, 4, 1, Variant::NoDriftMargin), 14},
      {"timer-on-receipt", config(2, 4, 2, 4, 0, Variant::TimerOnReceipt), 14},
      {"timer = receipt", receipt, 14},
      {"margin 1 with drift 1", short_margin, 15},
      {"a pause the margin does not cover", paused, 16},
  };
  for (const auto& e : cases) {
    SCOPED_TRACE(e.name);
    LeaseModel m(e.config);
    testing_support::expect_shortest_counterexample(m, "OneHolderAtATime", e.length);
  }
}

// The pause counterexample as a sequence chart: lanes g, c1, c2; messages between them; ticks,
// clock drift, a pause and the tick that ends it (dist/timed_chart_events.hpp).
TEST(LeaseTest, ReplayedTracesCarryChartEvents) {
  using K = ChartEventKind;
  auto c = config(2, 4, 2, 4, 1);
  c.time.pauses = 1;
  CheckResult r = check_model(LeaseModel(c), workers(2));
  ASSERT_TRUE(r.finding);
  const Trace& t = r.finding->trace;
  EXPECT_EQ(t.lanes, (std::vector<std::string>{"g", "c1", "c2"}));
  ASSERT_EQ(t.steps.size(), 16u);
  EXPECT_EQ(t.steps[0].label, "clock of c1 jumps ahead (reads 1 at t=0)");
  EXPECT_EQ(t.steps[0].events,
            (std::vector<ChartEvent>{{K::Drift, 1, kNoLane, "clock jumps ahead (reads 1)"}}));
  EXPECT_EQ(t.steps[1].events,
            (std::vector<ChartEvent>{{K::Local, 1, kNoLane, "request c1 (clock 1)"},
                                     {K::Send, 1, 0, "Request(at=1)"}}));
  EXPECT_EQ(t.steps[2].events, (std::vector<ChartEvent>{{K::Deliver, 1, 0, "Request(at=1)"},
                                                        {K::Send, 0, 1, "Grant(at=1)"}}));
  EXPECT_EQ(t.steps[3].events, (std::vector<ChartEvent>{{K::Deliver, 0, 1, "Grant(at=1)"}}));
  EXPECT_EQ(t.steps[5].label, "tick t=2 (clock of c1 lags)");
  EXPECT_EQ(t.steps[5].events,
            (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=2"},
                                     {K::Drift, 1, kNoLane, "clock lags (reads 2)"}}));
  EXPECT_EQ(t.steps[8].label, "pause c1 (up to 1 tick)");
  EXPECT_EQ(t.steps[8].events, (std::vector<ChartEvent>{{K::Pause, 1, kNoLane, "up to 1 tick"}}));
  EXPECT_EQ(t.steps[10].events, (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=3"},
                                                         {K::Resume, 1, kNoLane, "pause over"}}));
  EXPECT_EQ(t.steps[15].events,
            (std::vector<ChartEvent>{{K::Local, 1, kNoLane, "act as holder c1"}}));
}

// --- Symmetry ---------------------------------------------------------------------------

Lease unbounded(Lease c) {
  c.time.unbounded = true;
  return c;
}

CheckOptions reduced(unsigned n = 2) {
  CheckOptions o = workers(n);
  o.symmetry = true;
  return o;
}

TEST(LeaseTest, FourClientsSignaturesKeepTheClasses) {
  EXPECT_EQ(testing_support::expect_signatures_keep_the_classes<LeaseModel>(config(4, 2, 0, 2, 0)),
            17554u);
}

// With a horizon only the clients are interchangeable: the permutation contract holds on
// every reachable state, the engine stores the classes, and verdicts are unchanged.
TEST(LeaseTest, ClientPermutationContract) {
  auto faults = config(2, 2, 1, 2, 0);
  faults.faults.crash = 1;
  faults.time.pauses = 1;
  auto three = config(3, 2, 0, 2, 0);
  for (const auto& c : {faults, three}) {
    LeaseModel m(c);
    EXPECT_TRUE(m.intervals().empty());  // a horizon is an absolute cap: no shift
    const size_t classes = testing_support::check_symmetry_contract(m);
    CheckResult r = check_model(m, reduced());
    EXPECT_EQ(r.stats.distinct_states, classes);
    EXPECT_EQ(r.verdict, check_model(m, workers(2)).verdict);
  }
  // lease_correct.ini: 163,504 states, 81,797 classes.
  CheckResult r = check_model(LeaseModel(config(2, 4, 2, 4, 1)), reduced());
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 81797u);
  EXPECT_EQ(r.stats.symmetry, "clients c1..c2 are interchangeable (2 permutations)");
  EXPECT_TRUE(LeaseModel(config(1, 2, 0, 2, 0)).symmetry().description.empty());
}

// Unbounded time, shifted: the interval contract (and its commuting with the client
// permutations) holds on a real state of every reachable class, whatever faults, timer and
// variant (two of them violate OneHolderAtATime: the contract covers the states beyond);
// where the design holds, the engine stores exactly those classes.
TEST(LeaseTest, IntervalContractOnEveryClass) {
  auto crash = unbounded(config(2, 3, 1, 0, 0));
  crash.faults.crash = 1;  // stale request times: a reset client asks again
  auto receipt = unbounded(config(2, 2, 0, 0, 0));
  receipt.timer_on_receipt = true;
  receipt.faults.duplicate = 1;
  auto paused = unbounded(config(1, 3, 1, 0, 1));
  paused.time.pauses = 1;
  paused.time.pause_ticks = 2;
  paused.faults.crash = 1;
  auto no_margin = unbounded(config(2, 2, 1, 0, 1, Variant::NoDriftMargin));
  struct Case {
    const char* name;
    Lease config;
    size_t classes;
  };
  for (const auto& [name, c, pinned] :
       {Case{"crash", crash, 33208}, Case{"receipt, duplicate", receipt, 93823},
        Case{"one client, pause and crash", paused, 37617}, Case{"no margin", no_margin, 68886}}) {
    SCOPED_TRACE(name);
    LeaseModel m(c);
    ASSERT_EQ(m.intervals().size(), 1u);
    const size_t classes = testing_support::check_interval_contract(m);
    EXPECT_EQ(classes, pinned);
    const bool bug = c.timer_on_receipt || c.variant == Variant::NoDriftMargin;
    testing_support::expect_reduced_search(m, classes, bug ? Verdict::Violation : Verdict::Holds);
  }
}

// The contract check has teeth: declarations that are unsound fail it.
struct ShiftDespiteHorizon : LeaseModel {  // a horizon is an absolute cap on time
  using LeaseModel::LeaseModel;
  std::vector<IntervalDecl> intervals() const { return {{"time", "time shifted", ""}}; }
};
struct EverySendTimeStale : LeaseModel {  // a send time within D - M of now still matters
  using LeaseModel::LeaseModel;
  int64_t interval_cutoff(const Lease::State& s, size_t) const { return s.env.time.now + 1; }
};

TEST(LeaseTest, IntervalContractCatchesUnsoundDeclarations) {
  EXPECT_GT(testing_support::interval_contract_failures(ShiftDespiteHorizon(config(2, 2, 0, 2, 0))), 0u);
  EXPECT_GT(testing_support::interval_contract_failures(EverySendTimeStale(unbounded(config(1, 3, 1, 0, 0)))), 0u);
  EXPECT_EQ(testing_support::interval_contract_failures(LeaseModel(unbounded(config(1, 3, 1, 0, 0)))), 0u);
}

// The quotient is exact: exploring the unreduced model (unbounded time) to a depth and naming
// each state's class gives exactly the classes the reduced search stores within that depth.
TEST(LeaseTest, IntervalQuotientMatchesADepthBoundedSearch) {
  auto c = unbounded(config(2, 3, 1, 0, 1));
  c.faults.crash = 1;
  testing_support::check_quotient_within_depth(LeaseModel(c), 12);
}

// Unbounded time without the shift is refused (the space is infinite), unless bounded by
// depth; the summary says what was reduced.
TEST(LeaseTest, UnboundedTimeNeedsTheShiftOrADepthBound) {
  LeaseModel m(unbounded(config(2, 4, 2, 0, 1)));
  EXPECT_THROW(check_model(m, workers(2)), SpecError);
  CheckOptions o = workers(2);
  o.max_depth = 6;
  EXPECT_EQ(check_model(m, o).verdict, Verdict::HoldsUpToDepth);
  CheckResult r = check_model(m, reduced());
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 33174u);  // specs/lease_unbounded.ini
  EXPECT_EQ(r.stats.symmetry,
            "clients c1..c2 are interchangeable (2 permutations); time shifted to start at 0 "
            "(true time, clocks, lease ends and request times; request times too old to start "
            "a running lease packed together)");
  for (const auto& g : r.goals) EXPECT_TRUE(g.reached) << g.name;
  // As a parameter: horizon = 0 is accepted by lease (only) and means unbounded time.
  ModelInfo info = lease_model_info();
  auto values = ParamValues::resolve(info.params, {{"horizon", "0"}}, "spec");
  EXPECT_THROW(info.make(values, "correct")->check(workers(2)), SpecError);
}

// Every verdict is the same with time shifted (for all time) as with a horizon long enough
// for the shortest counterexample: the correct design holds, each bug is found with the same
// shortest length, and its trace is a real run of the unreduced model (replayed by labels
// from the initial state, it violates the property).
TEST(LeaseTest, ShiftedTimeKeepsVerdictsAndRealShortestCounterexamples) {
  auto crash = config(2, 4, 2, 4, 1);
  crash.faults.crash = 1;
  auto pause_covered = config(2, 4, 3, 4, 1);
  pause_covered.time.pauses = 1;
  auto pause_uncovered = config(2, 4, 2, 4, 1);
  pause_uncovered.time.pauses = 1;
  auto receipt = config(2, 4, 2, 4, 0);
  receipt.timer_on_receipt = true;
  struct Case {
    const char* name;
    Lease config;
  };
  for (const auto& [name, c] :
       {Case{"correct", config(2, 4, 2, 4, 1)}, Case{"correct, crash", crash},
        Case{"margin covers the pause", pause_covered},
        Case{"no-drift-margin", config(2, 4, 2, 4, 1, Variant::NoDriftMargin)},
        Case{"timer = receipt", receipt}, Case{"margin 1 with drift 1", config(2, 4, 1, 4, 1)},
        Case{"a pause the margin does not cover", pause_uncovered}}) {
    SCOPED_TRACE(name);
    testing_support::expect_shift_keeps_the_result(LeaseModel(unbounded(c)),
                                                   check_model(LeaseModel(c), workers(2)));
  }
}

// The margin rule of MarginRuleIsExact, now for all time rather than up to a horizon.
TEST(LeaseTest, MarginRuleHoldsForAllTime) {
  struct Case {
    unsigned drift, pauses, pause_ticks;
  };
  for (const auto& [drift, pauses, pause_ticks] : {Case{0, 1, 1}, Case{1, 0, 1}, Case{0, 1, 2}}) {
    const unsigned need = 2 * drift + (pauses ? pause_ticks : 0);
    for (unsigned margin : {need - 1, need}) {
      auto c = unbounded(config(2, need + 1, margin, 0, drift));
      c.time.pauses = static_cast<uint8_t>(pauses);
      c.time.pause_ticks = static_cast<uint8_t>(pause_ticks);
      SCOPED_TRACE("drift " + std::to_string(drift) + " pauses " + std::to_string(pauses) + " of " +
                   std::to_string(pause_ticks) + " margin " + std::to_string(margin));
      EXPECT_EQ(check_model(LeaseModel(c), reduced()).verdict,
                margin >= need ? Verdict::Holds : Verdict::Violation);
    }
  }
}

// The CLI on specs/lease_unbounded.ini: the summary says what was reduced; without symmetry
// the run is refused with one line (exit 3) unless a depth bound makes it finite.
TEST(LeaseTest, UnboundedTimeOnTheCommandLine) {
  using testing::has;
  const std::string spec = FAULTLINE_SOURCE_DIR "/specs/lease_unbounded.ini";
  auto on = testing::run_captured({"check", spec, "--no-progress"});
  EXPECT_EQ(on.code, kExitHolds) << on.err;
  EXPECT_TRUE(has(on.out,
                  "symmetry: clients c1..c2 are interchangeable (2 permutations); time "
                  "shifted to start at 0"))
      << on.out;
  EXPECT_TRUE(has(on.out, "expect: met"));
  auto off = testing::run_captured({"check", spec, "--symmetry", "off", "--no-progress"});
  EXPECT_EQ(off.code, kExitSpec);
  testing::expect_one_line_error(off);
  EXPECT_TRUE(has(off.err,
                  "params.horizon = 0 (unbounded time): the state space is infinite "
                  "without engine.symmetry = on"))
      << off.err;
  auto bounded = testing::run_captured(
      {"check", spec, "--symmetry", "off", "--max-depth", "8", "--no-progress"});
  EXPECT_TRUE(has(bounded.out, "properties hold up to depth 8")) << bounded.out << bounded.err;
}

TEST(LeaseTest, ParametersAndVariants) {
  ModelInfo info = lease_model_info();
  EXPECT_EQ(info.name, "lease");
  ASSERT_EQ(info.variants.size(), 3u);
  for (const char* key : {"clients", "duration", "margin", "timer", "horizon", "drift", "pause",
                          "pause_ticks", "drop", "crash", "partition"}) {
    bool found = false;
    for (const auto& p : info.params) found |= p.name == key;
    EXPECT_TRUE(found) << key;
  }
  auto too_big = ParamValues::resolve(info.params, {{"margin", "4"}, {"duration", "4"}}, "spec");
  EXPECT_THROW(info.make(too_big, "correct"), SpecError);
  auto ok = ParamValues::resolve(info.params, {}, "spec");
  EXPECT_THROW(info.make(ok, "no-such-variant"), SpecError);
  auto runner = info.make(ok, "no-drift-margin");
  EXPECT_EQ(runner->check(workers(2)).verdict, Verdict::Violation);
}

}  // namespace
}  // namespace faultline::lease
