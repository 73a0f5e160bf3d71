// Rebuilding traces by replay: from an initial-state index and a list of action indices, run
// the model again and render each step (label, full state, and chart events). A path that
// cannot be replayed (index out of range, disabled action, wrong final fingerprint) means the
// model's enumeration is not deterministic, and is reported as such. The run's limits still
// apply (RunGuard): a trace too long to rebuild in time or memory stops with RunStopped.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "core/run_guard.hpp"
#include "engine/explore_outcome.hpp"
#include "engine/kernel.hpp"
#include "store/fingerprint.hpp"
#include "trace/chart_hooks.hpp"

namespace faultline {

template <Model M>
struct Replayed {
  Trace trace;
  std::vector<typename M::State> states;  // states[0] initial, states[i] after step i
  std::string error;                      // non-empty: replay diverged, says where
};

template <Model M>
FieldList describe_state(const M& model, const typename M::State& s) {
  FieldList fields;
  FieldWriter w(fields);
  model.describe(s, w);
  return fields;
}


// Replays `path` as the engine explored it. With `as_explored`, every state passes through
// encode/decode as it does in the engine's frontier (needed when encode canonicalizes).
// `guard` (optional) is polled each step: a limit passed or Ctrl-C throws RunStopped.
template <Model M>
Replayed<M> replay_path(const M& model, const RawPath& path, bool as_explored = false,
                        RunGuard* guard = nullptr) {
  Replayed<M> out;
  Kernel<M> kernel(model);
  std::vector<typename M::State> init = model.initial_states();
  if (path.initial_index >= init.size()) {
    out.error = "initial state " + std::to_string(path.initial_index) + " no longer exists (" +
                std::to_string(init.size()) + " initial states)";
    return out;
  }
  out.states.push_back(as_explored ? kernel.as_stored(init[path.initial_index])
                                   : init[path.initial_index]);
  out.trace.initial = describe_state(model, out.states.back());
  out.trace.lanes = chart_lanes(model);
  std::vector<typename M::Action> actions;
  for (size_t step = 0; step < path.actions.size(); ++step) {
    if (guard) guard->poll();
    const auto& s = out.states.back();
    const uint32_t k = path.actions[step];
    std::optional<typename M::State> next = kernel.successor_by_index(s, k, actions);
    if (!next) {
      out.error = "step " + std::to_string(step + 1) + ": action #" + std::to_string(k) +
                  " is not enabled on replay (" + std::to_string(actions.size()) +
                  " actions enumerated)";
      return out;
    }
    if (as_explored) next = kernel.as_stored(*next);
    std::string label = model.action_label(s, actions[k]);
    auto events = chart_events(model, s, actions[k], *next, label);
    out.trace.steps.push_back({std::move(label), describe_state(model, *next), std::move(events)});
    out.states.push_back(std::move(*next));
  }
  if (kernel.fingerprint_of(out.states.back()) != path.final_fp)
    out.error = "the replayed trace ends in a different state than the one explored";
  return out;
}

}  // namespace faultline
