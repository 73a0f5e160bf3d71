// Expectation matching ([expect] vs a CheckResult), the vacuous verdict, and name checks.
#include "spec/expectation.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

CheckResult holds_with_goal(bool reached) {
  CheckResult r;
  r.verdict = Verdict::Holds;
  r.stats.distinct_states = 42;
  r.goals.push_back({"Chosen", "a value is chosen", reached, reached ? 3u : 0u});
  return r;
}

CheckResult violation(std::string property, size_t steps) {
  CheckResult r;
  r.verdict = Verdict::Violation;
  r.finding = Finding{std::move(property), "invariant", "", "", {}};
  r.finding->trace.steps.resize(steps);
  return r;
}

TEST(Expectation, EmptyExpectationIsMet) {
  EXPECT_TRUE(expectation_mismatches(violation("Agreement", 3), Expectation{}).empty());
  EXPECT_FALSE(Expectation{}.any());
}

TEST(Expectation, VacuousIsTheEffectiveVerdictWhenAGoalIsMissed) {
  EXPECT_FALSE(is_vacuous(holds_with_goal(true)));
  EXPECT_TRUE(is_vacuous(holds_with_goal(false)));
  CheckResult bounded = holds_with_goal(false);
  bounded.verdict = Verdict::HoldsUpToDepth;
  EXPECT_EQ(effective_verdict_name(bounded), "vacuous");
  CheckResult v = violation("Agreement", 1);
  v.goals.push_back({"Chosen", "", false, 0});
  EXPECT_EQ(effective_verdict_name(v), "violation");

  Expectation e;
  e.verdict = ExpectedVerdict::Holds;
  EXPECT_EQ(expectation_mismatches(holds_with_goal(false), e),
            std::vector<std::string>{"verdict is vacuous, expected holds"});
  e.verdict = ExpectedVerdict::Vacuous;
  EXPECT_TRUE(expectation_mismatches(holds_with_goal(false), e).empty());
}

TEST(Expectation, VerdictPropertyAndTraceLength) {
  Expectation e;
  e.verdict = ExpectedVerdict::Violation;
  e.property = "Agreement";
  e.trace_length = 4;
  EXPECT_TRUE(expectation_mismatches(violation("Agreement", 4), e).empty());
  EXPECT_EQ(expectation_mismatches(violation("Validity", 5), e),
            (std::vector<std::string>{"violated property is Validity, expected Agreement",
                                      "trace length is 5, expected 4"}));
  EXPECT_EQ(expectation_mismatches(holds_with_goal(true), e),
            (std::vector<std::string>{"verdict is holds, expected violation",
                                      "no property was violated, expected a violation of "
                                      "Agreement",
                                      "no trace, expected one of length 4"}));
}

TEST(Expectation, DistinctStatesAndGoals) {
  Expectation e;
  e.distinct_states = 42;
  e.goals = {"Chosen"};
  EXPECT_TRUE(expectation_mismatches(holds_with_goal(true), e).empty());
  CheckResult r = holds_with_goal(false);
  r.stats.distinct_states = 40;
  EXPECT_EQ(expectation_mismatches(r, e),
            (std::vector<std::string>{"distinct states: 40, expected 42",
                                      "goal Chosen was not reached"}));
}

TEST(Expectation, EffectiveVerdictNames) {
  CheckResult r;
  r.verdict = Verdict::LimitReached;
  EXPECT_EQ(effective_verdict_name(r), "limit");
  r.verdict = Verdict::Interrupted;
  EXPECT_EQ(effective_verdict_name(r), "interrupted");
  r.verdict = Verdict::Deadlock;
  EXPECT_EQ(effective_verdict_name(r), "deadlock");
  r.verdict = Verdict::HoldsUpToDepth;
  EXPECT_EQ(effective_verdict_name(r), "holds-up-to-depth");
  EXPECT_EQ(expected_verdict_name(ExpectedVerdict::HoldsUpToDepth), "holds-up-to-depth");
}

TEST(Expectation, NamesAreCheckedAgainstTheModel) {
  const auto& model = testing::fake_models()[0];
  auto props = model.make(ParamValues::resolve(model.params, {}, "t"), "correct")->properties();
  CheckRequest req;
  req.file = "x.ini";
  req.model = &model;
  req.origins["expect.property"] = "x.ini:9";
  req.origins["expect.goals"] = "x.ini:10";
  req.expect.property = "Agreement";
  req.expect.goals = {"Chosen"};
  EXPECT_NO_THROW(check_expectation_names(req, props));
  req.expect.property = "Chosen";  // a goal, not a checked property
  try {
    check_expectation_names(req, props);
    ADD_FAILURE();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()),
              "x.ini:9: expect.property = 'Chosen': expected a property of toy: Agreement, "
              "Monotone, deadlock");
  }
  req.expect.property.reset();
  req.expect.goals = {"Chosen", "Agreement"};
  try {
    check_expectation_names(req, props);
    ADD_FAILURE();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()),
              "x.ini:10: expect.goals: 'Agreement' is not a goal of toy (goals: Chosen)");
  }
}

}  // namespace
}  // namespace faultline
