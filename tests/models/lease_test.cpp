// Tests of the "lease" model: labels along a lease's life, deterministic enumeration and
// encoding, the engine against an independent BFS, pinned counts, the margin rule
// (M >= 2 * drift + pause_ticks is exactly what is safe), each variant's pinned shortest
// counterexample and its replay by labels, worker-count determinism, and the registration.
#include "models/lease/lease.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "models/lease/lease_info.hpp"
#include "tests/models/model_test_support.hpp"
#include "trace/check_model.hpp"

namespace faultline::lease {
namespace {

using testing_support::after;
using testing_support::bytes;
using testing_support::explore_all;
using testing_support::workers;

LeaseConfig config(unsigned clients, unsigned duration, unsigned margin, unsigned horizon,
                   unsigned drift, Variant v = Variant::Correct) {
  LeaseConfig c;
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
  LeaseState s =
      after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "c1 checks its lease (clock 0 < 2)", "c1 acts as holder", "tick t=1",
                "request c2 (clock 1)", "deliver Request(at=1) c2->g", "deliver Busy(at=1) g->c2"});
  EXPECT_EQ(s.grantor.holder, 1);
  EXPECT_EQ(s.clients[0].ends, 2);
  EXPECT_TRUE(s.acted.empty());  // a tick starts a new true time
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "tick t=1", "tick t=2", "request c2 (clock 2)", "deliver Request(at=2) c2->g",
                "deliver Grant(at=2) g->c2", "c2 checks its lease (clock 2 < 4)",
                "c2 acts as holder"});
  EXPECT_EQ(s.clients[0].ends, 0);  // c1's lease ended at its clock 2 and was forgotten
  EXPECT_EQ(s.grantor.holder, 2);
  EXPECT_EQ(s.ever_acted.size(), 1u);
  // A busy client (checked, not yet acted) holds the tick back.
  s = after(m, {"request c1 (clock 0)", "deliver Request(at=0) c1->g", "deliver Grant(at=0) g->c1",
                "c1 checks its lease (clock 0 < 2)"});
  std::vector<dist::Action> as;
  m.actions(s, as);
  for (const auto& a : as) EXPECT_NE(a.kind, dist::ActionKind::Tick);
}

TEST(LeaseTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(2, 2, 1, 2, 0);
  c.time.pauses = 1;
  c.faults.crash = 1;
  c.faults.drop = 1;
  LeaseModel m(c);
  size_t checked = 0;
  explore_all(m, [&](const LeaseState& s) {
    std::string b = bytes(m, s);
    ByteSource src(b);
    LeaseState back = m.decode(src);
    ASSERT_TRUE(src.done());
    ASSERT_EQ(back, s);
    std::vector<dist::Action> a1, a2;
    m.actions(s, a1);
    m.actions(back, a2);
    ASSERT_EQ(a1, a2);
    for (const auto& a : a1) ASSERT_EQ(m.action_label(s, a), m.action_label(back, a));
    ++checked;
  });
  EXPECT_GT(checked, 1000u);
  EXPECT_EQ(checked, check_model(m, workers(2)).stats.distinct_states);
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
  EXPECT_EQ(r.stats.distinct_states, explore_all(m1, [](const LeaseState&) {}));
  EXPECT_EQ(r.stats.distinct_states, 49u);
}

TEST(LeaseTest, CorrectHoldsWithPinnedCounts) {
  struct Case {
    LeaseConfig config;
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

struct Expected {
  LeaseConfig config;
  size_t length;
};

std::vector<std::string> labels(const Trace& t) {
  std::vector<std::string> out;
  for (const auto& s : t.steps) out.push_back(s.label);
  return out;
}

TEST(LeaseTest, VariantsShortestCounterexamplesReplayAndAgreeAcrossWorkers) {
  auto short_margin = config(2, 4, 1, 5, 1);
  auto paused = config(2, 4, 2, 5, 1);
  paused.time.pauses = 1;
  auto receipt = config(2, 4, 2, 5, 1);
  receipt.timer_on_receipt = true;
  const std::vector<Expected> cases = {
      {config(2, 4, 2, 5, 1, Variant::NoDriftMargin), 14},
      {config(2, 4, 2, 5, 0, Variant::TimerOnReceipt), 14},
      {receipt, 14},
      {short_margin, 15},
      {paused, 16},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    SCOPED_TRACE("case " + std::to_string(k));
    LeaseModel m(cases[k].config);
    CheckResult first;
    for (unsigned w : {1u, 2u, 4u}) {
      if (k > 0 && w != 1) continue;  // one case suffices for worker-count determinism
      CheckResult r = check_model(m, workers(w));
      ASSERT_EQ(r.verdict, Verdict::Violation);
      EXPECT_EQ(r.finding->property, "OneHolderAtATime");
      EXPECT_EQ(r.finding->trace.steps.size(), cases[k].length);
      if (w == 1) {
        first = r;
        continue;
      }
      EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
      EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
    }
    LeaseState end = after(m, labels(first.finding->trace));
    EXPECT_FALSE(m.properties().invariants[0].holds(end));
    EXPECT_EQ(end.acted.size(), 2u);
  }
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
