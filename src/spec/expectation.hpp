// Compares a CheckResult with a spec's [expect] section, and checks the section's property
// and goal names against the model's properties.
#pragma once
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/properties.hpp"
#include "spec/check_request.hpp"

namespace faultline {

// True when the properties hold (verdict Holds or HoldsUpToDepth) but a goal was not reached.
bool is_vacuous(const CheckResult& result);

// The verdict as [expect] spells it: "holds", "holds-up-to-depth", "violation", "deadlock",
// "vacuous", "limit"; and for verdicts [expect] cannot name: "interrupted",
// "goal-reached", "goal-unreachable", "nondeterministic".
std::string effective_verdict_name(const CheckResult& result);
std::string expected_verdict_name(ExpectedVerdict verdict);

// Every way `result` differs from `expect`, one phrase each; empty when the expectation is met.
std::vector<std::string> expectation_mismatches(const CheckResult& result,
                                                const Expectation& expect);

// Throws SpecError (naming the key's origin) when expect.property is not an invariant or step
// property of the model (or "deadlock"), or an expect.goals entry is not one of its goals.
void check_expectation_names(const CheckRequest& request,
                             const std::vector<PropertyInfo>& properties);

}  // namespace faultline
