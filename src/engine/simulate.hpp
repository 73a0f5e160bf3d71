// Random simulation: N walks from an initial state, each up to D steps, choosing uniformly
// among the enabled actions, checking invariants, step properties, goals (and deadlocks when
// asked) along the way. Walk r draws from a PRNG seeded with (seed, r) alone, so every walk is
// the same whatever the worker count. Walks run in parallel in blocks; after each block the
// results are merged in walk order and the lowest-numbered walk with a finding is reported,
// so the verdict, the trace and every count are deterministic.
//
// A walk keeps no path: the reported walk is run again (it is a function of seed and r) to
// record its actions for the trace. What a walk keeps is the fingerprints of its states (for
// the distinct-state count), deduplicated whenever the list has doubled, so its memory grows
// with the distinct states it meets, not with its length, and the resident total is what
// limits.memory_limit measures. Walks poll the stop flag (time and memory limits, Ctrl-C)
// every few hundred steps, so one endless walk stops as promptly as many short ones; a stopped
// run reports the steps its walks took so far (and a finding of a walk that finished, if it
// has one). A failed allocation stops the run as the memory limit does (exit 4, not an
// internal error). Without a stop, the results do not depend on any of this.
// Successors, fingerprints and property checks come from the shared kernel (kernel.hpp), and
// with it coverage (transitions taken, by kind of action, summed over the workers' kernels:
// every walk of a block runs, so the sums do not depend on the worker count) and determinism
// sampling (a sampled state whose successors differ when enumerated twice ends the run as a
// model error).
#pragma once
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"
#include "engine/explore_common.hpp"
#include "engine/explore_outcome.hpp"
#include "engine/kernel.hpp"
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

  // Steps between two looks at the stop flag within a walk (a power of two).
  static constexpr uint32_t kStopPollSteps = 256;
  // A walk's fingerprint list is first deduplicated at this length.
  static constexpr size_t kFirstDedup = 16384;

  Simulator(const M& model, const CheckOptions& options, const SimulateOptions& sim)
      : model_(model), options_(options), sim_(sim), init_(model.initial_states()) {}

  ExploreOutcome run() {
    live_.walks_total = sim_.runs;
    Monitor monitor(options_, live_);
    ExploreOutcome out;
    const auto& props = model_.properties();
    goals_.assign(props.goals.size(), {});
    SimulationStats stats;
    stats.options = sim_;
    tbb::enumerable_thread_specific<Scratch> scratch(
        [&] { return Scratch(model_, options_.coverage); });
    unsigned workers = run_with_workers(options_.workers, [&] {
      try {
        simulate(out, stats, scratch);
      } catch (const std::bad_alloc&) {  // merging, or recording the reported walk
        out_of_memory();
        stop(out);
      }
    });
    CheckResult& r = out.result;
    r.simulation = stats;
    r.stats.wall_s = monitor.elapsed_s();
    r.stats.workers = workers;
    const uint64_t distinct = seen_.size() + unfinished_distinct_;
    r.stats.distinct_states = distinct;
    r.stats.generated_states = stats.steps + started_;
    r.stats.depth = deepest_;
    r.stats.states_per_s = r.stats.wall_s > 0 ? stats.steps / r.stats.wall_s : 0;
    r.stats.peak_rss_bytes = peak_rss_bytes();
    r.stats.collision_probability = fingerprint_collision_probability(distinct);
    r.goals = goal_statuses(props, goals_);
    if (options_.coverage) {
      KindCounter<M> total;
      for (const Scratch& s : scratch) total.add(s.kernel.kinds());
      r.coverage = total.counts(model_);
    }
    return out;
  }

 private:
  // One walk's outcome.
  struct Walk {
    bool started = false;
    bool complete = false;  // ended by itself, not by a stop
    uint32_t initial_index = 0;
    uint32_t steps = 0;                // actions taken
    uint64_t final_fp = 0;             // fingerprint of its last state
    std::vector<uint64_t> fps;         // fingerprints of its states
    size_t dedup_at = kFirstDedup;     // fps is deduplicated when it reaches this length
    std::vector<int64_t> goal_depths;  // first step reaching each goal, -1 if none
    std::optional<TargetKind> finding;
    size_t property = 0;
    bool nondeterministic = false;  // a sampled state enumerated differently twice
  };
  struct Scratch {
    Scratch(const M& model, bool coverage) : kernel(model, coverage) {}
    Kernel<M> kernel;
    std::vector<Action> actions;
    std::vector<uint32_t> order;
  };

  void simulate(ExploreOutcome& out, SimulationStats& stats,
                tbb::enumerable_thread_specific<Scratch>& scratch) {
    const uint64_t block = 256;
    std::vector<Walk> walks;
    for (uint64_t first = 0; first < sim_.runs; first += block) {
      if (live_.stopping()) return stop(out);
      uint64_t count = std::min(block, sim_.runs - first);
      walks.assign(count, Walk{});
      tbb::parallel_for(uint64_t{0}, count, [&](uint64_t i) {
        if (live_.stopping()) return;
        try {
          walk(first + i, walks[i], scratch.local(), nullptr, /*poll_stop=*/true);
        } catch (const std::bad_alloc&) {
          std::vector<uint64_t>().swap(walks[i].fps);
          out_of_memory();
        }
      });
      // Every walk that started counts (a stop leaves some unfinished); the first finished
      // walk with a finding is reported. Without a stop every walk finishes, so that is the
      // lowest-numbered walk with a finding.
      std::vector<Walk*> unfinished;
      for (uint64_t i = 0; i < count; ++i) {
        Walk& w = walks[i];
        if (!w.started) continue;
        merge(w, stats);
        if (!w.complete) {
          unfinished.push_back(&w);
        } else if (w.nondeterministic) {
          count_unfinished(unfinished);
          out.result.verdict = Verdict::Nondeterministic;
          out.result.stop_reason = nondeterminism_reason(
              "random walk " + std::to_string(first + i) +
              " met a state whose successors differ when enumerated twice");
          return;
        } else if (w.finding) {
          count_unfinished(unfinished);
          return report(first + i, w, out, stats);
        }
      }
      if (live_.stopping()) {
        count_unfinished(unfinished);
        return stop(out);
      }
    }
    out.result.verdict = Verdict::Holds;
  }

  // Counts a walk; a finished one's fingerprints join seen_ (an unfinished one's are counted
  // by count_unfinished).
  void merge(Walk& w, SimulationStats& stats) {
    ++started_;
    stats.runs += w.complete;
    stats.steps += w.steps;
    deepest_ = std::max(deepest_, w.steps);
    for (size_t g = 0; g < goals_.size(); ++g) {
      if (w.goal_depths[g] < 0) continue;
      auto d = static_cast<uint32_t>(w.goal_depths[g]);
      if (!goals_[g].reached || d < goals_[g].depth) goals_[g] = {true, d};
    }
    live_.generated.store(stats.steps, std::memory_order_relaxed);
    live_.walks.store(started_, std::memory_order_relaxed);
    if (!w.complete) return;
    if (w.fps.size() < 1024) {
      for (uint64_t fp : w.fps) seen_.insert_growing(fp);
    } else {
      // A long list may be sorted, and keys inserted in order into a table that grows as they
      // come pile up in one cluster (8M took 18 s instead of 0.2): make room first.
      std::vector<size_t> room(seen_.segments());
      for (uint64_t fp : w.fps) ++room[FingerprintTable::segment_of(fp)];
      seen_.reserve_for(room);
      for (uint64_t fp : w.fps) seen_.insert(fp);
    }
    std::vector<uint64_t>().swap(w.fps);
    live_.distinct.store(seen_.size(), std::memory_order_relaxed);
  }

  // The distinct states of the walks a stop cut short that seen_ does not hold, counted
  // without adding them to it (the stop may be for memory): their lists sorted in place and
  // merged. There are at most as many such walks as workers.
  void count_unfinished(const std::vector<Walk*>& walks) {
    using Range = std::pair<const uint64_t*, const uint64_t*>;
    std::vector<Range> lists;
    for (Walk* w : walks) {
      std::sort(w->fps.begin(), w->fps.end());
      lists.push_back({w->fps.data(), w->fps.data() + w->fps.size()});
    }
    for (uint64_t last = 0;;) {  // fingerprints are never 0
      Range* min = nullptr;
      for (Range& l : lists)
        if (l.first != l.second && (!min || *l.first < *min->first)) min = &l;
      if (!min) break;
      const uint64_t fp = *min->first++;
      if (fp != last && !seen_.contains(fp)) ++unfinished_distinct_;
      last = fp;
    }
    for (Walk* w : walks) std::vector<uint64_t>().swap(w->fps);
  }

  // The finding of walk `run`: the walk is taken again, recording its actions. That takes no
  // longer than the walk did, so a stop that came while the walks ran does not lose the
  // finding; one that comes now does (a walk may be millions of steps long).
  void report(uint64_t run, const Walk& w, ExploreOutcome& out, SimulationStats& stats) {
    stats.violating_run = run;
    Walk again;
    Scratch s(model_, /*coverage=*/false);  // the walk was counted when it ran
    RawPath path;
    walk(run, again, s, &path, /*poll_stop=*/!live_.stopping());
    if (!again.complete)
      return stop(out, "; random walk " + std::to_string(run) + " found a " +
                           (*w.finding == TargetKind::Deadlock ? "deadlock" : "violation") +
                           " at step " + std::to_string(w.steps) +
                           ", but the run stopped while its trace was rebuilt");
    if (again.steps != w.steps || again.finding != w.finding || again.property != w.property ||
        again.final_fp != w.final_fp) {
      out.result.verdict = Verdict::Nondeterministic;
      out.result.stop_reason = nondeterminism_reason(
          "random walk " + std::to_string(run) + " took another course when run again");
      return;
    }
    out.path = std::move(path);
    out.target = *w.finding;
    out.property_index = w.property;
    out.result.verdict =
        *w.finding == TargetKind::Deadlock ? Verdict::Deadlock : Verdict::Violation;
  }

  // Walk number `run`. With `record`, its actions go there and no fingerprints are kept; with
  // poll_stop, a stop of the run (limit or Ctrl-C) ends it unfinished.
  void walk(uint64_t run, Walk& w, Scratch& s, RawPath* record, bool poll_stop) {
    w.started = true;
    w.complete = take_steps(run, w, s, record, poll_stop);
    if (record) {
      record->initial_index = w.initial_index;
      record->final_fp = w.final_fp;
    }
  }

  // The walk's steps; it ends at its first finding, at the depth bound or where no action is
  // enabled (true), or when the run is stopped (false).
  bool take_steps(uint64_t run, Walk& w, Scratch& s, RawPath* record, bool poll_stop) {
    const auto& props = model_.properties();
    SplitMix64 rng(sim_.seed, run);
    w.goal_depths.assign(props.goals.size(), -1);
    if (init_.empty()) return true;
    w.initial_index = static_cast<uint32_t>(rng.below(init_.size()));
    State state = init_[w.initial_index];
    auto check = [&](const State& st, uint32_t step) {
      w.final_fp = s.kernel.fingerprint_of(st);
      if (!record) keep(w, w.final_fp);
      if (auto p = s.kernel.failing_invariant(st)) {
        w.finding = TargetKind::Invariant;
        w.property = *p;
        return false;
      }
      for (size_t g = 0; g < props.goals.size(); ++g)
        if (w.goal_depths[g] < 0 && s.kernel.reaches_goal(st, g)) w.goal_depths[g] = step;
      if (Kernel<M>::sampled(w.final_fp) && !s.kernel.enumerates_deterministically(st)) {
        w.nondeterministic = true;
        return false;
      }
      return true;
    };
    if (!check(state, 0)) return true;
    for (uint32_t step = 1; step <= sim_.depth; ++step) {
      if (poll_stop && step % kStopPollSteps == 0 && live_.stopping()) return false;
      s.kernel.enabled(state, s.actions);
      // Uniform among the enabled actions: try them in a random order (a lazy shuffle).
      s.order.resize(s.actions.size());
      for (uint32_t k = 0; k < s.order.size(); ++k) s.order[k] = k;
      std::optional<State> next;
      uint32_t chosen = 0;
      for (size_t left = s.order.size(); left > 0 && !next; --left) {
        size_t j = rng.below(left);
        chosen = s.order[j];
        std::swap(s.order[j], s.order[left - 1]);
        next = s.kernel.successor(state, s.actions[chosen]);
      }
      if (!next) {
        if (options_.check_deadlock) w.finding = TargetKind::Deadlock;
        return true;
      }
      ++w.steps;
      if (record) record->actions.push_back(chosen);
      if (auto p = s.kernel.failing_step(state, *next)) {
        check(*next, step);            // its fingerprint ends the path (and it counts as seen)
        w.finding = TargetKind::Step;  // reported even if an invariant fails there too
        w.nondeterministic = false;
        w.property = *p;
        return true;
      }
      state = std::move(*next);
      if (!check(state, step)) return true;
    }
    return true;
  }

  // Keeps a fingerprint for the distinct-state count; duplicates go whenever the list has
  // doubled. (Leaving out those earlier blocks saw would cost a lookup per step.)
  void keep(Walk& w, uint64_t fp) {
    w.fps.push_back(fp);
    if (w.fps.size() < w.dedup_at) return;
    std::sort(w.fps.begin(), w.fps.end());
    w.fps.erase(std::unique(w.fps.begin(), w.fps.end()), w.fps.end());
    w.dedup_at = std::max(kFirstDedup, 2 * w.fps.size());
  }

  void out_of_memory() {
    out_of_memory_.store(true, std::memory_order_relaxed);
    live_.request_stop(StopCause::MemoryLimit);
  }

  void stop(ExploreOutcome& out, const std::string& note = "") {
    auto cause = static_cast<StopCause>(live_.stop.load());
    out.path.reset();
    out.result.verdict =
        cause == StopCause::Interrupt ? Verdict::Interrupted : Verdict::LimitReached;
    std::string& reason = out.result.stop_reason;
    if (cause != StopCause::MemoryLimit)
      reason = stop_cause_text(cause, options_);
    else if (out_of_memory_.load())
      reason = "out of memory (an allocation failed; limits.memory_limit stops a run earlier)";
    else
      reason = "memory limit of " + std::to_string(options_.memory_limit_bytes.value_or(0) >> 20) +
               " MiB reached (the walks keep the fingerprints of the distinct states they see: "
               "raise the limit, or run fewer or shorter walks)";
    reason += note;
  }

  const M& model_;
  const CheckOptions& options_;
  SimulateOptions sim_;
  std::vector<State> init_;
  LiveCounters live_;
  FingerprintTable seen_;
  std::vector<GoalProgress> goals_;
  uint64_t started_ = 0;              // walks merged, finished or not
  uint64_t unfinished_distinct_ = 0;  // states only walks cut short by a stop met
  uint32_t deepest_ = 0;
  std::atomic<bool> out_of_memory_{false};
};

}  // namespace faultline
