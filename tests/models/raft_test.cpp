// Tests of the "raft" model: labels, deterministic enumeration, encoding round trip, the
// engine against an independent BFS, pinned state counts for small correct configurations,
// each bug variant's pinned shortest counterexample, and the registration.
#include "models/engines.hpp"
#include "models/raft/raft.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>

#include "core/errors.hpp"
#include "models/registry.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline::raft {
namespace {

Raft config(unsigned servers, unsigned commands, unsigned max_term,
                  Variant var = Variant::Correct) {
  Raft c;
  c.servers = servers;
  c.commands = commands;
  c.max_term = max_term;
  c.variant = var;
  return c;
}

using testing_support::after;
using testing_support::bytes;
using testing_support::explore_all;
using testing_support::workers;

TEST(RaftTest, HappyPathElectsReplicatesAndCommits) {
  RaftModel m(config(3, 1, 1));
  Raft::State s = after(m, {"timeout s1 t=1", "deliver RequestVote(t=1,last=0/0) s1->s2",
                          "deliver Vote(t=1,granted) s2->s1", "client s1 v1",
                          "append s1->s2 AppendEntries(t=1,prev=0/0,e=1:v1,c=0)",
                          "deliver AppendEntries(t=1,prev=0/0,e=1:v1,c=0) s1->s2",
                          "deliver AppendOk(t=1,match=1) s2->s1"});
  EXPECT_EQ(s.nodes[0].role, Role::leader);
  EXPECT_EQ(s.nodes[0].commit, 1);
  ASSERT_EQ(s.ghost.committed.size(), 1u);
  EXPECT_EQ(s.ghost.committed[0].cterm, 1);
  EXPECT_EQ(s.ghost.leaders[1], dist::NodeSet(0b001));  // s1 in term 1, no other election
  for (size_t t = 2; t < s.ghost.leaders.size(); ++t) EXPECT_TRUE(s.ghost.leaders[t].empty());
  const auto& goals = m.properties().goals;
  EXPECT_TRUE(goals[0].reached(s));
  EXPECT_TRUE(goals[1].reached(s));
  EXPECT_FALSE(goals[2].reached(s));
  // The vote request to s3 is still useful; nothing else is in flight.
  EXPECT_EQ(s.env.net.total(), 1u);
}

TEST(RaftTest, DeterministicEnumerationAndEncodingRoundTrip) {
  auto c = config(2, 1, 2);
  c.faults.drop = c.faults.duplicate = c.faults.crash = c.faults.partition = 1;
  RaftModel m(c);
  size_t checked = 0;
  explore_all(m, [&](const Raft::State& s) {
    std::string b = bytes(m, s);
    ByteSource src(b);
    Raft::State back = m.decode(src);
    ASSERT_TRUE(src.done());
    ASSERT_EQ(back, s);
    std::vector<dist::Action> a1, a2;
    m.actions(s, a1);
    m.actions(back, a2);
    ASSERT_EQ(a1, a2);
    for (const auto& a : a1) {
      ASSERT_EQ(m.action_label(s, a), m.action_label(back, a));
      ASSERT_EQ(bytes(m, *m.next_state(s, a)), bytes(m, *m.next_state(back, a)));
    }
    ++checked;
  });
  EXPECT_GT(checked, 1000u);
  EXPECT_EQ(checked, check_model(m, workers(2)).stats.distinct_states);
}

TEST(RaftTest, CorrectHoldsWithPinnedCounts) {
  struct Case {
    Raft config;
    uint64_t states;
  };
  auto crash = config(3, 1, 2);
  crash.faults.crash = 1;
  for (const auto& [c, states] :
       {Case{config(3, 1, 1), 41345u}, Case{config(3, 1, 2), 205428u}, Case{crash, 1237497u}}) {
    CheckResult r = check_model(RaftModel(c), workers(2));
    EXPECT_EQ(r.verdict, Verdict::Holds);
    EXPECT_EQ(r.stats.distinct_states, states);
  }
}

struct Expected {
  Raft config;
  std::string property;
  size_t length;
};

TEST(RaftTest, VariantsShortestCounterexamples) {
  auto vnp = config(3, 0, 2, Variant::VoteNotPersisted);
  vnp.faults.crash = 1;
  std::vector<Expected> cases = {
      {vnp, "CurrentTermMonotonic", 2},
      {config(3, 1, 2, Variant::NoLogUpToDateCheck), "LeaderCompleteness", 10},
      {config(3, 1, 2, Variant::TruncateOnStaleAppend), "LeaderCompleteness", 12},
      {config(3, 0, 2, Variant::CountStaleVotes), "ElectionSafety", 7},
  };
  for (const auto& e : cases) {
    CheckResult r = check_model(RaftModel(e.config), workers(2));
    ASSERT_EQ(r.verdict, Verdict::Violation) << e.property;
    ASSERT_TRUE(r.finding);
    EXPECT_EQ(r.finding->property, e.property);
    EXPECT_EQ(r.finding->trace.steps.size(), e.length) << e.property;
  }
}

// Vote-not-persisted with the step properties left out: what the lost vote leads to.
TEST(RaftTest, VoteNotPersistedBreaksElectionSafety) {
  auto c = config(3, 0, 2, Variant::VoteNotPersisted);
  c.faults.crash = 1;
  CheckResult r = check_model(RaftModel(c).without(PropertyKind::Step), workers(2));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->property, "ElectionSafety");
  EXPECT_EQ(r.finding->trace.steps.size(), 8u);
  c.variant = Variant::Correct;
  EXPECT_EQ(check_model(RaftModel(c), workers(2)).verdict, Verdict::Holds);
}

// The Figure 8 scenario of the Raft paper, as the slow spec
// specs/slow/raft_commit_old_term_entries.ini finds it (22 steps): s3 commits v1 of term 1 in
// term 3 by counting replicas, then s2 (last entry of term 2) wins term 4 without it.
const std::vector<std::string> kFigure8 = {
    "timeout s3 t=1", "deliver RequestVote(t=1,last=0/0) s3->s2",
    "deliver Vote(t=1,granted) s2->s3", "client s3 v1", "timeout s2 t=2",
    "deliver RequestVote(t=2,last=0/0) s2->s1", "deliver RequestVote(t=2,last=0/0) s2->s3",
    "timeout s3 t=3", "deliver RequestVote(t=3,last=1/1) s3->s1",
    "deliver Vote(t=2,granted) s1->s2", "deliver Vote(t=3,granted) s1->s3",
    "append s3->s1 AppendEntries(t=3,prev=1/1,c=0)",
    "deliver AppendEntries(t=3,prev=1/1,c=0) s3->s1", "deliver AppendFail(t=3,prev=1) s1->s3",
    "client s2 v2", "append s3->s1 AppendEntries(t=3,prev=0/0,e=1:v1,c=0)",
    "deliver AppendEntries(t=3,prev=0/0,e=1:v1,c=0) s3->s1",
    "deliver AppendOk(t=3,match=1) s1->s3",  // step 18: the old-term commit
    "deliver RequestVote(t=3,last=1/1) s3->s2", "timeout s2 t=4",
    "deliver RequestVote(t=4,last=1/2) s2->s1", "deliver Vote(t=4,granted) s1->s2"};

size_t first_violated_invariant_step(const RaftModel& m, const std::vector<std::string>& labels,
                                     std::string& property) {
  for (size_t n = 0; n <= labels.size(); ++n) {
    const Raft::State s = testing_support::after(
        m, std::vector<std::string>(labels.begin(), labels.begin() + static_cast<long>(n)));
    for (const auto& inv : m.properties().invariants)
      if (!inv.holds(s)) {
        property = inv.name;
        return n;
      }
  }
  return 0;
}

TEST(RaftTest, CommitOldTermEntriesFigure8) {
  auto c = config(3, 2, 4, Variant::CommitOldTermEntries);
  c.max_log = 1;
  RaftModel buggy(c);
  const Raft::State before = testing_support::after(
      buggy, std::vector<std::string>(kFigure8.begin(), kFigure8.begin() + 17));
  EXPECT_TRUE(before.ghost.committed.empty());
  const Raft::State committed = testing_support::after(
      buggy, std::vector<std::string>(kFigure8.begin(), kFigure8.begin() + 18));
  ASSERT_EQ(committed.ghost.committed.size(), 1u);
  EXPECT_EQ(committed.ghost.committed[0], (Committed{1, 1, 1, 3}));  // entry 1=1:v1, in term 3
  std::string property;
  EXPECT_EQ(first_violated_invariant_step(buggy, kFigure8, property), 22u);
  EXPECT_EQ(property, "LeaderCompleteness");
  // The published rule: the term-3 leader does not commit an entry of term 1 by counting.
  c.variant = Variant::Correct;
  RaftModel correct(c);
  const Raft::State held = testing_support::after(
      correct, std::vector<std::string>(kFigure8.begin(), kFigure8.begin() + 18));
  EXPECT_TRUE(held.ghost.committed.empty());
  EXPECT_EQ(first_violated_invariant_step(correct, kFigure8, property), 0u);
}

TEST(RaftTest, RecoveryGoalsAreOptInAndReachable) {
  auto c = config(3, 1, 2);
  c.faults.crash = 1;
  EXPECT_EQ(RaftModel(c).properties().goals.size(), 3u);
  c.recovery_goals = true;
  RaftModel m(c);
  ASSERT_EQ(m.properties().goals.size(), 6u);
  // Witness searches stop at the first (shortest) trace reaching the goal.
  for (const auto& [goal, length] : {std::pair<std::string, size_t>{"LeaderCrashRecovered", 12},
                                     {"FollowerCrashRecovered", 9}}) {
    CheckOptions o = workers(2);
    o.witness_goal = goal;
    CheckResult r = check_model(m, o);
    ASSERT_EQ(r.verdict, Verdict::GoalReached) << goal;
    EXPECT_EQ(r.finding->trace.steps.size(), length) << goal;
  }
  // A leader that crashes right after its election is the disruption; the old leader
  // coming back and winning again is not a recovery by a successor.
  const Raft::State crashed = testing_support::after(
      m, {"timeout s1 t=1", "deliver RequestVote(t=1,last=0/0) s1->s2",
          "deliver Vote(t=1,granted) s2->s1", "crash s1"});
  ASSERT_TRUE(crashed.ghost.disruption);
  EXPECT_EQ(crashed.ghost.disruption->kind, DisruptionKind::leader_crash);
  EXPECT_EQ(crashed.ghost.disruption->server, 0);
  EXPECT_EQ(crashed.ghost.disruption->term, 1);
  const Raft::State again = testing_support::after(
      m, {"timeout s1 t=1", "deliver RequestVote(t=1,last=0/0) s1->s2",
          "deliver Vote(t=1,granted) s2->s1", "crash s1", "restart s1", "timeout s1 t=2",
          "deliver RequestVote(t=2,last=0/0) s1->s2", "deliver Vote(t=2,granted) s2->s1",
          "client s1 v1", "append s1->s2 AppendEntries(t=2,prev=0/0,e=2:v1,c=0)",
          "deliver AppendEntries(t=2,prev=0/0,e=2:v1,c=0) s1->s2",
          "deliver AppendOk(t=2,match=1) s2->s1"});
  ASSERT_EQ(again.ghost.committed.size(), 1u);
  EXPECT_FALSE(m.properties().goals[3].reached(again));  // LeaderCrashRecovered
  // A crash before any leader exists is no disruption of the classic exercises.
  EXPECT_FALSE(testing_support::after(m, {"crash s2"}).ghost.disruption);
}

// Symmetry over servers: the contract holds on every reachable state (faults and FIFO
// channels included), the engine stores exactly the classes, and verdicts and shortest
// counterexample lengths are the same as without it.
TEST(RaftTest, SymmetryContractAndClassCounts) {
  auto faults = config(3, 0, 1);
  faults.faults.crash = faults.faults.partition = faults.faults.drop = 1;
  auto fifo = config(3, 1, 1);
  fifo.network = dist::NetworkMode::Fifo;
  auto recovery = config(2, 1, 2);
  recovery.faults.crash = 1;
  recovery.recovery_goals = true;
  for (const auto& c : {faults, fifo, recovery}) {
    RaftModel m(c);
    const size_t classes = testing_support::check_symmetry_contract(m);
    CheckOptions o = workers(2);
    o.symmetry = true;
    CheckResult r = check_model(m, o);
    EXPECT_EQ(r.stats.distinct_states, classes);
    EXPECT_EQ(r.verdict, check_model(m, workers(2)).verdict);
  }
  CheckOptions o = workers(2);
  o.symmetry = true;
  auto crash = config(3, 1, 2);
  crash.faults.crash = 1;
  EXPECT_EQ(check_model(RaftModel(crash), o).stats.distinct_states, 206459u);  // of 1,237,497
}

TEST(RaftTest, FourServersSignaturesKeepTheClasses) {
  // 4 servers: runs of equal signatures of every length 1..4 occur; the classes must be those
  // of trying all 24 permutations.
  auto c = config(4, 1, 1);
  c.max_log = 1;
  EXPECT_EQ(testing_support::expect_signatures_keep_the_classes<RaftModel>(c), 201573u);
}

TEST(RaftTest, SymmetryKeepsVariantCounterexamplesShortAndReal) {
  auto vnp = config(3, 0, 2, Variant::VoteNotPersisted);
  vnp.faults.crash = 1;
  for (const auto& c : {vnp, config(3, 1, 2, Variant::NoLogUpToDateCheck),
                        config(3, 1, 2, Variant::TruncateOnStaleAppend),
                        config(3, 0, 2, Variant::CountStaleVotes)}) {
    RaftModel m(c);
    CheckOptions o = workers(2);
    CheckResult plain = check_model(m, o);
    o.symmetry = true;
    CheckResult reduced = check_model(m, o);
    ASSERT_EQ(reduced.verdict, Verdict::Violation);
    EXPECT_EQ(reduced.finding->property, plain.finding->property);
    EXPECT_EQ(reduced.finding->trace.steps.size(), plain.finding->trace.steps.size());
    EXPECT_LT(reduced.stats.distinct_states, plain.stats.distinct_states);
    std::vector<std::string> labels;
    for (const auto& s : reduced.finding->trace.steps) labels.push_back(s.label);
    LabelReplay replay = replay_labels(m, labels);
    ASSERT_TRUE(replay.ok) << replay.error;
    EXPECT_NE(std::find(replay.violated.begin(), replay.violated.end(), plain.finding->property),
              replay.violated.end());
  }
}

TEST(RaftTest, ParametersAndVariants) {
  ModelInfo info = raft_model_info();
  EXPECT_EQ(info.name, "raft");
  ASSERT_EQ(info.variants.size(), 6u);
  EXPECT_EQ(info.variants[0].name, "correct");
  const auto defaults = ParamValues::resolve(info.params, {}, "spec");
  for (const auto& v : info.variants) EXPECT_NO_THROW(info.make(defaults, v.name)) << v.name;
  EXPECT_THROW(info.make(defaults, "no-such-variant"), SpecError);
  for (const char* key :
       {"servers", "commands", "max_term", "max_log", "drop", "duplicate", "crash", "partition"}) {
    bool found = false;
    for (const auto& p : info.params) found |= p.name == key;
    EXPECT_TRUE(found) << key;
  }
  auto ok = ParamValues::resolve(info.params, {{"max_term", "1"}}, "spec");
  EXPECT_EQ(info.make(ok, "correct")->check(workers(1)).stats.distinct_states, 41345u);
}

}  // namespace
}  // namespace faultline::raft
