// engine.sweep (the sweep-line method with a graded progress measure): a search that forgets
// each explored level gives the same counts, depths, verdicts and counterexamples as one that
// keeps every state, for any number of workers and either store; a measure that some
// transition does not raise by exactly one is a model error naming that transition.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/engines.hpp"
#include "models/paxos_abstract/paxos_abstract.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"

namespace faultline {
namespace {

// The grid walk with x + y as its progress measure: graded while the walk cannot wrap
// (right and up add one), broken by the wrap's "reset" (from w + h back to 0).
class GradedGrid : public toy::Grid {
 public:
  using toy::Grid::Grid;
  uint64_t progress(const State& s) const { return static_cast<uint64_t>(s.x + s.y); }
  std::string progress_measure_name() const { return "x + y"; }
};
static_assert(GradedModel<GradedGrid>);
static_assert(GradedModel<PaxosAbstract>);
static_assert(!GradedModel<toy::Grid>);

CheckOptions opts(bool sweep, unsigned workers, StoreMode store = StoreMode::Fingerprint) {
  CheckOptions o;
  o.sweep = sweep;
  o.workers = workers;
  o.store = store;
  return o;
}

std::vector<std::string> labels(const CheckResult& r) {
  std::vector<std::string> out;
  if (r.finding)
    for (const auto& s : r.finding->trace.steps) out.push_back(s.label);
  return out;
}

// Everything a sweep must not change.
void expect_same_search(const CheckResult& swept, const CheckResult& kept) {
  EXPECT_EQ(swept.verdict, kept.verdict);
  EXPECT_EQ(swept.stats.distinct_states, kept.stats.distinct_states);
  EXPECT_EQ(swept.stats.generated_states, kept.stats.generated_states);
  EXPECT_EQ(swept.stats.depth, kept.stats.depth);
  EXPECT_EQ(labels(swept), labels(kept));
}

TEST(Sweep, GridCountsAndCounterexampleAreUnchanged) {
  GradedGrid corner_is_bad(5, 4, /*corner_is_bad=*/true);
  GradedGrid holds(5, 4);
  for (StoreMode store : {StoreMode::Fingerprint, StoreMode::Exact})
    for (unsigned w : {1u, 2u, 4u}) {
      CheckResult r = check_model(holds, opts(true, w, store));
      EXPECT_EQ(r.verdict, Verdict::Holds);
      EXPECT_EQ(r.stats.distinct_states, 30u);  // 6 x 5 points
      EXPECT_EQ(r.stats.depth, 9u);
      EXPECT_EQ(r.stats.sweep, "x + y");
      expect_same_search(r, check_model(holds, opts(false, w, store)));
      CheckResult bad = check_model(corner_is_bad, opts(true, w, store));
      ASSERT_EQ(bad.verdict, Verdict::Violation);
      EXPECT_EQ(labels(bad).size(), 9u);
      expect_same_search(bad, check_model(corner_is_bad, opts(false, w, store)));
    }
}

TEST(Sweep, MeasureThatATransitionDoesNotRaiseByOneIsAModelError) {
  GradedGrid wraps(3, 2, /*corner_is_bad=*/false, /*deadlock_at_corner=*/false);
  EXPECT_EQ(check_model(wraps, opts(false, 1)).verdict, Verdict::Holds);  // fine without sweep
  for (unsigned w : {1u, 4u}) {
    CheckResult r = check_model(wraps, opts(true, w));
    EXPECT_EQ(r.verdict, Verdict::Nondeterministic);
    EXPECT_NE(r.stop_reason.find("'reset' takes x + y from 5 to 0"), std::string::npos)
        << r.stop_reason;
  }
}

// The spec reader refuses engine.sweep for such a model (tests/cli/cli_test.cpp); a library
// caller who asks anyway gets an exception, not a run without the sweep.
TEST(Sweep, ModelWithoutAMeasureIsRefused) {
  EXPECT_THROW(check_model(toy::Grid(2, 2), opts(true, 1)), std::invalid_argument);
}

paxos_abstract::Constants constants(int n, int v, int b) {
  paxos_abstract::Constants c;
  c.acceptors = n;
  c.values = v;
  c.ballots = b;
  return c;
}

TEST(Sweep, PaxosAbstractCountsVerdictsAndTracesAreUnchanged) {
  PaxosAbstract correct(constants(3, 2, 3));
  PaxosAbstract any_value(constants(3, 2, 2), PaxosAbstract::Variant::AnyValue);
  const CheckResult kept = check_model(correct, opts(false, 2));
  ASSERT_EQ(kept.stats.distinct_states, 185369u);
  const CheckResult bug_kept = check_model(any_value, opts(false, 2));
  ASSERT_EQ(bug_kept.verdict, Verdict::Violation);
  for (unsigned w : {1u, 2u, 3u}) {
    CheckResult r = check_model(correct, opts(true, w));
    EXPECT_EQ(r.stats.sweep, "messages sent");
    expect_same_search(r, kept);
    expect_same_search(check_model(any_value, opts(true, w)), bug_kept);
  }
}

TEST(Sweep, CombinesWithASpilledFrontier) {
  PaxosAbstract m(constants(3, 2, 3));
  CheckOptions o = opts(true, 2);
  o.frontier_memory_bytes = 64 << 10;  // every level of any size spills to disk
  CheckResult r = check_model(m, o);
  EXPECT_GT(r.stats.frontier_spilled_bytes, 0u);
  expect_same_search(r, check_model(m, opts(false, 2)));
}

TEST(Sweep, CombinesWithSymmetry) {
  PaxosAbstract m(constants(3, 2, 3));
  CheckOptions reduced = opts(false, 2);
  reduced.symmetry = true;
  CheckOptions swept = reduced;
  swept.sweep = true;
  CheckResult r = check_model(m, swept);
  EXPECT_EQ(r.stats.distinct_states, 34113u);  // the classes pinned in paxos_abstract_test
  expect_same_search(r, check_model(m, reduced));
}

}  // namespace
}  // namespace faultline
