// Tests of the "two-phase" model (two-phase commit on the actor layer): a hand-counted state
// space, the encoding and enumeration contract on every reachable state, the same results for
// 1, 2 and 4 workers, each bug variant's pinned shortest counterexample, and crash-stop.
#include "models/engines.hpp"
#include "models/two_phase/two_phase.hpp"

#include <gtest/gtest.h>

#include "models/registry.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::two_phase {
namespace {

using testing_support::after;
using testing_support::enabled_labels;
using testing_support::workers;

TwoPhaseModel model(unsigned rms, Variant v = Variant::Correct, dist::FaultBudget f = {},
                    dist::CrashMode coordinator = dist::CrashMode::Restart) {
  TwoPhase p;
  p.rms = rms;
  p.variant = v;
  p.faults = f;
  p.coordinator = coordinator;
  return TwoPhaseModel(p);
}

// One RM, no faults, by hand (tm decision/prepared, rm1 state/timer, messages in flight):
//  0 start: none/{} working+vote            7 0 -> abort, deliver Abort: aborted
//  1 prepare: prepared, Prepared in flight  8 4 -> deliver Abort: aborted, Prepared stuck
//  2 timeout: aborted                       9 5 -> commit: Commit in flight
//  3 abort (tm): Abort in flight, working  10 5 -> abort: Abort in flight
//  4 1 -> abort (= 3 -> prepare)           11 9 -> deliver Commit: committed
//  5 1 -> deliver Prepared: tm has {rm1}   12 10 -> deliver Abort: aborted
//  6 2 -> abort (= 3 -> timeout)
// Deliveries that change nothing (Prepared to a decided tm, Abort to an aborted RM) are no step.
TEST(TwoPhaseTest, OneRmStateSpaceCountedByHand) {
  const auto m = model(1);
  const CheckResult r = check_model(m, workers(1));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 13u);
}

TEST(TwoPhaseTest, LabelsAndDescription) {
  dist::FaultBudget f;
  f.crash = 1;
  const auto m = model(2, Variant::Correct, f);
  const auto s0 = m.initial_states().front();
  EXPECT_EQ(enabled_labels(m, s0),
            (std::vector<std::string>{"abort tm", "prepare rm1", "prepare rm2", "timeout vote rm1",
                                      "timeout vote rm2", "crash tm", "crash rm1", "crash rm2"}));
  const auto s = after(m, {"prepare rm1", "deliver Prepared rm1->tm"});
  FieldList fields;
  FieldWriter w(fields);
  m.describe(s, w);
  EXPECT_EQ(fields, (FieldList{{"tm", "decision=none, prepared={rm1}"},
                               {"rm1", "state=prepared"},
                               {"rm2", "state=working, timers={vote}"},
                               {"crashed", "{}"},
                               {"faults left", "drop 0, duplicate 0, crash 1, partition 0"},
                               {"net", "empty"}}));
}

TEST(TwoPhaseTest, EncodingAndEnumerationContract) {
  dist::FaultBudget f;
  f.crash = 1;
  f.drop = 1;
  f.duplicate = 1;
  const size_t n = testing_support::expect_canonical_and_deterministic(model(2, Variant::Correct, f));
  EXPECT_GT(n, 13u);
  testing_support::expect_canonical_and_deterministic(
      model(2, Variant::Correct, f, dist::CrashMode::Stop));
}

TEST(TwoPhaseTest, CorrectHoldsWithEveryFaultAndWorkerCount) {
  dist::FaultBudget f;
  f.crash = 1;
  f.drop = 1;
  f.partition = 1;
  const auto m = model(3, Variant::Correct, f);
  const CheckResult one = check_model(m, workers(1));
  EXPECT_EQ(one.verdict, Verdict::Holds);
  for (unsigned w : {2u, 4u}) {
    const CheckResult r = check_model(m, workers(w));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, one.stats.distinct_states);
    EXPECT_EQ(r.stats.depth, one.stats.depth);
  }
}

TEST(TwoPhaseTest, CommitOnTimeoutViolatesConsistencyInThreeSteps) {
  testing_support::expect_shortest_counterexample(model(2, Variant::CommitOnTimeout),
                                                  "Consistent", 3);
}

TEST(TwoPhaseTest, CommitOnFirstPreparedViolatesInFiveSteps) {
  const auto m = model(2, Variant::CommitOnFirstPrepared);
  const CheckResult r = check_model(m, workers(2));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->trace.steps.size(), 5u);
}

TEST(TwoPhaseTest, CrashStopCoordinatorNeverRestartsAndBlocks) {
  dist::FaultBudget f;
  f.crash = 1;
  const auto m = model(2, Variant::Correct, f, dist::CrashMode::Stop);
  const auto s = after(m, {"prepare rm1", "crash tm"});
  for (const auto& l : enabled_labels(m, s)) EXPECT_NE(l, "restart tm");
  const CheckResult r = check_model(m, workers(2));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  ASSERT_EQ(r.goals.size(), 2u);
  EXPECT_EQ(r.goals[1].name, "CoordinatorBlocked");
  EXPECT_TRUE(r.goals[1].reached);
  EXPECT_EQ(r.goals[1].depth, 2u);  // prepare rm1, crash tm
  // With crash-restart the goal is not declared: tm always comes back.
  EXPECT_EQ(model(2, Variant::Correct, f).properties().goals.size(), 1u);
}

}  // namespace
}  // namespace faultline::two_phase
