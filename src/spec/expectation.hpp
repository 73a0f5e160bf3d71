// Compares a CheckResult with a spec's [expect] section, and checks the section's property
// and goal names against the model's properties.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/properties.hpp"
#include "spec/check_request.hpp"

namespace faultline {

// True when the properties hold (verdict Holds or HoldsUpToDepth) but a goal was not reached
// (never for a simulation: random walks missing a goal do not show it unreachable).
bool is_vacuous(const CheckResult& result);

// The verdict as [expect] spells it: "holds", "holds-up-to-depth", "violation", "deadlock",
// "vacuous", "limit"; and for verdicts [expect] cannot name: "interrupted",
// "goal-reached", "goal-unreachable", "nondeterministic".
std::string effective_verdict_name(const CheckResult& result);
std::string expected_verdict_name(ExpectedVerdict verdict);

// Every way `result` differs from `expect`, one phrase each; empty when the expectation is met.
std::vector<std::string> expectation_mismatches(const CheckResult& result,
                                                const Expectation& expect);

// The part of [expect] that random simulation can judge: a violation or deadlock (and its
// property) must be found; holds, holds-up-to-depth and vacuous all mean "no violation found".
// trace_length, state counts, goals and goal depths are left out (a random walk's trace and state count
// are not the search's). nullopt when the verdict is absent or limit / goal-reached /
// goal-unreachable, which a simulation cannot judge.
std::optional<Expectation> simulation_expectation(const Expectation& expect);

// Throws SpecError (naming the key's origin) when expect.property is not an invariant or step
// property of the model (or "deadlock"), or an expect.goals entry is not one of its goals
// (with goal_hint(name) appended, e.g. where another parameter value would declare it).
void check_expectation_names(
    const CheckRequest& request, const std::vector<PropertyInfo>& properties,
    const std::function<std::string(const std::string&)>& goal_hint = {});

}  // namespace faultline
