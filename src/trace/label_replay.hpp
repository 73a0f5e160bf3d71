// Replaying a trace given as action labels (what faultline prints): at each step the action
// whose label matches is taken, and every invariant, step property and goal is evaluated on
// the way. Used to confirm that every printed counterexample is a real run of the model, and
// by `faultline replay` to check hand-written traces.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/kernel.hpp"
#include "trace/replay.hpp"

namespace faultline {

namespace label_replay_detail {

// Goals reached in `s` that are not yet in `reached`; adds them there.
template <class State>
std::vector<std::string> new_goals(const PropertySet<State>& props, const State& s,
                                   std::vector<std::string>& reached) {
  std::vector<std::string> out;
  for (const auto& g : props.goals) {
    if (!g.reached(s) || std::find(reached.begin(), reached.end(), g.name) != reached.end())
      continue;
    reached.push_back(g.name);
    out.push_back(g.name);
  }
  return out;
}

}  // namespace label_replay_detail

template <Model M>
LabelReplay replay_labels(const M& model, const std::vector<std::string>& labels) {
  using namespace label_replay_detail;
  LabelReplay out;
  std::vector<typename M::State> init = model.initial_states();
  if (init.empty()) {
    out.error = "the model has no initial state";
    return out;
  }
  const auto& props = model.properties();
  Kernel<M> kernel(model);
  typename M::State state = init.front();
  typename M::State before = state;
  std::vector<std::string> reached;
  out.initial = describe_state(model, state);
  out.initial_failures = kernel.invariant_failures(state);
  out.initial_goals = new_goals(props, state, reached);
  std::vector<typename M::Action> actions;
  for (size_t step = 0; step < labels.size(); ++step) {
    kernel.enabled(state, actions);
    bool taken = false;
    std::optional<typename M::State> chosen;
    std::string chosen_bytes;
    for (const auto& a : actions) {
      if (model.action_label(state, a) != labels[step]) continue;
      auto next = kernel.successor(state, a);
      if (!next) continue;
      ByteSink sink;
      kernel.encode(*next, sink);
      if (!chosen) {
        chosen = std::move(next);
        chosen_bytes = std::string(sink.view());
      } else if (sink.view() != chosen_bytes) {
        // Two steps with one label: the trace cannot say which one it means. (failed_step
        // stays 0: the step is enabled, the label is the problem.)
        out.error = "step " + std::to_string(step + 1) + ": '" + labels[step] +
                    "' names two different steps (the model's labels are ambiguous here)";
        return out;
      }
    }
    if (chosen) {
      before = state;
      state = std::move(*chosen);
      taken = true;
    }
    if (!taken) {
      out.failed_step = step + 1;
      out.failed_label = labels[step];
      out.error = "step " + std::to_string(step + 1) + ": '" + labels[step] + "' is not enabled";
      for (const auto& a : actions)
        if (kernel.successor(state, a)) out.enabled.push_back(model.action_label(state, a));
      return out;
    }
    ReplayedStep r{labels[step], describe_state(model, state), {}, {}};
    r.failures = kernel.invariant_failures(state);
    for (ReplayFailure& f : kernel.step_failures(before, state)) r.failures.push_back(std::move(f));
    r.first_reached = new_goals(props, state, reached);
    out.trace.push_back(std::move(r));
    out.steps = step + 1;
  }
  const std::vector<ReplayFailure>& last =
      out.trace.empty() ? out.initial_failures : out.trace.back().failures;
  for (const auto& f : last) out.violated.push_back(f.property);
  for (const auto& g : props.goals)
    if (g.reached(state)) out.goals_reached.push_back(g.name);
  out.ok = true;
  return out;
}

}  // namespace faultline
