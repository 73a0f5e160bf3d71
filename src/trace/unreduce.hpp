// Mapping a trace found under symmetry reduction back to a real run of the unreduced model.
// The engine explored canonical representatives c0, c1, ..., cn (each step's action taken on
// c(i-1), its successor then replaced by the canonical form of its class). Starting from
// the real initial state whose class is c0's, each step takes the first action of the real
// state whose successor lies in the class of c(i); the symmetry contracts
// (src/core/symmetry.hpp for permutations, src/core/interval.hpp for shifted counters)
// guarantee one exists: the real state and c(i-1) are in one class, so their successors are
// too. On the last step of a step-property
// violation, an action whose transition violates the property is preferred (one exists for
// the same reason). The result replays action by action in the unreduced model.
#pragma once
#include <string>
#include <vector>

#include "engine/explore_outcome.hpp"
#include "engine/kernel.hpp"
#include "core/run_guard.hpp"
#include "engine/symmetric_model.hpp"
#include "trace/chart_hooks.hpp"
#include "trace/replay.hpp"

namespace faultline {

template <ReducibleModel M>
Replayed<M> unreduce(const Symmetric<M>& sym, const std::vector<typename M::State>& canonical,
                     TargetKind target, size_t property, RunGuard* guard = nullptr) {
  using State = typename M::State;
  const M& m = sym.base();
  Kernel<M> kernel(m);
  auto class_of = [&](const State& s) {
    ByteSink sink;
    sym.encode(s, sink);
    return std::string(sink.view());
  };
  Replayed<M> out;
  const std::string first = class_of(canonical.front());
  for (const State& s : m.initial_states())
    if (class_of(s) == first) {
      out.states.push_back(s);
      break;
    }
  if (out.states.empty()) {
    out.error = "symmetry: no initial state of the unreduced model is in the trace's first class";
    return out;
  }
  out.trace.initial = describe_state(m, out.states.front());
  out.trace.lanes = chart_lanes(m);
  std::vector<typename M::Action> actions;
  for (size_t step = 1; step < canonical.size(); ++step) {
    if (guard) guard->poll();
    const State& s = out.states.back();
    const std::string want = class_of(canonical[step]);
    const bool last_step_property =
        target == TargetKind::Step && step + 1 == canonical.size();
    kernel.enabled(s, actions);
    std::optional<State> chosen, fallback;
    std::optional<typename M::Action> chosen_action, fallback_action;
    std::string label, fallback_label;
    for (const auto& a : actions) {
      std::optional<State> next = kernel.successor(s, a);
      if (!next || class_of(*next) != want) continue;
      if (last_step_property && !kernel.step_fails(s, *next, property)) {
        if (!fallback) {
          fallback = std::move(next);
          fallback_action = a;
          fallback_label = m.action_label(s, a);
        }
        continue;
      }
      chosen = std::move(next);
      chosen_action = a;
      label = m.action_label(s, a);
      break;
    }
    if (!chosen && fallback) {
      chosen = std::move(fallback);
      chosen_action = fallback_action;
      label = fallback_label;
    }
    if (!chosen) {
      out.error = "symmetry: at step " + std::to_string(step) +
                  " no action of the unreduced model reaches the explored class (the model's "
                  "symmetry declaration does not hold)";
      return out;
    }
    auto events = chart_events(m, s, *chosen_action, *chosen, label);
    out.trace.steps.push_back({label, describe_state(m, *chosen), std::move(events)});
    out.states.push_back(std::move(*chosen));
  }
  return out;
}

}  // namespace faultline
