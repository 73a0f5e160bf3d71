// The expansion kernel that every engine and every replay shares: a state's enabled actions
// and the successors they lead to (an action that leads nowhere is no transition), each
// successor's encoding and fingerprint, and the property checks, whose results come back as
// data (the index of the first failing property, or every failure with its explanation).
// Breadth-first (bfs.hpp), depth-first (dfs.hpp), random walks (simulate.hpp), graph export
// (state_graph.hpp), trace replay (trace/replay.hpp), label replay (trace/label_replay.hpp)
// and the mapping back from symmetry classes (trace/unreduce.hpp) call it rather than the
// model's actions()/next_state()/encode() directly.
//
// Two observers ride on it, so every engine has them:
//  - coverage: with `coverage`, each transition taken is counted by kind of action
//    (coverage.hpp); an engine keeps one kernel per worker and adds their counters up, so the
//    totals do not depend on the number of workers;
//  - determinism sampling: for a fixed sample of states (chosen by fingerprint, so the same
//    whatever the order of exploration or the number of workers) the successors are
//    enumerated twice and compared, which shows hidden mutable state or unordered iteration
//    in a model even when no trace is ever replayed.
// Limits and stop handling are the third observer every engine polls: LiveCounters and the
// Monitor thread (monitor.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/coverage.hpp"
#include "store/fingerprint.hpp"

namespace faultline {

// The reason of every "not deterministic" verdict, whichever engine or replay found it.
inline std::string nondeterminism_reason(const std::string& why) {
  return "the model's action enumeration or next-state function is not deterministic: " + why;
}

template <Model M>
class Kernel {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  explicit Kernel(const M& model, bool coverage = false) : model_(&model), coverage_(coverage) {}

  const M& model() const { return *model_; }

  // The actions enabled in s, in the model's order (out is cleared first).
  void enabled(const State& s, std::vector<Action>& out) const {
    out.clear();
    model_->actions(s, out);
  }

  // The successor of s by a, or nothing when a leads nowhere; a transition is counted for
  // coverage.
  std::optional<State> successor(const State& s, const Action& a) {
    std::optional<State> next = model_->next_state(s, a);
    if (coverage_ && next) kinds_.count(*model_, s, a);
    return next;
  }

  // f(k, action, successor) for every transition from s, in action order (k: the action's
  // index among the enabled ones, as traces record it). `actions` is scratch space.
  template <class F>
  void for_each_successor(const State& s, std::vector<Action>& actions, F&& f) {
    enabled(s, actions);
    for (uint32_t k = 0; k < actions.size(); ++k)
      if (std::optional<State> next = successor(s, actions[k])) f(k, actions[k], std::move(*next));
  }

  // The successor by the k-th enabled action (a replayed step); nothing when there is no k-th
  // action or it leads nowhere.
  std::optional<State> successor_by_index(const State& s, uint32_t k,
                                          std::vector<Action>& actions) {
    enabled(s, actions);
    if (k >= actions.size()) return std::nullopt;
    return successor(s, actions[k]);
  }

  // Appends s's encoding to sink and returns the fingerprint of those bytes.
  uint64_t encode(const State& s, ByteSink& sink) const {
    const size_t start = sink.size();
    model_->encode(s, sink);
    return fingerprint(sink.view().substr(start));
  }
  // s's fingerprint (its encoding in the kernel's own buffer, kept until the next call).
  uint64_t fingerprint_of(const State& s) {
    sink_.clear();
    return encode(s, sink_);
  }
  std::string_view last_encoding() const { return sink_.view(); }

  // The state an engine expands after storing s: decode(encode(s)) (for a symmetry-reduced
  // model, the canonical representative of s's class). decode_last() decodes the encoding that
  // fingerprint_of() made last.
  State as_stored(const State& s) {
    fingerprint_of(s);
    return decode_last();
  }
  State decode_last() const {
    ByteSource src(sink_.view());
    return model_->decode(src);
  }

  // The first invariant s violates, or the first step property (before, after) violates.
  std::optional<size_t> failing_invariant(const State& s) const {
    const auto& inv = model_->properties().invariants;
    for (size_t p = 0; p < inv.size(); ++p)
      if (!inv[p].holds(s)) return p;
    return std::nullopt;
  }
  std::optional<size_t> failing_step(const State& before, const State& after) const {
    const auto& steps = model_->properties().steps;
    for (size_t p = 0; p < steps.size(); ++p)
      if (!steps[p].holds(before, after)) return p;
    return std::nullopt;
  }
  bool step_fails(const State& before, const State& after, size_t p) const {
    return !model_->properties().steps[p].holds(before, after);
  }
  size_t goal_count() const { return model_->properties().goals.size(); }
  bool reaches_goal(const State& s, size_t g) const {
    return model_->properties().goals[g].reached(s);
  }
  // Every invariant s violates, and every step property a transition violates, each with its
  // explanation.
  std::vector<ReplayFailure> invariant_failures(const State& s) const {
    std::vector<ReplayFailure> out;
    for (const auto& p : model_->properties().invariants)
      if (!p.holds(s)) out.push_back({p.name, "invariant", p.explain ? p.explain(s) : ""});
    return out;
  }
  std::vector<ReplayFailure> step_failures(const State& before, const State& after) const {
    std::vector<ReplayFailure> out;
    for (const auto& p : model_->properties().steps)
      if (!p.holds(before, after))
        out.push_back({p.name, "step", p.explain ? p.explain(before, after) : ""});
    return out;
  }

  // Determinism sampling: whether the state with fingerprint fp is in the sample (about one
  // in 1024; the fingerprint's top bits, which no store indexes by), and whether s's successors
  // come out the same when enumerated twice. Not counted for coverage; last_encoding() is kept.
  static bool sampled(uint64_t fp) { return (fp >> 54) == 0x155; }
  bool enumerates_deterministically(const State& s) {
    return successor_fingerprints(s) == successor_fingerprints(s);
  }

  // Transitions counted so far, by kind of action (with `coverage`).
  const KindCounter<M>& kinds() const { return kinds_; }

 private:
  std::vector<uint64_t> successor_fingerprints(const State& s) {
    std::vector<Action> actions;
    model_->actions(s, actions);
    std::vector<uint64_t> fps;
    ByteSink sink;  // not sink_, whose encoding the caller may still decode
    for (const Action& a : actions) {
      std::optional<State> next = model_->next_state(s, a);
      sink.clear();
      fps.push_back(next ? encode(*next, sink) : 0);
    }
    return fps;
  }

  const M* model_;
  bool coverage_;
  KindCounter<M> kinds_;
  ByteSink sink_;
};

}  // namespace faultline
