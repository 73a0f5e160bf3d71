// Replaying a trace given as action labels (what faultline prints): at each step the action
// whose label matches is taken. Used to confirm that every printed counterexample is a real
// run of the model, and the basis for checking hand-written traces.
#pragma once
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"

namespace faultline {

template <Model M>
LabelReplay replay_labels(const M& model, const std::vector<std::string>& labels) {
  LabelReplay out;
  std::vector<typename M::State> init = model.initial_states();
  if (init.empty()) {
    out.error = "the model has no initial state";
    return out;
  }
  typename M::State state = init.front();
  typename M::State before = state;
  std::vector<typename M::Action> actions;
  for (size_t step = 0; step < labels.size(); ++step) {
    actions.clear();
    model.actions(state, actions);
    bool taken = false;
    for (const auto& a : actions) {
      if (model.action_label(state, a) != labels[step]) continue;
      auto next = model.next_state(state, a);
      if (!next) continue;
      before = state;
      state = std::move(*next);
      taken = true;
      break;
    }
    if (!taken) {
      out.failed_step = step + 1;
      out.error = "step " + std::to_string(step + 1) + ": '" + labels[step] + "' is not enabled";
      for (const auto& a : actions)
        if (model.next_state(state, a)) out.enabled.push_back(model.action_label(state, a));
      return out;
    }
    out.steps = step + 1;
  }
  const auto& props = model.properties();
  for (const auto& p : props.invariants)
    if (!p.holds(state)) out.violated.push_back(p.name);
  if (!labels.empty())
    for (const auto& p : props.steps)
      if (!p.holds(before, state)) out.violated.push_back(p.name);
  for (const auto& g : props.goals)
    if (g.reached(state)) out.goals_reached.push_back(g.name);
  out.ok = true;
  return out;
}

}  // namespace faultline
