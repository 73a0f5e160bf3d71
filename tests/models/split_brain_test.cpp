// Tests of the "split-brain" model: an election and a fenced write by labels, deterministic
// enumeration and encoding, a hand-counted configuration, pinned counts for designs that hold,
// each removed or mis-tuned piece's pinned shortest counterexample (its replay, the same for
// 1, 2, 4 workers), the step property on its own, the chart events of a counterexample, the
// registration, and symmetry: nodes interchangeable, and with unbounded time (horizon 0) time
// shifted (the interval contract on every class, the quotient against a depth-bounded search
// of the unreduced model, the same verdicts and shortest counterexamples as with a horizon).
#include "models/engines.hpp"
#include "models/split_brain/split_brain.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "models/registry.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::split_brain {
namespace {

using testing_support::after;
using testing_support::explore_all;
using testing_support::workers;

// Quorum election, lease 3 with margin 2, fencing, epochs up to 2.
SplitBrain config(unsigned nodes, unsigned horizon, unsigned drift) {
  SplitBrain c;
  c.nodes = nodes;
  c.time.horizon = static_cast<uint8_t>(horizon);
  c.time.drift = static_cast<uint8_t>(drift);
  return c;
}

TEST(SplitBrainTest, QuorumElectionLeaseAndFencedWrites) {
  SplitBrainModel m(config(3, 4, 0));
  SplitBrain::State s = after(
      m, {"campaign n1 (epoch 1, clock 0)", "deliver RequestVote(e=1) n1->n2",
          "deliver Vote(e=1) n2->n1", "check lease n1 (clock 0 < 1)", "write n1 (epoch 1)",
          "tick t=1", "tick t=2", "tick t=3", "campaign n2 (epoch 2, clock 3)",
          "deliver RequestVote(e=2) n2->n3", "deliver Vote(e=2) n3->n2",
          "check lease n2 (clock 3 < 4)", "write n2 (epoch 2)", "deliver Write(e=2,order=2) n2->s",
          "deliver Write(e=1,order=1) n1->s"});
  EXPECT_EQ(s.node<Peer>(1).role, Standing::leader);
  EXPECT_EQ(s.node<Peer>(0).role, Standing::follower);  // its lease ran out at its clock 1
  ASSERT_EQ(s.ghost.elected.size(), 2u);
  EXPECT_EQ(SplitBrain::storage(s).max_epoch, 2);
  EXPECT_EQ(SplitBrain::storage(s).last_epoch, 2);  // the epoch-1 write was fenced off
  EXPECT_FALSE(s.ghost.late);
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
    SplitBrain config;
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
  EXPECT_EQ(explore_all(SplitBrainModel(small), [](const SplitBrain::State&) {}), 9234u);
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

// The model with its invariants left out, to check its step properties on their own.
SplitBrainModel step_only(const SplitBrain& c) {
  return SplitBrainModel(c).without(PropertyKind::Invariant);
}

TEST(SplitBrainTest, StorageEpochsGoBackwardsWithoutFencing) {
  auto c = config(3, 3, 1);
  c.fencing = false;
  testing_support::expect_shortest_counterexample(step_only(c), "StorageEpochMonotonic", 15);
  c.fencing = true;
  EXPECT_EQ(check_model(step_only(c), workers(2)).verdict, Verdict::Holds);
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
  EXPECT_EQ(t.steps[14].events,
            (std::vector<ChartEvent>{{K::Deliver, 0, 3, "Write(e=1,order=1)"}}));
}

// --- Symmetry ---------------------------------------------------------------------------

SplitBrain unbounded(SplitBrain c) {
  c.time.unbounded = true;
  return c;
}

CheckOptions reduced(unsigned n = 2) {
  CheckOptions o = workers(n);
  o.symmetry = true;
  return o;
}

// With a horizon only the nodes are interchangeable: the permutation contract holds on every
// reachable state (election by quorum and by takeover, leases on and off, faults), the
// engine stores the classes, and verdicts are unchanged.
TEST(SplitBrainTest, FourNodesSignaturesKeepTheClasses) {
  auto c = config(4, 3, 1);
  c.max_epoch = 1;
  EXPECT_EQ(testing_support::expect_signatures_keep_the_classes<SplitBrainModel>(c), 63556u);
}

TEST(SplitBrainTest, NodePermutationContract) {
  auto faults = config(3, 2, 0);
  faults.faults.crash = 1;
  faults.faults.partition = 1;
  auto takeover = config(3, 3, 0);
  takeover.election = Election::Timeout;
  auto no_fencing = config(3, 2, 0);
  no_fencing.time.pauses = 1;
  no_fencing.fencing = false;
  no_fencing.lease = false;
  for (const auto& c : {faults, takeover, no_fencing}) {
    SplitBrainModel m(c);
    EXPECT_TRUE(m.intervals().empty());  // a horizon is an absolute cap: no shift
    testing_support::expect_reduced_search(m, testing_support::check_symmetry_contract(m),
                                           check_model(m, workers(2)).verdict);
  }
  CheckResult r = check_model(SplitBrainModel(config(3, 3, 1)), reduced());
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 49941u);  // split_brain_full.ini: 294,456 states
  EXPECT_EQ(r.stats.symmetry, "nodes n1..n3 are interchangeable (6 permutations)");
}

// Unbounded time, shifted: the interval contract (and its commuting with the node
// permutations) holds on a real state of every reachable class, whatever the election,
// leases, faults and drift (the variants that violate a property included: the contract
// covers the states beyond); where the design holds, the engine stores exactly those
// classes.
TEST(SplitBrainTest, IntervalContractOnEveryClass) {
  auto lease = unbounded(config(3, 0, 0));
  lease.max_epoch = 1;
  lease.faults.crash = 1;
  auto drift = unbounded(config(2, 0, 1));
  drift.faults.drop = 1;  // a candidate waits for a vote that never comes: stale starts
  auto takeover = unbounded(config(2, 0, 1));
  takeover.election = Election::Timeout;
  takeover.max_epoch = 1;
  auto no_lease = unbounded(config(3, 0, 1));
  no_lease.lease = false;
  no_lease.max_epoch = 1;
  no_lease.time.pauses = 1;
  struct Case {
    const char* name;
    SplitBrain config;
    size_t classes;
  };
  for (const auto& [name, c, pinned] :
       {Case{"quorum, lease, crash", lease, 3844}, Case{"two nodes, drift, drop", drift, 9446},
        Case{"takeover, two nodes, drift", takeover, 6378},
        Case{"no lease, pause", no_lease, 2047}}) {
    SCOPED_TRACE(name);
    SplitBrainModel m(c);
    ASSERT_EQ(m.intervals().size(), 1u);
    const size_t classes = testing_support::check_interval_contract(m);
    EXPECT_EQ(classes, pinned);
    testing_support::expect_reduced_search(
        m, classes, c.election == Election::Timeout ? Verdict::Violation : Verdict::Holds);
  }
}

// The contract check has teeth: a declaration that leaves promises out is caught.
struct PromisesNotShifted : SplitBrainModel {
  using SplitBrainModel::SplitBrainModel;
  void interval_values(const SplitBrain::State& s, size_t, std::vector<uint32_t>& out) const {
    out.push_back(s.env.time.now);
  }
  SplitBrain::State remap_interval(const SplitBrain::State& s, size_t, const IntervalMap& f) const {
    SplitBrain::State t = s;
    t.env.time.now = static_cast<uint16_t>(f(s.env.time.now));
    return t;
  }
};

TEST(SplitBrainTest, IntervalContractCatchesAnUnsoundDeclaration) {
  auto c = unbounded(config(2, 0, 0));
  c.max_epoch = 1;
  EXPECT_GT(testing_support::interval_contract_failures(PromisesNotShifted(c)), 0u);
  EXPECT_EQ(testing_support::interval_contract_failures(SplitBrainModel(c)), 0u);
}

// The quotient is exact within a depth.
TEST(SplitBrainTest, IntervalQuotientMatchesADepthBoundedSearch) {
  auto c = unbounded(config(3, 0, 0));
  c.max_epoch = 1;
  testing_support::check_quotient_within_depth(SplitBrainModel(c), 12);
}

// Every verdict is the same with time shifted (for all time) as with horizon 3: the designs
// that hold still hold, each missing piece is found with the same shortest length, and its
// trace is a real run of the unreduced model (replayed by labels from true time 0, it
// violates the property), the same for any worker count.
TEST(SplitBrainTest, ShiftedTimeKeepsVerdictsAndRealShortestCounterexamples) {
  auto no_lease = config(3, 3, 1);
  no_lease.lease = false;
  auto no_fencing = config(3, 3, 1);
  no_fencing.fencing = false;
  auto short_lease = config(3, 3, 1);
  short_lease.margin = 1;
  auto takeover = config(3, 3, 1);
  takeover.election = Election::Timeout;
  struct Case {
    const char* name;
    SplitBrain config;
  };
  for (const auto& [name, c] :
       {Case{"full", config(3, 3, 1)}, Case{"fencing only", no_lease},
        Case{"no fencing", no_fencing}, Case{"short lease", short_lease},
        Case{"takeover", takeover}}) {
    SCOPED_TRACE(name);
    testing_support::expect_shift_keeps_the_result(SplitBrainModel(unbounded(c)),
                                                   check_model(SplitBrainModel(c), workers(2)));
  }
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
