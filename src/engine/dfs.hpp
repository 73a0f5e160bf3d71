// Depth-first exploration with an explicit stack (no recursion), single-threaded.
//
// The stack holds one frame per state on the current path (the state, its enabled actions,
// the next one to try), so its memory grows with the depth, not with the number of states;
// the visited set (dfs_visited.hpp) holds every state seen. Invariants and goals are checked
// when a state is first stored, step properties on every transition, deadlocks when a state
// turns out to have no successor. The first finding stops the search and its trace is the
// current stack: a valid counterexample, but not necessarily a shortest one.
//
// Without a finding the distinct-state count equals BFS's (the same states are reachable);
// under a depth bound the visited set keeps each state's smallest depth and explores a state
// again when it is met shallower, so the states within the bound are the same as BFS's too.
// One worker only, so the result is deterministic. Successors, fingerprints, property checks,
// coverage and determinism sampling come from the shared kernel (kernel.hpp).
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/coverage.hpp"
#include "engine/explore_common.hpp"
#include "engine/explore_outcome.hpp"
#include "engine/kernel.hpp"
#include "engine/monitor.hpp"
#include "engine/store_concepts.hpp"
#include "engine/resources.hpp"
#include "store/dfs_visited.hpp"
#include "store/fingerprint.hpp"
#include "store/link.hpp"

namespace faultline {

template <Model M, VisitedSet Visited>
class DfsExplorer {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  DfsExplorer(const M& model, const CheckOptions& options)
      : model_(model), options_(options), kernel_(model, options.coverage), visited_(options) {
    const auto& props = model_.properties();
    goals_.resize(props.goals.size());
    witness_ = witness_goal_index(props, options_);
  }

  ExploreOutcome run() {
    Monitor monitor(options_, live_);
    ExploreOutcome out;
    explore(out);
    CheckResult& r = out.result;
    set_search_stats(r.stats, monitor.elapsed_s(), 1, distinct_, generated_, max_depth_seen_);
    visited_.add_stats(r.stats);
    r.stats.strategy = SearchStrategy::Dfs;
    r.goals = goal_statuses(model_.properties(), goals_);
    if (options_.coverage) r.coverage = kernel_.kinds().counts(model_);
    return out;
  }

 private:
  struct Frame {
    State state;
    uint32_t via;  // initial-state index (bottom frame) or action index from the frame below
    uint64_t fp;
    std::vector<Action> actions;
    size_t next = 0;
    bool any_successor = false;
  };

  void explore(ExploreOutcome& out) {
    std::vector<State> init = model_.initial_states();
    for (size_t i = 0; i < init.size(); ++i) {
      ++generated_;
      if (visit(out, init[i], static_cast<uint32_t>(i), 0)) return;
      if (!stack_.empty() && search(out)) return;
    }
    out.result.verdict = witness_        ? Verdict::GoalUnreachable
                         : cut_by_bound_ ? Verdict::HoldsUpToDepth
                                         : Verdict::Holds;
    if (cut_by_bound_)
      out.result.stop_reason = "depth bound " + std::to_string(*options_.max_depth) +
                               " reached; deeper states unexplored";
  }

  // Runs the stack down to empty; true when the search stopped (finding or limit).
  bool search(ExploreOutcome& out) {
    while (!stack_.empty()) {
      if ((++ticks_ & 1023) == 0) {
        live_.distinct.store(distinct_, std::memory_order_relaxed);
        live_.generated.store(generated_, std::memory_order_relaxed);
        live_.depth.store(max_depth_seen_, std::memory_order_relaxed);
        live_.frontier.store(stack_.size(), std::memory_order_relaxed);
        if (live_.stopping()) return stop(out);
      }
      Frame& f = stack_.back();
      if (f.next == f.actions.size()) {
        if (!f.any_successor && options_.check_deadlock) {
          finish(out, TargetKind::Deadlock, 0, std::nullopt, f.fp);
          out.result.verdict = Verdict::Deadlock;
          return true;
        }
        stack_.pop_back();
        continue;
      }
      uint32_t k = static_cast<uint32_t>(f.next++);
      std::optional<State> succ = kernel_.successor(f.state, f.actions[k]);
      if (!succ) continue;
      f.any_successor = true;
      ++generated_;
      if (auto p = kernel_.failing_step(f.state, *succ)) {
        finish(out, TargetKind::Step, *p, k, kernel_.fingerprint_of(*succ));
        out.result.verdict = Verdict::Violation;
        return true;
      }
      // Frame references die when visit() pushes; nothing below uses f.
      if (visit(out, *succ, k, static_cast<uint32_t>(stack_.size()))) return true;
    }
    return false;
  }

  // A state reached at `depth` (via initial index or action `via`): stores it, checks it,
  // and pushes it when it is to be expanded. True when the search must stop.
  bool visit(ExploreOutcome& out, const State& s, uint32_t via, uint32_t depth) {
    const uint64_t fp = kernel_.fingerprint_of(s);
    DfsVisit v = visited_.insert(fp, kernel_.last_encoding(), depth);
    if (v == DfsVisit::Old) return false;
    if (v == DfsVisit::New) {
      if (options_.max_states && distinct_ >= *options_.max_states) {
        live_.request_stop(StopCause::StateLimit);
        return stop(out);
      }
      ++distinct_;
      max_depth_seen_ = std::max(max_depth_seen_, depth);
      if (check_new_state(out, s, via, fp, depth)) return true;
      if (Kernel<M>::sampled(fp) && !kernel_.enumerates_deterministically(s)) {
        out.result.verdict = Verdict::Nondeterministic;
        out.result.stop_reason =
            nondeterminism_reason("enumerating the same state twice gave different successors");
        return true;
      }
    } else {  // met again, shallower: goals reached here were reached earlier than recorded
      for (size_t g = 0; g < goals_.size(); ++g)
        if (goals_[g].reached && goals_[g].depth > depth && kernel_.reaches_goal(s, g))
          goals_[g].depth = depth;
    }
    if (options_.max_depth && depth >= *options_.max_depth) {
      cut_by_bound_ = true;
      return false;
    }
    // Expanded as stored, decode(encode(s)), as BFS does: for a symmetry-reduced model that is
    // the canonical representative, and the trace's action indices refer to its actions.
    Frame frame{kernel_.decode_last(), via, fp, {}, 0, false};
    kernel_.enabled(frame.state, frame.actions);
    stack_.push_back(std::move(frame));
    return false;
  }

  // Invariants and goals on a newly stored state; true when it ends the search.
  bool check_new_state(ExploreOutcome& out, const State& s, uint32_t via, uint64_t fp,
                       uint32_t depth) {
    if (auto p = kernel_.failing_invariant(s)) {
      finish(out, TargetKind::Invariant, *p, via, fp);
      out.result.verdict = Verdict::Violation;
      return true;
    }
    for (size_t g = 0; g < goals_.size(); ++g) {
      if (goals_[g].reached || !kernel_.reaches_goal(s, g)) continue;
      goals_[g] = {true, depth};
      if (witness_ && *witness_ == g) {
        finish(out, TargetKind::Goal, g, via, fp);
        out.result.verdict = Verdict::GoalReached;
        return true;
      }
    }
    return false;
  }

  // The path to the state on top of the stack, then `last` (an action from it, or for a
  // state not pushed its initial index / action), ending in the state with fingerprint fp.
  void finish(ExploreOutcome& out, TargetKind kind, size_t property, std::optional<uint32_t> last,
              uint64_t final_fp) {
    RawPath path;
    path.final_fp = final_fp;
    for (const Frame& f : stack_) path.actions.push_back(f.via);
    if (last) path.actions.push_back(*last);
    path.initial_index = path.actions.front();
    path.actions.erase(path.actions.begin());
    out.path = std::move(path);
    out.target = kind;
    out.property_index = property;
  }

  bool stop(ExploreOutcome& out) {
    auto cause = static_cast<StopCause>(live_.stop.load());
    out.result.verdict =
        cause == StopCause::Interrupt ? Verdict::Interrupted : Verdict::LimitReached;
    out.result.stop_reason = stop_cause_text(cause, options_);
    out.result.stats.frontier = stack_.size();
    return true;
  }

  const M& model_;
  const CheckOptions& options_;
  Kernel<M> kernel_;  // with options_.coverage: counts transitions per kind of action
  Visited visited_;
  LiveCounters live_;
  std::vector<Frame> stack_;
  std::vector<GoalProgress> goals_;
  std::optional<size_t> witness_;
  uint64_t distinct_ = 0;
  uint64_t generated_ = 0;
  uint64_t ticks_ = 0;
  uint32_t max_depth_seen_ = 0;
  bool cut_by_bound_ = false;
};

}  // namespace faultline
