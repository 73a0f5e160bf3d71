// One check of a typed model: explore (or simulate), then rebuild the counterexample or
// witness by replay and confirm that the property really fails (or the goal is really
// reached) at its end. The run's limits apply to the rebuilding too (RunGuard).
// With options.symmetry the model is explored through Symmetric<M> (interchangeable nodes and
// shifted counters, whatever M declares) and the trace is mapped back to a real run of M
// before it is confirmed.
#pragma once
#include <algorithm>
#include <stdexcept>

#include "core/check_types.hpp"
#include "core/errors.hpp"
#include "core/interval.hpp"
#include "core/model.hpp"
#include "core/process_memory.hpp"
#include "core/run_guard.hpp"
#include "core/symmetry.hpp"
#include "engine/kernel.hpp"
#include "engine/search.hpp"
#include "engine/simulate.hpp"
#include "engine/symmetric_model.hpp"
#include "trace/replay.hpp"
#include "trace/unreduce.hpp"

namespace faultline {

// Turns a replayed path into the result's finding, after confirming on the replayed states
// that the target really fails (is reached); otherwise the model is nondeterministic.
template <Model M>
void confirm_finding(const M& model, Replayed<M> replay, const ExploreOutcome& out,
                     CheckResult& result) {
  auto nondeterministic = [&](const std::string& why) {
    result.verdict = Verdict::Nondeterministic;
    result.stop_reason = nondeterminism_reason(why);
    result.finding.reset();
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
    case TargetKind::Deadlock: {
      // Enabled actions that lead nowhere (a delivery that changes nothing, under the actor
      // layer's NoStep rule) are not steps: say so rather than "no action is enabled".
      std::vector<typename M::Action> enabled;
      Kernel<M>(model).enabled(last, enabled);
      std::string reason = "no action is enabled in the last state";
      if (!enabled.empty())
        reason = "no action leads anywhere from the last state: its " +
                 std::to_string(enabled.size()) + " enabled action" +
                 (enabled.size() == 1 ? "" : "s") + " (e.g. '" +
                 model.action_label(last, enabled.front()) + "') " +
                 (enabled.size() == 1 ? "changes" : "change") + " nothing";
      f = {"deadlock", "deadlock", "a reachable state has no enabled action", std::move(reason),
           std::move(f.trace)};
      break;
    }
    case TargetKind::Goal: {
      const auto& g = props.goals[out.property_index];
      if (!g.reached(last)) return nondeterministic("goal " + g.name + " not reached on replay");
      f = {g.name, "goal", g.description, "the last state reaches the goal", std::move(f.trace)};
      break;
    }
  }
  result.finding = std::move(f);
}

// The finding the search reported, named but without its trace: a limit or Ctrl-C (`why`)
// stopped the replay that rebuilds it.
template <Model M>
Finding unrebuilt_finding(const M& model, const ExploreOutcome& out, const std::string& why) {
  const auto& props = model.properties();
  Finding f;
  auto name = [&](const auto& p, const char* kind) {
    f.property = p.name;
    f.kind = kind;
    f.description = p.description;
  };
  switch (out.target) {
    case TargetKind::Invariant: name(props.invariants[out.property_index], "invariant"); break;
    case TargetKind::Step: name(props.steps[out.property_index], "step"); break;
    case TargetKind::Goal: name(props.goals[out.property_index], "goal"); break;
    case TargetKind::Deadlock:
      f = {"deadlock", "deadlock", "a reachable state has no enabled action", "", {}};
      break;
  }
  f.trace_stopped = why;
  return f;
}

// Runs `rebuild` (the replay of the finding's path, then its confirmation) within the run's
// limits; when one is passed, the finding keeps its name and loses its trace. The peak
// memory then covers the rebuilding too.
template <Model M, class F>
void rebuild_within_limits(const M& model, const ExploreOutcome& out, const CheckOptions& options,
                           CheckResult& result, F&& rebuild) {
  RunGuard guard(options);
  try {
    rebuild(guard);
  } catch (const RunStopped& e) {
    result.finding = unrebuilt_finding(model, out, e.what());
  }
  result.stats.peak_rss_bytes = std::max(result.stats.peak_rss_bytes, peak_rss_bytes());
}

// The outcome of exploring `model` itself, with its path replayed into a confirmed finding.
template <Model M>
CheckResult with_confirmed_finding(const M& model, ExploreOutcome out,
                                   const CheckOptions& options) {
  CheckResult result = std::move(out.result);
  if (!out.path) return result;
  rebuild_within_limits(model, out, options, result, [&](RunGuard& guard) {
    confirm_finding(model, replay_path(model, *out.path, false, &guard), out, result);
  });
  return result;
}

// Throws SpecError when the model's state space is infinite as configured (a counter it
// declares unbounded, such as time with no horizon) and neither symmetry (which shifts the
// counter, leaving finitely many classes) nor a depth bound makes the search finite.
template <Model M>
void check_finite(const M& model, const CheckOptions& options) {
  if constexpr (IntervalSymmetricModel<M>) {
    if (options.symmetry || options.max_depth) return;
    for (const IntervalDecl& d : model.intervals())
      if (!d.unbounded.empty())
        throw SpecError(d.unbounded +
                        ": the state space is infinite without engine.symmetry = on "
                        "(which shifts " +
                        d.name +
                        ", leaving finitely many classes) or a "
                        "bounds.max_depth");
  }
}

// Engine options are validated against the model once, before the run, where the spec is read
// (ModelRunner::symmetry() and progress_measure() say what the model declares); reaching here
// with one the model cannot honour is a caller's error.
inline constexpr const char* kNoSymmetry =
    "check_model: options.symmetry is on, but the model declares no symmetry here";

template <Model M>
CheckResult check_model(const M& model, const CheckOptions& options) {
  check_finite(model, options);
  if (options.symmetry) {
    if constexpr (ReducibleModel<M>) {
      const Symmetric<M> sym(model, options.symmetry_signatures);
      if (sym.description().empty()) throw std::invalid_argument(kNoSymmetry);
      ExploreOutcome out = search(sym, options);
      CheckResult result = std::move(out.result);
      result.stats.symmetry = sym.description();
      if (!out.path) return result;
      rebuild_within_limits(model, out, options, result, [&](RunGuard& guard) {
        Replayed<Symmetric<M>> reduced = replay_path(sym, *out.path, /*as_explored=*/true, &guard);
        Replayed<M> real;
        if (reduced.error.empty())
          real = unreduce(sym, reduced.states, out.target, out.property_index, &guard);
        else
          real.error = reduced.error;
        confirm_finding(model, std::move(real), out, result);
      });
      return result;
    } else {
      throw std::invalid_argument(kNoSymmetry);
    }
  }
  return with_confirmed_finding(model, search(model, options), options);
}

// Random walks over the model itself (symmetry reduction does not apply).
template <Model M>
CheckResult simulate_model(const M& model, const CheckOptions& options,
                           const SimulateOptions& sim) {
  return with_confirmed_finding(model, Simulator<M>(model, options, sim).run(), options);
}

}  // namespace faultline

// The engine compiled once per model type. Every .cpp that checks M compiles the whole engine
// for M again unless it sees FAULTLINE_EXTERN_ENGINE(M) (in a header it includes), and exactly
// one .cpp of the program says FAULTLINE_INSTANTIATE_ENGINE(M). Both go at global scope.
#define FAULTLINE_EXTERN_ENGINE(M)                                                              \
  extern template ::faultline::CheckResult faultline::check_model<M>(                           \
      const M&, const ::faultline::CheckOptions&);                                              \
  extern template ::faultline::CheckResult faultline::simulate_model<M>(                        \
      const M&, const ::faultline::CheckOptions&, const ::faultline::SimulateOptions&);
#define FAULTLINE_INSTANTIATE_ENGINE(M)                                                         \
  template ::faultline::CheckResult faultline::check_model<M>(const M&,                         \
                                                              const ::faultline::CheckOptions&); \
  template ::faultline::CheckResult faultline::simulate_model<M>(                               \
      const M&, const ::faultline::CheckOptions&, const ::faultline::SimulateOptions&);
