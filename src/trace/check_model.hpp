// One check of a typed model: explore (or simulate), then rebuild the counterexample or
// witness by replay and confirm that the property really fails (or the goal is really
// reached) at its end.
#pragma once
#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/search.hpp"
#include "engine/simulate.hpp"
#include "trace/replay.hpp"

namespace faultline {

// Turns an explorer's outcome into a result with a replayed, confirmed finding.
template <Model M>
CheckResult rebuild_finding(const M& model, ExploreOutcome out) {
  CheckResult result = std::move(out.result);
  if (!out.path) return result;

  Replayed<M> replay = replay_path(model, *out.path);
  auto nondeterministic = [&](const std::string& why) {
    result.verdict = Verdict::Nondeterministic;
    result.stop_reason = "the model's action enumeration or next-state function is not "
                         "deterministic: " + why;
    result.finding.reset();
    return result;
  };
  if (!replay.error.empty()) return nondeterministic(replay.error);

  const auto& props = model.properties();
  const auto& last = replay.states.back();
  Finding f;
  f.trace = std::move(replay.trace);
  switch (out.target) {
    case TargetKind::Invariant: {
      const auto& p = props.invariants[out.property_index];
      if (p.holds(last)) return nondeterministic("invariant " + p.name + " holds on replay");
      f = {p.name, "invariant", p.description, p.explain ? p.explain(last) : "", std::move(f.trace)};
      break;
    }
    case TargetKind::Step: {
      const auto& p = props.steps[out.property_index];
      const auto& before = replay.states[replay.states.size() - 2];
      if (p.holds(before, last)) return nondeterministic("step property " + p.name + " holds on replay");
      f = {p.name, "step", p.description, p.explain ? p.explain(before, last) : "",
           std::move(f.trace)};
      break;
    }
    case TargetKind::Deadlock:
      f = {"deadlock", "deadlock", "a reachable state has no enabled action",
           "no action is enabled in the last state", std::move(f.trace)};
      break;
    case TargetKind::Goal: {
      const auto& g = props.goals[out.property_index];
      if (!g.reached(last)) return nondeterministic("goal " + g.name + " not reached on replay");
      f = {g.name, "goal", g.description, "the last state reaches the goal", std::move(f.trace)};
      break;
    }
  }
  result.finding = std::move(f);
  return result;
}

template <Model M>
CheckResult check_model(const M& model, const CheckOptions& options) {
  return rebuild_finding(model, search(model, options));
}

template <Model M>
CheckResult simulate_model(const M& model, const CheckOptions& options,
                           const SimulateOptions& sim) {
  return rebuild_finding(model, Simulator<M>(model, options, sim).run());
}

}  // namespace faultline
