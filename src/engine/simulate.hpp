// Random simulation: N walks from an initial state, each up to D steps, choosing uniformly
// among the enabled actions, checking invariants, step properties, goals (and deadlocks when
// asked) along the way. Walk r draws from a PRNG seeded with (seed, r) alone, so every walk is
// the same whatever the worker count. Walks run in parallel in blocks; after each block the
// results are merged in walk order and the lowest-numbered walk with a finding is reported,
// so the verdict, the trace and every count are deterministic. Nothing is stored between
// walks except the fingerprints of the states seen (for the distinct-state count).
#pragma once
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/explore_common.hpp"
#include "engine/explore_outcome.hpp"
#include "engine/monitor.hpp"
#include "engine/resources.hpp"
#include "store/fingerprint.hpp"
#include "store/fingerprint_table.hpp"

namespace faultline {

// SplitMix64: a small PRNG with a fixed, platform-independent sequence.
class SplitMix64 {
 public:
  SplitMix64(uint64_t seed, uint64_t stream) : x_(seed ^ (stream * 0xD1B54A32D192ED03ULL)) {
    next();
  }
  uint64_t next() {
    uint64_t z = (x_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-40 for our n).
  size_t below(size_t n) { return static_cast<size_t>((static_cast<Uint128>(next()) * n) >> 64); }

 private:
  uint64_t x_;
};

template <Model M>
class Simulator {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  Simulator(const M& model, const CheckOptions& options, const SimulateOptions& sim)
      : model_(model), options_(options), sim_(sim), init_(model.initial_states()) {}

  ExploreOutcome run() {
    Monitor monitor(options_, live_);
    ExploreOutcome out;
    const auto& props = model_.properties();
    goals_.assign(props.goals.size(), {});
    SimulationStats stats;
    stats.options = sim_;
    unsigned workers = run_with_workers(options_.workers, [&] { simulate(out, stats); });
    CheckResult& r = out.result;
    r.simulation = stats;
    r.stats.wall_s = monitor.elapsed_s();
    r.stats.workers = workers;
    r.stats.distinct_states = seen_.size();
    r.stats.generated_states = stats.steps + stats.runs;
    r.stats.depth = deepest_;
    r.stats.states_per_s = r.stats.wall_s > 0 ? stats.steps / r.stats.wall_s : 0;
    r.stats.peak_rss_bytes = peak_rss_bytes();
    r.stats.collision_probability = fingerprint_collision_probability(seen_.size());
    r.goals = goal_statuses(props, goals_);
    return out;
  }

 private:
  // One walk's outcome.
  struct Walk {
    RawPath path;                      // the walk (initial index and action indices)
    std::vector<uint64_t> fps;         // fingerprints of its states
    std::vector<int64_t> goal_depths;  // first step reaching each goal, -1 if none
    std::optional<TargetKind> finding;
    size_t property = 0;
  };
  struct Scratch {
    std::vector<Action> actions;
    std::vector<uint32_t> order;
    ByteSink sink;
  };

  void simulate(ExploreOutcome& out, SimulationStats& stats) {
    tbb::enumerable_thread_specific<Scratch> scratch;
    const uint64_t block = 256;
    std::vector<Walk> walks;
    for (uint64_t first = 0; first < sim_.runs; first += block) {
      if (live_.stopping()) return stop(out);
      uint64_t count = std::min(block, sim_.runs - first);
      walks.assign(count, Walk{});
      tbb::parallel_for(uint64_t{0}, count, [&](uint64_t i) {
        if (!live_.stopping()) walk(first + i, walks[i], scratch.local());
      });
      if (live_.stopping()) return stop(out);
      for (uint64_t i = 0; i < count; ++i) {
        Walk& w = walks[i];
        merge(w, stats);
        if (!w.finding) continue;
        stats.violating_run = first + i;
        out.path = std::move(w.path);
        out.target = *w.finding;
        out.property_index = w.property;
        out.result.verdict =
            *w.finding == TargetKind::Deadlock ? Verdict::Deadlock : Verdict::Violation;
        return;
      }
    }
    out.result.verdict = Verdict::Holds;
  }

  void merge(const Walk& w, SimulationStats& stats) {
    ++stats.runs;
    stats.steps += w.path.actions.size();
    deepest_ = std::max<uint32_t>(deepest_, static_cast<uint32_t>(w.path.actions.size()));
    for (uint64_t fp : w.fps) seen_.insert_growing(fp);
    for (size_t g = 0; g < goals_.size(); ++g) {
      if (w.goal_depths[g] < 0) continue;
      auto d = static_cast<uint32_t>(w.goal_depths[g]);
      if (!goals_[g].reached || d < goals_[g].depth) goals_[g] = {true, d};
    }
    live_.distinct.store(seen_.size(), std::memory_order_relaxed);
    live_.generated.store(stats.steps, std::memory_order_relaxed);
  }

  // Walk number `run`; stops at its first finding.
  void walk(uint64_t run, Walk& w, Scratch& s) {
    const auto& props = model_.properties();
    SplitMix64 rng(sim_.seed, run);
    w.goal_depths.assign(props.goals.size(), -1);
    if (init_.empty()) return;
    w.path.initial_index = static_cast<uint32_t>(rng.below(init_.size()));
    State state = init_[w.path.initial_index];
    auto record = [&](const State& st, uint32_t step) {
      s.sink.clear();
      model_.encode(st, s.sink);
      w.path.final_fp = fingerprint(s.sink.view());
      w.fps.push_back(w.path.final_fp);
      for (size_t p = 0; p < props.invariants.size(); ++p) {
        if (props.invariants[p].holds(st)) continue;
        w.finding = TargetKind::Invariant;
        w.property = p;
        return false;
      }
      for (size_t g = 0; g < props.goals.size(); ++g)
        if (w.goal_depths[g] < 0 && props.goals[g].reached(st)) w.goal_depths[g] = step;
      return true;
    };
    if (!record(state, 0)) return;
    for (uint32_t step = 1; step <= sim_.depth; ++step) {
      s.actions.clear();
      model_.actions(state, s.actions);
      // Uniform among the enabled actions: try them in a random order (a lazy shuffle).
      s.order.resize(s.actions.size());
      for (uint32_t k = 0; k < s.order.size(); ++k) s.order[k] = k;
      std::optional<State> next;
      uint32_t chosen = 0;
      for (size_t left = s.order.size(); left > 0 && !next; --left) {
        size_t j = rng.below(left);
        chosen = s.order[j];
        std::swap(s.order[j], s.order[left - 1]);
        next = model_.next_state(state, s.actions[chosen]);
      }
      if (!next) {
        if (options_.check_deadlock) w.finding = TargetKind::Deadlock;
        return;
      }
      w.path.actions.push_back(chosen);
      for (size_t p = 0; p < props.steps.size(); ++p) {
        if (props.steps[p].holds(state, *next)) continue;
        record(*next, step);           // its fingerprint ends the path (and it counts as seen)
        w.finding = TargetKind::Step;  // reported even if an invariant fails there too
        w.property = p;
        return;
      }
      state = std::move(*next);
      if (!record(state, step)) return;
    }
  }

  void stop(ExploreOutcome& out) {
    auto cause = static_cast<StopCause>(live_.stop.load());
    out.result.verdict =
        cause == StopCause::Interrupt ? Verdict::Interrupted : Verdict::LimitReached;
    out.result.stop_reason = stop_cause_text(cause, options_);
  }

  const M& model_;
  const CheckOptions& options_;
  SimulateOptions sim_;
  std::vector<State> init_;
  LiveCounters live_;
  FingerprintTable seen_;
  std::vector<GoalProgress> goals_;
  uint32_t deepest_ = 0;
};

}  // namespace faultline
