// Expectation matching: the effective verdict (with "vacuous"), and the mismatch phrases
// printed after "expect: NOT met:".
#include "spec/expectation.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"

namespace faultline {
bool is_vacuous(const CheckResult& result) {
  if (result.simulation) return false;  // random walks never show a goal unreachable
  if (result.verdict != Verdict::Holds && result.verdict != Verdict::HoldsUpToDepth) return false;
  for (const auto& g : result.goals)
    if (!g.reached) return true;
  return false;
}

std::string effective_verdict_name(const CheckResult& result) {
  if (is_vacuous(result)) return "vacuous";
  switch (result.verdict) {
    case Verdict::Holds:
      return "holds";
    case Verdict::HoldsUpToDepth:
      return "holds-up-to-depth";
    case Verdict::Violation:
      return "violation";
    case Verdict::Deadlock:
      return "deadlock";
    case Verdict::GoalReached:
      return "goal-reached";
    case Verdict::GoalUnreachable:
      return "goal-unreachable";
    case Verdict::LimitReached:
      return "limit";
    case Verdict::Interrupted:
      return "interrupted";
    case Verdict::Nondeterministic:
      return "nondeterministic";
  }
  return "unknown";
}

std::string expected_verdict_name(ExpectedVerdict verdict) {
  switch (verdict) {
    case ExpectedVerdict::Holds:
      return "holds";
    case ExpectedVerdict::HoldsUpToDepth:
      return "holds-up-to-depth";
    case ExpectedVerdict::Violation:
      return "violation";
    case ExpectedVerdict::Deadlock:
      return "deadlock";
    case ExpectedVerdict::Vacuous:
      return "vacuous";
    case ExpectedVerdict::Limit:
      return "limit";
    case ExpectedVerdict::GoalReached:
      return "goal-reached";
    case ExpectedVerdict::GoalUnreachable:
      return "goal-unreachable";
  }
  return "unknown";
}

std::vector<std::string> expectation_mismatches(const CheckResult& result,
                                                const Expectation& expect) {
  std::vector<std::string> out;
  if (expect.verdict) {
    std::string got = effective_verdict_name(result);
    std::string want = expected_verdict_name(*expect.verdict);
    if (got != want) out.push_back("verdict is " + got + ", expected " + want);
  }
  if (expect.property) {
    if (!result.finding || result.verdict != Verdict::Violation)
      out.push_back("no property was violated, expected a violation of " + *expect.property);
    else if (result.finding->property != *expect.property)
      out.push_back("violated property is " + result.finding->property + ", expected " +
                    *expect.property);
  }
  if (expect.trace_length) {
    if (!result.finding)
      out.push_back("no trace, expected one of length " + std::to_string(*expect.trace_length));
    else if (result.finding->trace.steps.size() != *expect.trace_length)
      out.push_back("trace length is " + std::to_string(result.finding->trace.steps.size()) +
                    ", expected " + std::to_string(*expect.trace_length));
  }
  if (expect.distinct_states && result.stats.distinct_states != *expect.distinct_states)
    out.push_back("distinct states: " + std::to_string(result.stats.distinct_states) +
                  ", expected " + std::to_string(*expect.distinct_states));
  if (expect.generated_states && result.stats.generated_states != *expect.generated_states)
    out.push_back("generated states: " + std::to_string(result.stats.generated_states) +
                  ", expected " + std::to_string(*expect.generated_states));
  auto reached = [&](const std::string& name) -> const GoalStatus* {
    for (const auto& g : result.goals)
      if (g.name == name && g.reached) return &g;
    return nullptr;
  };
  for (const auto& name : expect.goals)
    if (!reached(name)) out.push_back("goal " + name + " was not reached");
  for (const auto& [name, depth] : expect.goal_depths) {
    const GoalStatus* g = reached(name);
    if (!g)
      out.push_back("goal " + name + " was not reached, expected it at depth " +
                    std::to_string(depth));
    else if (g->depth != depth)
      out.push_back("goal " + name + " first reached at depth " + std::to_string(g->depth) +
                    ", expected " + std::to_string(depth));
  }
  return out;
}

std::optional<Expectation> simulation_expectation(const Expectation& expect) {
  if (!expect.verdict) return std::nullopt;
  Expectation e;
  e.property = expect.property;
  switch (*expect.verdict) {
    case ExpectedVerdict::Violation:
    case ExpectedVerdict::Deadlock:
      e.verdict = expect.verdict;
      return e;
    case ExpectedVerdict::Holds:
    case ExpectedVerdict::HoldsUpToDepth:
    case ExpectedVerdict::Vacuous:
      e.verdict = ExpectedVerdict::Holds;
      return e;
    case ExpectedVerdict::Limit:
    case ExpectedVerdict::GoalReached:
    case ExpectedVerdict::GoalUnreachable:
      return std::nullopt;
  }
  return std::nullopt;
}

void check_expectation_names(const CheckRequest& request,
                             const std::vector<PropertyInfo>& properties,
                             const std::function<std::string(const std::string&)>& goal_hint) {
  std::vector<std::string> checked, goals;
  for (const auto& p : properties)
    (p.kind == PropertyKind::Goal ? goals : checked).push_back(p.name);
  checked.push_back("deadlock");
  const std::string model = request.model ? request.model->name : "the model";
  if (const auto& p = request.expect.property) {
    bool known = false;
    for (const auto& n : checked) known = known || n == *p;
    if (!known)
      throw SpecError(request.where("expect.property") + ": expect.property = '" + *p +
                      "': expected a property of " + model + ": " + join(checked));
  }
  auto check_goal = [&](const std::string& key, const std::string& g) {
    bool known = false;
    for (const auto& n : goals) known = known || n == g;
    if (!known)
      throw SpecError(request.where(key) + ": " + key + ": '" + g + "' is not a goal of " + model +
                      " (goals: " + (goals.empty() ? std::string("none") : join(goals)) + ")" +
                      (goal_hint ? goal_hint(g) : std::string()));
  };
  for (const auto& g : request.expect.goals) check_goal("expect.goals", g);
  for (const auto& [g, depth] : request.expect.goal_depths) check_goal("expect.goal_depths", g);
  if (const auto& g = request.options.witness_goal) check_goal("engine.goal", *g);
}

}  // namespace faultline
