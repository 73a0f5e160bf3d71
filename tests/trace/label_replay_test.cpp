// Replaying labels on toy models: each step's state, the invariants and step properties that
// fail and where, goals first reached, and the enabled actions at a step that is not enabled.
#include "trace/label_replay.hpp"

#include <gtest/gtest.h>

#include "tests/engine/toy_models.hpp"

namespace faultline {
namespace {

TEST(LabelReplay, EvaluatesPropertiesAndGoalsAtEveryStep) {
  toy::Grid grid(2, 2, /*corner_is_bad=*/true, /*deadlock_at_corner=*/false);
  LabelReplay r = replay_labels(grid, {"right", "up", "right", "up", "reset", "up"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.steps, 6u);
  EXPECT_EQ(r.initial, (FieldList{{"x", "0"}, {"y", "0"}}));
  EXPECT_TRUE(r.initial_failures.empty());
  ASSERT_EQ(r.trace.size(), 6u);
  EXPECT_EQ(r.trace[2].label, "right");
  EXPECT_EQ(r.trace[2].state, (FieldList{{"x", "2"}, {"y", "1"}}));
  // Diagonal (x == y > 0) first at step 2; not reported again at step 4.
  EXPECT_EQ(r.trace[1].first_reached, std::vector<std::string>{"Diagonal"});
  EXPECT_TRUE(r.trace[3].first_reached.empty());
  // The corner (2,2) is reached at step 4 only.
  for (size_t i = 0; i < r.trace.size(); ++i)
    EXPECT_EQ(r.trace[i].failures.size(), i == 3 ? 1u : 0u) << "step " << i + 1;
  EXPECT_EQ(r.trace[3].failures[0].property, "NotAtCorner");
  EXPECT_EQ(r.trace[3].failures[0].kind, "invariant");
  EXPECT_EQ(r.trace[3].failures[0].reason, "at (2,2)");
  EXPECT_TRUE(r.violated.empty());  // the last state, (0,1), is fine
  EXPECT_TRUE(r.goals_reached.empty());
}

TEST(LabelReplay, StepPropertiesFailOnTheStepThatBreaksThem) {
  toy::Counter counter(3, /*can_drop=*/true);
  LabelReplay r = replay_labels(counter, {"add 2", "add -2", "add 1"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.trace[0].failures.empty());
  ASSERT_EQ(r.trace[1].failures.size(), 1u);
  EXPECT_EQ(r.trace[1].failures[0].property, "Monotonic");
  EXPECT_EQ(r.trace[1].failures[0].kind, "step");
  EXPECT_EQ(r.trace[1].failures[0].reason, "2 -> 0");
  EXPECT_TRUE(r.trace[2].failures.empty());
}

TEST(LabelReplay, AStepThatIsNotEnabledListsTheEnabledOnes) {
  toy::Counter counter(3, /*can_drop=*/true);
  // "add 0" is enumerated but does nothing: it is not listed as enabled.
  LabelReplay r = replay_labels(counter, {"add 2", "add 2", "add 1"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_step, 2u);
  EXPECT_EQ(r.failed_label, "add 2");
  EXPECT_EQ(r.steps, 1u);
  ASSERT_EQ(r.trace.size(), 1u);
  EXPECT_EQ(r.enabled, (std::vector<std::string>{"add 1", "add -2"}));
  EXPECT_EQ(r.error, "step 2: 'add 2' is not enabled");
}

TEST(LabelReplay, AnEmptyTraceChecksTheInitialState) {
  toy::Grid corner(0, 0, /*corner_is_bad=*/true);
  LabelReplay r = replay_labels(corner, {});
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.initial_failures.size(), 1u);
  EXPECT_EQ(r.violated, std::vector<std::string>{"NotAtCorner"});
}

// A model whose labels do not tell two different steps apart: replay refuses to guess.
class Unlabelled : public toy::Counter {
 public:
  Unlabelled() : toy::Counter(3, false) {}
  std::string action_label(const State&, Action) const { return "step"; }
};

TEST(LabelReplay, AnAmbiguousLabelIsAnError) {
  LabelReplay r = replay_labels(Unlabelled(), {"step"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_step, 0u);
  EXPECT_EQ(r.error,
            "step 1: 'step' names two different steps (the model's labels are ambiguous here)");
}

}  // namespace
}  // namespace faultline
