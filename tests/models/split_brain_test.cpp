// Tests of the "split-brain" model: an election and a fenced write by labels, deterministic
// enumeration and encoding, a hand-counted configuration, pinned counts for designs that hold,
// each removed or mis-tuned piece's pinned shortest counterexample (its replay, the same for
// 1, 2, 4 workers), the step property on its own, the chart events of a counterexample, and
// the registration.
#include "models/split_brain/split_brain.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "models/split_brain/split_brain_info.hpp"
#include "tests/models/model_test_support.hpp"
#include "trace/check_model.hpp"

namespace faultline::split_brain {
namespace {

using testing_support::after;
using testing_support::explore_all;
using testing_support::workers;

// Quorum election, lease 3 with margin 2, fencing, epochs up to 2.
SplitBrainConfig config(unsigned nodes, unsigned horizon, unsigned drift) {
  SplitBrainConfig c;
  c.nodes = nodes;
  c.time.horizon = static_cast<uint8_t>(horizon);
  c.time.drift = static_cast<uint8_t>(drift);
  return c;
}

TEST(SplitBrainTest, QuorumElectionLeaseAndFencedWrites) {
  SplitBrainModel m(config(3, 4, 0));
  SplitBrainState s = after(
      m, {"campaign n1 (epoch 1, clock 0)", "deliver RequestVote(e=1) n1->n2",
          "deliver Vote(e=1) n2->n1", "n1 checks its lease (clock 0 < 1)", "write n1 (epoch 1)",
          "tick t=1", "tick t=2", "tick t=3", "campaign n2 (epoch 2, clock 3)",
          "deliver RequestVote(e=2) n2->n3", "deliver Vote(e=2) n3->n2",
          "n2 checks its lease (clock 3 < 4)", "write n2 (epoch 2)", "deliver Write(e=2) n2->s",
          "deliver Write(e=1) n1->s"});
  EXPECT_EQ(s.nodes[1].vol.role, Role::Leader);
  EXPECT_EQ(s.nodes[0].vol.role, Role::Follower);  // its lease ran out at its clock 1
  ASSERT_EQ(s.elected.size(), 2u);
  EXPECT_EQ(s.storage.max_epoch, 2);
  EXPECT_EQ(s.storage.last_epoch, 2);  // the epoch-1 write was fenced off
  EXPECT_EQ(s.storage.late.epoch, 0);
  // A voter's promise: n2, having voted for n1 at clock 0, does not vote before clock 3.
  s = after(m, {"campaign n1 (epoch 1, clock 0)", "deliver RequestVote(e=1) n1->n2",
                "campaign n3 (epoch 1, clock 0)", "tick t=1"});
  std::vector<dist::Action> as;
  m.actions(s, as);
  for (const auto& a : as) EXPECT_NE(m.action_label(s, a), "deliver RequestVote(e=1) n3->n2");
}

TEST(SplitBrainTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(3, 2, 0);
  c.faults.crash = 1;
  c.faults.partition = 1;
  c.time.pauses = 1;
  EXPECT_GT(testing_support::expect_canonical_and_deterministic(SplitBrainModel(c)), 1000u);
}

TEST(SplitBrainTest, OneNodeCountedByHand) {
  // One node, epochs up to 1, horizon 0: it campaigns and is elected at once (a majority of
  // one), checks, writes, and the write lands: 5 states in a line, leases on or off.
  for (bool lease : {true, false}) {
    auto c = config(1, 0, 0);
    c.max_epoch = 1;
    c.lease = lease;
    CheckResult r = check_model(SplitBrainModel(c), workers(1));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, 5u);
  }
}

TEST(SplitBrainTest, DesignsThatHoldWithPinnedCounts) {
  struct Case {
    SplitBrainConfig config;
    uint64_t states;
  };
  auto no_lease = config(3, 3, 1);
  no_lease.lease = false;  // fencing alone keeps the storage safe (no acting-leader property)
  auto small = config(3, 2, 0);
  small.faults.partition = 1;
  for (const auto& [c, states] :
       {Case{config(3, 3, 1), 294456u}, Case{no_lease, 190172u}, Case{small, 9234u}}) {
    CheckResult r = check_model(SplitBrainModel(c), workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, states);
  }
  EXPECT_EQ(explore_all(SplitBrainModel(small), [](const SplitBrainState&) {}), 9234u);
}

TEST(SplitBrainTest, MissingPiecesShortestCounterexamples) {
  auto no_fencing = config(3, 3, 1);
  no_fencing.fencing = false;
  auto short_lease = config(3, 3, 1);
  short_lease.margin = 1;  // a lease shorter than the drift allows
  auto takeover = config(3, 3, 1);
  takeover.election = Election::Timeout;
  testing_support::expect_shortest_counterexample(SplitBrainModel(no_fencing), "NoDeposedWrite",
                                                  15);
  testing_support::expect_shortest_counterexample(SplitBrainModel(short_lease),
                                                  "OneActingLeader", 14);
  testing_support::expect_shortest_counterexample(SplitBrainModel(takeover), "OneLeaderPerEpoch",
                                                  5);
}

TEST(SplitBrainTest, StorageEpochsGoBackwardsWithoutFencing) {
  using StepOnly = testing_support::StepPropertiesOnly<SplitBrainModel>;
  auto c = config(3, 3, 1);
  c.fencing = false;
  testing_support::expect_shortest_counterexample(StepOnly(c), "StorageEpochMonotonic", 15);
  c.fencing = true;
  EXPECT_EQ(check_model(StepOnly(c), workers(2)).verdict, Verdict::Holds);
}

// Without fencing, the counterexample as a sequence chart: lanes n1, n2, n3, s; ticks across
// them; the deposed leader's write delivered to s last.
TEST(SplitBrainTest, ReplayedTracesCarryChartEvents) {
  using K = ChartEventKind;
  auto c = config(3, 3, 0);
  c.fencing = false;
  CheckResult r = check_model(SplitBrainModel(c), workers(2));
  ASSERT_TRUE(r.finding);
  const Trace& t = r.finding->trace;
  EXPECT_EQ(t.lanes, (std::vector<std::string>{"n1", "n2", "n3", "s"}));
  ASSERT_EQ(t.steps.size(), 15u);
  EXPECT_EQ(t.steps[5].events, (std::vector<ChartEvent>{{K::Tick, kNoLane, kNoLane, "t=1"}}));
  EXPECT_EQ(t.steps[14].events, (std::vector<ChartEvent>{{K::Deliver, 1, 3, "Write(e=1)"}}));
}

TEST(SplitBrainTest, ParametersAndProperties) {
  ModelInfo info = split_brain_model_info();
  EXPECT_EQ(info.name, "split-brain");
  for (const char* key : {"nodes", "election", "lease", "duration", "margin", "fencing",
                          "max_epoch", "horizon", "drift", "pause", "pause_ticks", "crash",
                          "partition"}) {
    bool found = false;
    for (const auto& p : info.params) found |= p.name == key;
    EXPECT_TRUE(found) << key;
  }
  auto bad = ParamValues::resolve(info.params, {{"margin", "3"}, {"duration", "3"}}, "spec");
  EXPECT_THROW(info.make(bad, "correct"), SpecError);
  auto no_lease =
      ParamValues::resolve(info.params, {{"margin", "3"}, {"duration", "3"}, {"lease", "false"}},
                           "spec");
  auto runner = info.make(no_lease, "correct");
  bool acting = false;
  for (const auto& p : runner->properties()) acting |= p.name == "OneActingLeader";
  EXPECT_FALSE(acting);  // only checked while leases are on
  auto ok = ParamValues::resolve(info.params, {}, "spec");
  EXPECT_THROW(info.make(ok, "no-such-variant"), SpecError);
}

}  // namespace
}  // namespace faultline::split_brain
