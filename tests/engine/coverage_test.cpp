// Coverage counts (`check --coverage`): kinds derived from labels, declared kinds of the
// message-passing models (time actions included) with zeros for kinds that never fire, totals that match the
// generated-state count, and the same counts for any number of workers.
#include "engine/coverage.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "core/model_info.hpp"
#include "dist/action_kinds.hpp"
#include "spec/spec_file.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"

namespace faultline {
namespace {

TEST(Coverage, DefaultKindIsTheFirstWordPlusAMessageName) {
  EXPECT_EQ(default_action_kind("deliver Prepare(b=2) p1->a3"), "deliver Prepare");
  EXPECT_EQ(default_action_kind("crash a2"), "crash");
  EXPECT_EQ(default_action_kind("restart a2 (state lost)"), "restart");
  EXPECT_EQ(default_action_kind("heal"), "heal");
  EXPECT_EQ(default_action_kind("timeout s2 t=1"), "timeout");
  EXPECT_EQ(default_action_kind("append s1->s2 AppendEntries(t=1,prev=0/0,c=0)"), "append");
  EXPECT_EQ(default_action_kind("Phase1b(a1) on 1a(b=0)"), "Phase1b");
  EXPECT_EQ(default_action_kind("Phase1a(b=0)"), "Phase1a");
  EXPECT_EQ(default_action_kind(""), "");
}

TEST(Coverage, ToyModelCountsEveryTransitionByDerivedKind) {
  toy::Counter counter(3, /*can_drop=*/true);
  CheckOptions o;
  o.workers = 1;
  o.coverage = true;
  CheckResult r = check_model(counter, o);
  // States 0..3; "add 1" from 0,1,2; "add 2" from 0,1; "add -v" from 1,2,3 (kind "add").
  ASSERT_EQ(r.coverage.size(), 1u);
  EXPECT_EQ(r.coverage[0].kind, "add");
  EXPECT_FALSE(r.coverage[0].declared);
  // Stops at the first Monotonic violation (depth 2): levels 0 and 1 were expanded.
  EXPECT_EQ(r.coverage[0].count, r.stats.generated_states - 1);
  CheckOptions off = o;
  off.coverage = false;
  EXPECT_TRUE(check_model(counter, off).coverage.empty());
}

uint64_t total(const std::vector<ActionKindCount>& c) {
  return std::accumulate(c.begin(), c.end(), uint64_t{0},
                         [](uint64_t s, const ActionKindCount& k) { return s + k.count; });
}

// The spec's model with coverage on, for 1, 2 and 4 workers: the same counts each time,
// summing to the transitions made; `never` are the declared kinds that never fired.
void expect_same_counts_for_any_worker_count(const std::string& spec,
                                             const std::vector<SpecOverride>& overrides,
                                             const std::vector<std::string>& never) {
  CheckRequest req = load_spec(FAULTLINE_SOURCE_DIR "/specs/" + spec, overrides, all_models());
  auto runner = req.model->make(req.params, req.variant);
  CheckOptions o = req.options;
  o.coverage = true;
  o.workers = 1;
  CheckResult first = runner->check(o);
  ASSERT_FALSE(first.coverage.empty());
  EXPECT_EQ(total(first.coverage), first.stats.generated_states - 1);  // one initial state
  std::vector<std::string> zero;
  for (const auto& c : first.coverage) {
    EXPECT_TRUE(c.declared) << c.kind;
    if (c.count == 0) zero.push_back(c.kind);
  }
  EXPECT_EQ(zero, never);
  for (unsigned workers : {2u, 4u}) {
    o.workers = workers;
    CheckResult r = runner->check(o);
    ASSERT_EQ(r.coverage.size(), first.coverage.size());
    for (size_t k = 0; k < r.coverage.size(); ++k) {
      EXPECT_EQ(r.coverage[k].kind, first.coverage[k].kind);
      EXPECT_EQ(r.coverage[k].count, first.coverage[k].count)
          << r.coverage[k].kind << " with " << workers << " workers";
    }
  }
}

TEST(Coverage, PaxosDeclaredKindsAreTheSameForAnyWorkerCount) {
  expect_same_counts_for_any_worker_count(
      "paxos_shared_ballots.ini", {{"faults.drop", "1"}, {"faults.crash", "1"}}, {});
}

TEST(Coverage, RaftWithoutClientCommandsFlagsTheKindsThatNeverFire) {
  // commands = 0: no client request, so logs stay empty: no append fails, and every AppendOk
  // (match 0, never above the leader's matchIndex) is discarded as useless before delivery.
  expect_same_counts_for_any_worker_count("raft_count_stale_votes.ini", {},
                                          {"client", "deliver AppendOk", "deliver AppendFail"});
}

TEST(Coverage, TimedModelsDeclareTheirStepsAndTimeActions) {
  // lease: drifting clocks and pauses, so "clock", "pause" and "resume" are declared and fire.
  expect_same_counts_for_any_worker_count("lease_correct_pause.ini", {}, {});
  expect_same_counts_for_any_worker_count("fencing_correct.ini", {}, {});
  expect_same_counts_for_any_worker_count("split_brain_full.ini", {}, {});
  // Takeover elects by timeout and announces NewLeader: no votes declared. The violation
  // (two leaders acting) is found before any write reaches the storage.
  expect_same_counts_for_any_worker_count("split_brain_timeout_takeover.ini", {},
                                          {"write", "deliver Write"});
}

TEST(Coverage, TimeKindsFollowTheTimeConfiguration) {
  dist::TimeConfig time;
  dist::ActionKindTable still({"step"}, {"M"}, dist::FaultBudget{}, time);
  EXPECT_EQ(still.names(), (std::vector<std::string>{"step", "deliver M", "tick"}));
  time.drift = 1;
  time.clocked = dist::NodeSet::range(0, 2);
  time.pauses = 1;
  time.pausable = dist::NodeSet::range(1, 1);
  dist::ActionKindTable timed({"step"}, {"M"}, dist::FaultBudget{}, time);
  EXPECT_EQ(timed.names(), (std::vector<std::string>{"step", "deliver M", "tick", "clock",
                                                     "pause", "resume"}));
  EXPECT_EQ(timed.kind({dist::ActionKind::Resume, 1, 0, 0}, 0), 5u);
  EXPECT_EQ(timed.kind({dist::ActionKind::ClockAhead, 0, 0, 0}, 0), 3u);
  EXPECT_EQ(timed.kind({dist::ActionKind::Deliver, 0, 0, 0}, 0), 1u);
}

}  // namespace
}  // namespace faultline
